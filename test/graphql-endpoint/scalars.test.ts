// AppSync's AWS scalar rules (devguide/scalars.html and the observed cases cited in
// docs/appsync-js-runtime.md §8): what is accepted and what is refused.
import { describe, expect, it } from 'vitest';
import { Kind } from 'graphql';
import {
  AwsScalarInputError,
  AwsScalarOutputError,
  awsScalars,
  isAwsDate,
  isAwsDateTime,
  isAwsEmail,
  isAwsIpAddress,
  isAwsPhone,
  isAwsTime,
  isAwsUrl,
} from '../../local/graphql-endpoint/scalars.js';

const table = (accept: string[], reject: string[], check: (v: string) => boolean) => {
  for (const v of accept) expect(check(v), `accept ${v}`).toBe(true);
  for (const v of reject) expect(check(v), `reject ${v}`).toBe(false);
};

describe('AWS scalars', () => {
  it('AWSDate: YYYY-MM-DD with an optional offset, real calendar dates only', () => {
    table(['1970-01-01', '1970-01-01Z', '1970-01-01-07:00', '1970-01-01+05:30', '2024-02-29', '1970-01-01+05:30:10'], ['1970-1-01', '2023-02-29', '2026-13-01', '2026-01-32', '2026-01-01T00:00:00Z', '2026-01-01+0530', ''], isAwsDate);
  });

  it('AWSTime: hh:mm[:ss[.fraction of any length]] with an optional offset', () => {
    table(['12:30:00', '12:30', '12:30:00.1', '12:30:00.123456789', '23:59:59Z', '12:00:00-07:00'], ['24:00:00', '12:60:00', '1:00:00', '12:00:00+0700', 'noon'], isAwsTime);
  });

  it('AWSDateTime: offset compulsory; seconds and fraction optional; ±hh:mm:ss offsets accepted', () => {
    table(
      ['2019-11-27T03:10:52Z', '2020-01-01T00:00+00:00', '1970-01-01T12:00:00.123456789Z', '1970-01-01T12:00:00+05:30:15', '2026-01-02T03:04:05.000Z'],
      ['2020-01-01T00:00:00', '2020-01-01 00:00:00Z', '2020-01-01T00:00:00+0000', '2020-02-30T00:00:00Z', '2019-12-24T04:15:57.798'],
      isAwsDateTime,
    );
  });

  it('AWSEmail, AWSURL, AWSPhone, AWSIPAddress', () => {
    table(['a@b', 'first.last+tag@example.co.kr'], ['plain', '@example.com', 'a@', 'a b@example.com', 'a@@b'], isAwsEmail);
    table(['https://example.com/a?b=c', 'mailto:someone@example.com', 'http://127.0.0.1:8080/'], ['example.com', '//example.com', 'https://example.com/a//b', 'http://exa mple.com'], isAwsUrl);
    table(['+1 555 764 4377', '555-764-4377', '+82 10-1234-5678', '(555) 764-4377'], ['555--764', 'phone', '12', '+1 555 764 4377 ext 5'], isAwsPhone);
    table(['127.0.0.1', '127.0.0.1/8', '1a2b:3c4b::1234:4567', '::1/128'], ['256.0.0.1', '127.0.0.1/33', '[::1]', '1.2.3', '10.0.0.1/8/8'], isAwsIpAddress);
  });

  it('AWSJSON: input must be a JSON string and reaches resolvers parsed; output is always a JSON string', () => {
    const s = awsScalars.AWSJSON!;
    expect(s.parseValue('{"a":[1,2]}')).toEqual({ a: [1, 2] });
    expect(s.parseValue('"text"')).toBe('text');
    expect(() => s.parseValue({ a: 1 })).toThrow(AwsScalarInputError);
    expect(() => s.parseValue('{bad')).toThrow(AwsScalarInputError);
    expect(s.parseLiteral({ kind: Kind.STRING, value: '[1]' }, undefined)).toEqual([1]);
    expect(() => s.parseLiteral({ kind: Kind.OBJECT, fields: [] }, undefined)).toThrow(AwsScalarInputError);
    expect(s.serialize({ a: 1 })).toBe('{"a":1}');
    expect(s.serialize('{"a":1}')).toBe('{"a":1}');
  });

  it('AWSTimestamp: integer seconds, negative allowed, no strings or fractions as input', () => {
    const s = awsScalars.AWSTimestamp!;
    expect(s.parseValue(-123123)).toBe(-123123);
    expect(() => s.parseValue(1.5)).toThrow(AwsScalarInputError);
    expect(() => s.parseValue('1700000000')).toThrow(AwsScalarInputError);
    expect(s.parseLiteral({ kind: Kind.INT, value: '42' }, undefined)).toBe(42);
    expect(s.serialize(1700000000)).toBe(1700000000);
    expect(() => s.serialize('soon')).toThrow(AwsScalarOutputError);
  });

  it('refuses to serialize an invalid result rather than passing it through', () => {
    expect(() => awsScalars.AWSDateTime!.serialize('2026-01-01')).toThrow("Unable to serialize `2026-01-01` as a valid DateTime Object.");
    expect(() => awsScalars.AWSEmail!.serialize(42)).toThrow(AwsScalarOutputError);
  });
});

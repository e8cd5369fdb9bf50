// AppSync's AWS scalars with AppSync's acceptance rules (docs: devguide/scalars.html). graphql-scalars
// is deliberately not used: its rules differ from AppSync's (e.g. AWSDateTime without seconds, any
// fraction length and `±hh:mm:ss` offsets are accepted by AppSync).
import { GraphQLScalarType, Kind, type ValueNode, print } from 'graphql';
import { isIP } from 'node:net';

/**
 * AWSJSON arguments carry secrets (connectPlatformAccount's `credentials`): an error never quotes their
 * value, even malformed, where AppSync quotes other scalars' values.
 */
export function quotable(scalar: string): boolean {
  return scalar !== 'AWSJSON';
}

/** Thrown by parseValue / parseLiteral; the endpoint turns it into AppSync's wording. */
export class AwsScalarInputError extends Error {
  constructor(
    readonly scalar: string,
    readonly value: unknown,
  ) {
    super(`Unable to parse ${quotable(scalar) ? describe(value) : 'the value'} as a valid ${KIND_WORD[scalar] ?? scalar}.`);
    this.name = 'AwsScalarInputError';
  }
}

/** Thrown by serialize when a resolver returned a value the declared scalar does not accept. */
export class AwsScalarOutputError extends Error {
  constructor(
    readonly scalar: string,
    readonly value: unknown,
  ) {
    super(`Unable to serialize ${describe(value)} as a valid ${OUTPUT_WORD[scalar] ?? scalar}.`);
    this.name = 'AwsScalarOutputError';
  }
}

const KIND_WORD: Record<string, string> = {
  AWSDate: 'date',
  AWSTime: 'time',
  AWSDateTime: 'DateTime',
  AWSTimestamp: 'timestamp',
  AWSEmail: 'email address',
  AWSJSON: 'JSON',
  AWSURL: 'URL',
  AWSPhone: 'phone number',
  AWSIPAddress: 'IP address',
};
const OUTPUT_WORD: Record<string, string> = { ...KIND_WORD, AWSDate: 'Date Object', AWSDateTime: 'DateTime Object', AWSTime: 'Time Object' };

function describe(v: unknown): string {
  return '`' + (typeof v === 'string' ? v : JSON.stringify(v)) + '`';
}

const OFFSET = '(?:Z|[+-]\\d{2}:\\d{2}(?::\\d{2})?)';
const DATE = '(\\d{4})-(\\d{2})-(\\d{2})';
const TIME = '(\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.\\d+)?)?';
const DATE_RE = new RegExp(`^${DATE}${OFFSET}?$`);
const TIME_RE = new RegExp(`^${TIME}${OFFSET}?$`);
// AppSync requires the offset on AWSDateTime (docs: "The time zone offset is compulsory").
const DATETIME_RE = new RegExp(`^${DATE}T${TIME}${OFFSET}$`);

function validDate(y: string, m: string, d: string): boolean {
  const year = Number(y);
  const month = Number(m);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1) return false;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= days;
}
function validTime(h: string, mi: string, s: string | undefined): boolean {
  return Number(h) <= 23 && Number(mi) <= 59 && (s === undefined || Number(s) <= 59);
}

export function isAwsDate(v: string): boolean {
  const m = DATE_RE.exec(v);
  return !!m && validDate(m[1]!, m[2]!, m[3]!);
}
export function isAwsTime(v: string): boolean {
  const m = TIME_RE.exec(v);
  return !!m && validTime(m[1]!, m[2]!, m[3]);
}
export function isAwsDateTime(v: string): boolean {
  const m = DATETIME_RE.exec(v);
  return !!m && validDate(m[1]!, m[2]!, m[3]!) && validTime(m[4]!, m[5]!, m[6]);
}
// RFC 822 addr-spec, simplified to what AppSync's examples accept: one "@", non-empty local part and domain.
const EMAIL_RE = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/;
export function isAwsEmail(v: string): boolean {
  return v.length <= 320 && EMAIL_RE.test(v);
}
export function isAwsUrl(v: string): boolean {
  // RFC 1738: a scheme is required; AppSync rejects `//` inside the path part.
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):(.+)$/.exec(v);
  if (!m) return false;
  try {
    const u = new URL(v);
    if (/\s/.test(v)) return false;
    return !u.pathname.slice(1).includes('//');
  } catch {
    return false;
  }
}
export function isAwsPhone(v: string): boolean {
  // Digits with optional leading "+", groups separated by single spaces or hyphens, optional
  // parentheses around an area code; numbers without a country code are taken as NANP.
  if (!/^\+?[0-9() -]+$/.test(v)) return false;
  if (/[ -]{2}/.test(v)) return false;
  const digits = v.replace(/\D/g, '');
  return digits.length >= 7 && digits.length <= 15;
}
export function isAwsIpAddress(v: string): boolean {
  const [addr, cidr, ...rest] = v.split('/');
  if (rest.length || addr === undefined) return false;
  const family = isIP(addr);
  if (!family) return false;
  if (cidr === undefined) return true;
  if (!/^\d{1,3}$/.test(cidr)) return false;
  return Number(cidr) <= (family === 4 ? 32 : 128);
}

type Check = (v: string) => boolean;
function stringScalar(name: string, check: Check): GraphQLScalarType {
  return new GraphQLScalarType({
    name,
    serialize(v) {
      if (typeof v !== 'string' || !check(v)) throw new AwsScalarOutputError(name, v);
      return v;
    },
    parseValue(v) {
      if (typeof v !== 'string' || !check(v)) throw new AwsScalarInputError(name, v);
      return v;
    },
    parseLiteral(node: ValueNode) {
      if (node.kind !== Kind.STRING || !check(node.value)) throw new AwsScalarInputError(name, literalText(node));
      return node.value;
    },
  });
}

function literalText(node: ValueNode): string {
  return node.kind === Kind.STRING ? node.value : print(node);
}

const INT_RE = /^-?\d+$/;
const awsTimestamp = new GraphQLScalarType({
  name: 'AWSTimestamp',
  serialize(v) {
    if (typeof v === 'number' && Number.isInteger(v)) return v;
    if (typeof v === 'string' && INT_RE.test(v)) return Number(v);
    throw new AwsScalarOutputError('AWSTimestamp', v);
  },
  parseValue(v) {
    if (typeof v === 'number' && Number.isInteger(v)) return v;
    throw new AwsScalarInputError('AWSTimestamp', v);
  },
  parseLiteral(node) {
    if (node.kind === Kind.INT) return Number(node.value);
    throw new AwsScalarInputError('AWSTimestamp', literalText(node));
  },
});

// AWSJSON input is a JSON *string* that resolvers receive parsed (docs: scalars.html, "AWSJSON …
// automatically parsed and loaded as maps, lists, or scalar values"); an object literal is invalid.
function parseJsonString(v: unknown): unknown {
  if (typeof v !== 'string') throw new AwsScalarInputError('AWSJSON', v);
  try {
    return JSON.parse(v);
  } catch {
    throw new AwsScalarInputError('AWSJSON', v);
  }
}
const awsJson = new GraphQLScalarType({
  name: 'AWSJSON',
  // A resolver may return an object (e.g. a DynamoDB map) or a string: clients always get a JSON string.
  serialize(v) {
    if (typeof v === 'string') return v;
    if (v === undefined) throw new AwsScalarOutputError('AWSJSON', v);
    return JSON.stringify(v);
  },
  parseValue: parseJsonString,
  parseLiteral(node) {
    if (node.kind !== Kind.STRING) throw new AwsScalarInputError('AWSJSON', print(node));
    return parseJsonString(node.value);
  },
});

export const awsScalars: Record<string, GraphQLScalarType> = {
  AWSDate: stringScalar('AWSDate', isAwsDate),
  AWSTime: stringScalar('AWSTime', isAwsTime),
  AWSDateTime: stringScalar('AWSDateTime', isAwsDateTime),
  AWSTimestamp: awsTimestamp,
  AWSEmail: stringScalar('AWSEmail', isAwsEmail),
  AWSJSON: awsJson,
  AWSURL: stringScalar('AWSURL', isAwsUrl),
  AWSPhone: stringScalar('AWSPhone', isAwsPhone),
  AWSIPAddress: stringScalar('AWSIPAddress', isAwsIpAddress),
};

import { describe, expect, it } from 'vitest';
import { microsToDecimal, toMicros } from '../money.js';

describe('toMicros', () => {
  it('converts decimal strings and JSON numbers to integer micros, rounding half up at the 7th digit', () => {
    expect(toMicros('12.34')).toBe('12340000');
    expect(toMicros(12.25)).toBe('12250000');
    expect(toMicros('0.0000005')).toBe('1');
    expect(toMicros('0.00000049')).toBe('0');
    expect(toMicros(0.0000005)).toBe('1'); // the number's shortest decimal form, not its binary value
    expect(toMicros('-1.5')).toBe('-1500000');
    expect(toMicros('-0.0000001')).toBe('0');
    expect(toMicros('123456789012345678.9')).toBe('123456789012345678900000');
    expect(toMicros(1e21)).toBe('1000000000000000000000000000');
    expect(toMicros(null)).toBe('0');
    expect(toMicros('')).toBe('0');
  });

  it('refuses what is not a decimal amount', () => {
    expect(() => toMicros('1e5')).toThrow(/not a decimal amount/);
    expect(() => toMicros('12,5')).toThrow(/not a decimal amount/);
    expect(() => toMicros(Number.POSITIVE_INFINITY)).toThrow(/finite/);
  });

  it('round-trips through microsToDecimal', () => {
    for (const s of ['0', '1', '5339.5', '0.000001', '-42.125']) expect(microsToDecimal(toMicros(s))).toBe(s);
  });
});

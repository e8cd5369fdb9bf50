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

  it('gives the exact BigInt result for amounts of every size, on both sides of the 10^9 whole-unit fast path', () => {
    const exact = (s: string): string => {
      const neg = s.startsWith('-');
      const [w = '0', f = ''] = (neg ? s.slice(1) : s).split('.');
      let m = BigInt(w) * 1_000_000n + BigInt((f + '000000').slice(0, 6));
      if (f.length > 6 && Number(f[6]) >= 5) m += 1n;
      return (neg && m !== 0n ? -m : m).toString();
    };
    const digits = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join('');
    for (let i = 0; i < 5_000; i++) {
      const whole = digits(1 + (i % 12)); // 1-12 digits: 9 and fewer take the fast path
      const s = `${i % 3 === 0 ? '-' : ''}${whole}${i % 4 ? `.${digits(1 + (i % 9))}` : ''}`;
      expect(toMicros(s), s).toBe(exact(s));
    }
    expect(toMicros('999999999.9999995')).toBe('1000000000000000');
    expect(toMicros('-999999999.9999994')).toBe('-999999999999999');
  });

  it('gives whole JSON numbers the result of their decimal text, on both sides of the 10^9 number fast path', () => {
    for (let i = 0; i < 2_000; i++) {
      const n = (i % 2 ? -1 : 1) * Math.floor(Math.random() * 10 ** (1 + (i % 12)));
      expect(toMicros(n), String(n)).toBe(toMicros(String(n)));
    }
    for (const n of [0, -0, 999_999_999, -999_999_999, 1e9, 2 ** 53]) expect(toMicros(n), String(n)).toBe(toMicros(BigInt(n).toString()));
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

// Money as integer micros in decimal strings: platforms send micros, minor units, major-unit decimal
// strings or whole KRW, and a float would silently lose cents on large sums.

/** "5339.5" → "5339500000"; 129000 → "129000000000". Rounds half away from zero beyond 6 decimals. */
export function toMicros(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '0';
  // A whole JSON number below 10^9 (Google's conversions_value is often 0): exact as a double, no text to parse.
  if (typeof value === 'number' && Number.isInteger(value) && Math.abs(value) < 1e9) return String(value * 1_000_000 || 0);
  let s = typeof value === 'number' ? numberToDecimal(value) : value.trim();
  if (!/^-?\d+(\.\d+)?$/.test(s)) throw new Error(`not a decimal amount: ${JSON.stringify(s).slice(0, 40)}`);
  const negative = s.startsWith('-');
  if (negative) s = s.slice(1);
  const [whole = '0', frac = ''] = s.split('.');
  if (whole.length <= 9) {
    // Below 10^15 micros every step is exact in a double: the common amount skips BigInt (a sync converts one per row).
    let n = Number(whole) * 1_000_000 + Number((frac + '000000').slice(0, 6));
    if (frac.length > 6 && Number(frac[6]) >= 5) n += 1;
    return String(negative && n !== 0 ? -n : n);
  }
  let micros = BigInt(whole) * 1_000_000n + BigInt((frac + '000000').slice(0, 6));
  if (frac.length > 6 && Number(frac[6]) >= 5) micros += 1n;
  return (negative && micros !== 0n ? -micros : micros).toString();
}

/** A JSON double (Google's conversions_value) as a plain decimal string, without exponent notation. */
function numberToDecimal(n: number): string {
  if (!Number.isFinite(n)) throw new Error('not a finite amount');
  // toFixed(7) keeps enough digits to round to micros; for |n| >= 1e21 toFixed falls back to exponent form.
  return Math.abs(n) < 1e21 ? n.toFixed(7) : BigInt(Math.round(n)).toString();
}

/** Minor units scaled by a currency offset (Meta budgets): micros = value × 1e6 / offset. */
export function minorToMicros(value: string | number, offset: number): string {
  return ((BigInt(String(value)) * 1_000_000n) / BigInt(offset)).toString();
}

/** micros → currency units as a decimal string without trailing zeros ("5339500000" → "5339.5"). */
export function microsToDecimal(micros: string): string {
  const n = BigInt(micros);
  const neg = n < 0n;
  const abs = neg ? -n : n;
  const whole = abs / 1_000_000n;
  const frac = (abs % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '');
  return `${neg ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`;
}

export function addMicros(a: string, b: string): string {
  return (BigInt(a) + BigInt(b)).toString();
}

/** Currencies whose Meta "offset" is 1 (no minor unit); every other currency uses 100. */
export const ZERO_DECIMAL_CURRENCIES = new Set(['KRW', 'JPY', 'TWD', 'CLP', 'COP', 'CRC', 'HUF', 'IDR', 'ISK', 'PYG']);

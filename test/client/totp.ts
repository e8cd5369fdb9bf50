// TOTP codes (RFC 6238: HMAC-SHA1, 30-second steps, as Cognito and every authenticator app use) computed
// with node:crypto, as the user's authenticator app would: ~15 lines, checked against the RFC's own test
// vectors (totp.test.ts), so no dependency is added just for tests.
import { createHmac } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Decode(text: string): Buffer {
  let bits = '';
  for (const ch of text.replace(/=+$/, '').toUpperCase()) {
    const v = BASE32.indexOf(ch);
    if (v < 0) throw new Error(`not base32: ${ch}`);
    bits += v.toString(2).padStart(5, '0');
  }
  const bytes = bits.match(/.{8}/g) ?? [];
  return Buffer.from(bytes.map((b) => parseInt(b, 2)));
}

/** The code for `key` at `timeMs` (RFC 4226 dynamic truncation of the step counter's HMAC). */
export function totp(key: Buffer, timeMs = Date.now(), digits = 6, stepSeconds = 30): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(timeMs / 1000 / stepSeconds)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const value = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(value % 10 ** digits).padStart(digits, '0');
}

/** The current code for a base32 secret as Cognito's AssociateSoftwareToken returns it. */
export const totpNow = (secret: string, timeMs = Date.now()): string => totp(base32Decode(secret), timeMs);

// util.autoId / autoUlid / autoKsuid inside the sandbox. Random bytes come from the host's CSPRNG
// through a bridge that only ever hands over a hex string (no host object reaches resolver code).

import { BigInt, Error, numberToString, padStart, parseInt } from './intrinsics.js';
let randomHex: (bytes: number) => string = () => {
  throw new Error('random source not installed');
};

export function setRandomSource(f: (bytes: number) => string): void {
  randomHex = f;
}

function randomBytes(n: number): number[] {
  const hex = randomHex(n);
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(parseInt(hex.slice(i * 2, i * 2 + 2), 16));
  return out;
}

const hex2 = (b: number) => (b < 16 ? '0' : '') + numberToString(b, 16);

/** RFC 4122 version 4 UUID. */
export function autoId(): string {
  const b = randomBytes(16);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.map(hex2).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** ULID: 48-bit millisecond time + 80 random bits, Crockford base32, 26 characters. */
export function autoUlid(): string {
  let time = Date.now();
  let t = '';
  for (let i = 0; i < 10; i++) {
    t = CROCKFORD[time % 32] + t;
    time = Math.floor(time / 32);
  }
  const r = randomBytes(10);
  let bits = 0n;
  for (const byte of r) bits = (bits << 8n) | BigInt(byte);
  let rnd = '';
  for (let i = 0; i < 16; i++) {
    rnd = CROCKFORD[Number(bits & 31n)] + rnd;
    bits >>= 5n;
  }
  return t + rnd;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const KSUID_EPOCH = 1400000000;

/** KSUID: 32-bit seconds since 2014-05-13 + 128 random bits, base62, 27 characters. */
export function autoKsuid(): string {
  const ts = Math.floor(Date.now() / 1000) - KSUID_EPOCH;
  let n = BigInt(ts >>> 0);
  for (const byte of randomBytes(16)) n = (n << 8n) | BigInt(byte);
  let out = '';
  while (n > 0n) {
    out = BASE62[Number(n % 62n)] + out;
    n /= 62n;
  }
  return padStart(out, 27, '0');
}

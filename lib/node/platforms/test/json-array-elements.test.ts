// The Google Ads stream splitter (functions/platforms/http.ts) against JSON.parse of the whole body, with
// strings full of quotes, backslashes, brackets and multi-byte chars, cut into chunks at every kind of place
// (inside escapes, inside UTF-8 sequences, between elements).
import { describe, expect, it } from 'vitest';
import { jsonArrayElements } from '../http.js';

/** Deterministic PRNG (mulberry32), so a failure names a seed that reproduces it. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = ['a', 'Z', '0', ' ', '"', '\\', '[', ']', '{', '}', ',', ':', '\n', '\t', '캠', '페', '인', '😀', '\u2028', '\u0000'];

function value(r: () => number, depth: number): unknown {
  const k = r();
  if (depth > 3 || k < 0.35) {
    const len = Math.floor(r() * 12);
    return Array.from({ length: len }, () => ALPHABET[Math.floor(r() * ALPHABET.length)]).join('');
  }
  if (k < 0.45) return Math.floor(r() * 1e6) / 100;
  if (k < 0.5) return r() < 0.5 ? null : true;
  if (k < 0.75) return Array.from({ length: Math.floor(r() * 4) }, () => value(r, depth + 1));
  const o: Record<string, unknown> = {};
  for (let i = Math.floor(r() * 5); i > 0; i--) o[String(value(r, 9))] = value(r, depth + 1);
  return o;
}

function streamOf(bytes: Uint8Array, cuts: number[]): ReadableStream<Uint8Array> {
  const pieces: Uint8Array[] = [];
  let at = 0;
  for (const c of [...cuts, bytes.length]) {
    pieces.push(bytes.subarray(at, c));
    at = c;
  }
  return new ReadableStream({
    pull(controller) {
      const next = pieces.shift();
      if (next) controller.enqueue(next);
      else controller.close();
    },
  });
}

async function collect(body: ReadableStream<Uint8Array>): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const el of jsonArrayElements(body)) out.push(el);
  return out;
}

describe('jsonArrayElements', () => {
  it('yields the elements JSON.parse finds, however the body is cut', async () => {
    for (let seed = 1; seed <= 300; seed++) {
      const r = rng(seed);
      const elements = Array.from({ length: 1 + Math.floor(r() * 6) }, () => (r() < 0.8 ? { results: [value(r, 1)], id: value(r, 3) } : [value(r, 1)]));
      const text = r() < 0.5 ? JSON.stringify(elements) : JSON.stringify(elements, null, 2);
      const bytes = new TextEncoder().encode(text);
      const cuts = Array.from({ length: Math.floor(r() * 12) }, () => Math.floor(r() * bytes.length)).sort((a, b) => a - b);
      expect(await collect(streamOf(bytes, cuts)), `seed ${seed}`).toEqual(JSON.parse(text));
    }
  });

  it('cuts one byte at a time through escaped quotes and backslash runs', async () => {
    const elements = [{ s: 'a\\"b\\\\"' }, { s: '\\\\\\"]}{[' }, { s: '"', t: ['\\', '}'] }];
    const bytes = new TextEncoder().encode(JSON.stringify(elements));
    const cuts = Array.from({ length: bytes.length - 1 }, (_, i) => i + 1);
    expect(await collect(streamOf(bytes, cuts))).toEqual(elements);
  });

  it('refuses a body that is not an array or ends inside it', async () => {
    const bytes = (t: string) => streamOf(new TextEncoder().encode(t), []);
    await expect(collect(bytes('{"a":1}'))).rejects.toThrow('expected a JSON array');
    await expect(collect(bytes('[{"a":"]'))).rejects.toThrow('JSON body ended inside the array');
    await expect(collect(bytes(''))).rejects.toThrow('empty body, expected a JSON array');
  });
});

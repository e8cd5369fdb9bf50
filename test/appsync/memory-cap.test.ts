// An isolate that a resolver drove past its memory cap is replaced; the bundles loaded into it before must
// still run afterwards (loaded again into the new isolate), not answer "module not loaded".
import { describe, expect, it } from 'vitest';
import { loadCode } from '../../local/resolver-runtime/index.js';

// Longer than the synchronous slice (~0.5 s here), so both bundles run on the same (first, least busy)
// asynchronous engine: the hog disposes it, and the next call of SLOW lands on its replacement.
const SLOW = `export function request(ctx) {
  return { n: Array(4000).fill(0).map(() => Array(4000).fill(1).reduce((a, b) => a + b, 0)).length };
}
export function response(ctx) { return ctx.result; }
`;
const HOG = `export function request(ctx) {
  const parts = [];
  for (const i of Array(4096).fill(0)) { parts.push(Array(1 << 20).fill(i)); }
  return parts.length;
}
export function response(ctx) { return ctx.result; }
`;

describe('memory cap', () => {
  it('code loaded before an isolate was disposed for memory runs in its replacement', async () => {
    const slow = await loadCode(SLOW);
    const hog = await loadCode(HOG);
    expect(await slow.invoke('request', {})).toMatchObject({ k: 'ok', v: { n: 4000 } });
    expect((await hog.invoke('request', {})).exceptionMessage).toMatch(/memory limit/);
    const after = await slow.invoke('request', {});
    expect(after.exceptionMessage).toBeUndefined();
    expect(after).toMatchObject({ k: 'ok', v: { n: 4000 } });
    expect(await slow.invoke('request', {})).toMatchObject({ k: 'ok', v: { n: 4000 } });
  }, 60_000);
});

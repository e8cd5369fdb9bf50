// prepareCheckerFor (called when an executor is created) checks every bundle with no cached verdict in
// the background and caches the verdicts: a bundle no request used must not make the next start load the
// lint tools again.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAndPrepareOffThread, checksSettled, prepareCheckerFor, setCodeCheckCache } from '../../local/resolver-runtime/code-check.js';

const dir = mkdtempSync(join(tmpdir(), 'sivera-check-prewarm-'));
// The worker may have run other files first: their checks still queued would land in this file's cache.
beforeAll(() => checksSettled(), 120_000);
afterAll(() => {
  setCodeCheckCache(undefined);
  rmSync(dir, { recursive: true, force: true });
});

const entries = (): number => {
  const file = join(dir, 'code-check-cache.json');
  if (!existsSync(file)) return 0;
  return Object.keys((JSON.parse(readFileSync(file, 'utf8')) as { entries?: object }).entries ?? {}).length;
};

describe('prepareCheckerFor', () => {
  it('caches a verdict for every bundle it was given, without a request using them', async () => {
    setCodeCheckCache(dir);
    const ok = `export function request(ctx) { return { payload: ctx.args }; }\nexport function response(ctx) { return ctx.result; }\n// ${dir}`;
    const refused = `export function request(ctx) { for (;;) {} }\nexport function response(ctx) { return ctx.result; }\n// ${dir}`;
    prepareCheckerFor([ok, refused]);
    const deadline = Date.now() + 100_000;
    while (entries() < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    expect(entries()).toBe(2);
  }, 120_000);

  it('checks a bundle someone waits for before the background ones', async () => {
    const code = (n: number) => `export function request(ctx) { return { payload: ${n} }; }\nexport function response(ctx) { return ctx.result; }\n// ${dir}`;
    const order: string[] = [];
    const background = Array.from({ length: 10 }, (_, i) => checkAndPrepareOffThread(code(100 + i), 60_000, true).then(() => order.push(`bg${i}`)));
    const waited = checkAndPrepareOffThread(code(1)).then((r) => (order.push('fg'), r));
    expect((await waited).ok).toBe(true);
    await Promise.all(background);
    // The first background check may already be running when the waited-for one arrives; no more than that.
    expect(order.indexOf('fg')).toBeLessThanOrEqual(1);
  }, 120_000);

  it('checksSettled resolves once the background checks are done, with their verdicts cached', async () => {
    const own = mkdtempSync(join(dir, 'settled-'));
    setCodeCheckCache(own);
    const code = (n: number) => `export function request(ctx) { return { payload: ${n} }; }\nexport function response(ctx) { return ctx.result; }\n// settled ${own}`;
    prepareCheckerFor([code(1), code(2), code(3)]);
    let settled = false;
    const waiting = checksSettled().then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false); // three checks queued
    await waiting;
    await new Promise((r) => setTimeout(r, 300)); // the cache file is written 100 ms after the last verdict
    const file = join(own, 'code-check-cache.json');
    expect(Object.keys((JSON.parse(readFileSync(file, 'utf8')) as { entries: object }).entries)).toHaveLength(3);
    await expect(checksSettled()).resolves.toBeUndefined(); // nothing queued: at once
  }, 120_000);
});

// The Lambda output capture's AsyncLocalStorage is enabled only while an invocation runs: an enabled
// storage makes Node run promise hooks on every promise of the process, the GraphQL endpoint's included.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createStackLog, installHandlerOutputCapture, invocationContext, runInvocation } from '../../local/services/log.js';

const dir = mkdtempSync(join(tmpdir(), 'sivera-invocation-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Node 20 keeps whether the storage is enabled (and so whether its promise hooks run) in this field; it
// has no public accessor.
const enabled = () => (invocationContext as unknown as { enabled: boolean }).enabled;

describe('runInvocation', () => {
  it('captures the output of the invocation and disables the storage once none is running', async () => {
    const log = createStackLog(join(dir, 'stack.log'), false);
    installHandlerOutputCapture();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const first = runInvocation({ functionName: 'one', requestId: 'r-1', log }, async () => {
      await gate;
      console.log('from the first invocation');
      return 1;
    });
    const second = runInvocation({ functionName: 'two', requestId: 'r-2', log }, async () => {
      console.log('from the second invocation');
      return 2;
    });
    expect(await second).toBe(2);
    // The first invocation still runs: its context must survive the second one's end.
    expect(enabled()).toBe(true);
    release();
    expect(await first).toBe(1);
    expect(enabled()).toBe(false);
    expect(invocationContext.getStore()).toBeUndefined();
    log.flush();
    const text = readFileSync(log.path, 'utf8');
    expect(text).toMatch(/\[lambda:one\] r-1 INFO from the first invocation/);
    expect(text).toMatch(/\[lambda:two\] r-2 INFO from the second invocation/);
  });

  it('disables the storage when the invocation throws', async () => {
    const log = createStackLog(join(dir, 'throws.log'), false);
    await expect(runInvocation({ functionName: 'f', requestId: 'r', log }, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(enabled()).toBe(false);
  });
});

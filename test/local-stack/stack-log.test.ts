import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createStackLog } from '../../local/services/log.js';

const dir = mkdtempSync(join(tmpdir(), 'sivera-stack-log-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const read = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8') : '');
const turn = () => new Promise<void>((r) => setImmediate(r));

describe('stack log', () => {
  it('writes a line before anything that runs after an await', async () => {
    const log = createStackLog(join(dir, 'plain.log'), false);
    log.write('test', 'at once');
    await Promise.resolve();
    expect(read(log.path)).toMatch(/\[test\] at once\n$/);
  });

  it('writes batched lines together at the end of the turn, in order with the others', async () => {
    const log = createStackLog(join(dir, 'batched.log'), false);
    log.write('graphql', 'first request', true);
    log.write('graphql', 'second request', true);
    await Promise.resolve();
    await Promise.resolve();
    expect(read(log.path)).toBe(''); // still buffered: nothing waits on these lines
    await turn();
    expect(read(log.path)).toMatch(/\[graphql\] first request\n.*\[graphql\] second request\n$/);

    // A plain line written after a batched one takes it along, in order.
    log.write('graphql', 'third request', true);
    log.write('lambda:f', 'logged during a call');
    await Promise.resolve();
    expect(read(log.path)).toMatch(/third request\n.*\[lambda:f\] logged during a call\n$/);
  });

  it('loses the lines, not the process, when the file cannot be written', async () => {
    const folder = join(dir, 'gone');
    mkdirSync(folder);
    const log = createStackLog(join(folder, 'stack.log'), false);
    rmSync(folder, { recursive: true });
    const uncaught: unknown[] = [];
    const onError = (e: unknown) => uncaught.push(e);
    process.on('uncaughtException', onError);
    try {
      log.write('test', 'a plain line');
      log.write('graphql', 'a batched line', true);
      await turn();
      await turn();
    } finally {
      process.off('uncaughtException', onError);
    }
    expect(uncaught).toEqual([]);
    expect(existsSync(folder)).toBe(false);
    // An explicit flush still reports the failure to its caller.
    log.write('test', 'one more', true);
    expect(() => log.flush()).toThrow(/ENOENT/);
  });
});

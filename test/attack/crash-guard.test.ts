// A failure that escapes one request, Lambda or service (an unawaited rejected promise, a throw in a
// timer or socket callback) is logged while the stack runs, instead of ending the process.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const guard = fileURLToPath(new URL('../../local/services/crash-guard.ts', import.meta.url));
const logModule = fileURLToPath(new URL('../../local/services/log.ts', import.meta.url));

function run(script: string): { status: number | null; stdout: string; log: string } {
  const dir = mkdtempSync(join(tmpdir(), 'crash-guard-'));
  const logFile = join(dir, 'stack.log');
  const code = `
    const { guardProcess } = await import(${JSON.stringify(guard)});
    const { createStackLog } = await import(${JSON.stringify(logModule)});
    const unguard = guardProcess(createStackLog(${JSON.stringify(logFile)}, false));
    ${script}
    setTimeout(() => { console.log('still serving'); unguard(); }, 100);
  `;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { encoding: 'utf8', timeout: 20_000 });
  let log = '';
  try {
    log = readFileSync(logFile, 'utf8');
  } catch {
    log = '';
  }
  return { status: r.status, stdout: r.stdout, log };
}

describe('crash guard', () => {
  it.each([
    ['an unawaited rejected promise', `Promise.reject(new Error('lambda failed late'));`],
    ['a throw in a timer callback', `setTimeout(() => { throw new Error('socket callback threw'); }, 10);`],
  ])('%s is logged and the process keeps serving', (_label, script) => {
    const r = run(script);
    expect(r.stdout).toContain('still serving');
    expect(r.status).toBe(0);
    expect(r.log).toMatch(/\[stack\] (unhandled rejection|uncaught exception) \(the stack keeps serving\): Error: (lambda failed late|socket callback threw)/);
  });

  it('once the stack has stopped, Node’s own behaviour is back (the guard is removed)', () => {
    const r = run(`unguard(); Promise.reject(new Error('after stop'));`);
    expect(r.status).not.toBe(0);
  });
});

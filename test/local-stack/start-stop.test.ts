// `npm start` in a child process, as a terminal runs it: a progress line per service, then the ready
// block (URLs, demo users), no routine Lambda output after it; and Ctrl-C (SIGINT to the process group,
// several times, at different moments: during the demo seeding, when idle, twice in a row as npm's
// forwarding does) always ends cleanly: exit 0, no "forced exit", no stack.pid, no child left running.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freeFixedPorts } from '../../local/services/ports.js';
import { repoRoot } from '../../local/stack.js';

const dir = mkdtempSync(join(tmpdir(), 'sivera-start-stop-'));
const live: ChildProcess[] = [];
afterAll(() => {
  for (const p of live) if (p.exitCode === null && p.signalCode === null) process.kill(-p.pid!, 'SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

let env: Record<string, string | undefined> | undefined;
async function startEnv(): Promise<Record<string, string | undefined>> {
  if (env) return env;
  env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('npm_') || k.startsWith('VITEST')) delete env[k];
  delete env.NODE_OPTIONS;
  // Fixed across the restarts, as npm start's are; the fakes take the last four.
  const [graphql, https, cognito, dynamodb, kms, lambda, fakes] = (await freeFixedPorts(10)).map(String);
  Object.assign(env, {
    SIVERA_DATA_DIR: dir,
    SIVERA_GRAPHQL_PORT: graphql,
    SIVERA_GRAPHQL_HTTPS_PORT: https,
    SIVERA_COGNITO_PORT: cognito,
    SIVERA_DYNAMODB_PORT: dynamodb,
    SIVERA_KMS_PORT: kms,
    SIVERA_LAMBDA_PORT: lambda,
    SIVERA_FAKES_PORT: fakes,
  });
  return env;
}

interface Run {
  proc: ChildProcess;
  out: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  waitFor(re: RegExp): Promise<void>;
}

/** `npm start`'s command (scripts/start.mjs with its Node flags), in its own process group like a terminal's foreground job. */
async function start(): Promise<Run> {
  const proc = spawn(process.execPath, ['--no-node-snapshot', '--max-semi-space-size=1', '--expose-gc', 'scripts/start.mjs'], {
    cwd: repoRoot,
    env: await startEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  live.push(proc);
  let text = '';
  const waiters: { re: RegExp; resolve: () => void }[] = [];
  const onData = (b: Buffer) => {
    text += b.toString();
    for (const w of [...waiters]) {
      if (!w.re.test(text)) continue;
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  };
  proc.stdout!.on('data', onData);
  proc.stderr!.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => proc.once('exit', (code, signal) => r({ code, signal })));
  return {
    proc,
    out: () => text,
    exited,
    waitFor: (re) =>
      new Promise<void>((resolve, reject) => {
        if (re.test(text)) return resolve();
        waiters.push({ re, resolve });
        void exited.then(() => reject(new Error(`npm start exited before ${re}:\n${text}`)));
      }),
  };
}

/** `times` Ctrl-Cs `gapMs` apart (npm forwards the terminal's at once; an impatient user presses again later). */
async function ctrlC(run: Run, times: number, gapMs = 150): Promise<void> {
  const children = (JSON.parse(readFileSync(join(dir, 'stack.pid'), 'utf8')) as { children: number[] }).children;
  expect(children.length).toBeGreaterThan(0);
  for (let i = 0; i < times; i++) {
    if (run.proc.exitCode !== null) break; // already stopped: the earlier Ctrl-C was enough
    process.kill(-run.proc.pid!, 'SIGINT');
    if (i < times - 1) await new Promise((r) => setTimeout(r, gapMs));
  }
  const { code } = await run.exited;
  expect(run.out()).not.toContain('forced exit');
  expect(run.out()).toContain('stopped; data kept in');
  expect(code).toBe(0);
  expect(existsSync(join(dir, 'stack.pid'))).toBe(false);
  for (const c of children) expect(alive(c), `child ${c} still running`).toBe(false);
}

describe('npm start in a terminal', () => {
  it('shows progress per service and a short ready block, and stops cleanly on Ctrl-C while the demo data is being seeded', { timeout: 240_000 }, async () => {
    const run = await start();
    await run.waitFor(/Sivera API ready/);
    const text = run.out();
    expect.soft(text).toMatch(/Sivera API ready in [\d.]+ s/);
    for (const service of ['Lambda', 'KMS', 'Cognito', 'DynamoDB Local', 'GraphQL']) {
      expect.soft(text).toMatch(new RegExp(`✓ ${service}\\s+\\d+ ms`));
      expect.soft(text.indexOf(`✓ ${service}`)).toBeLessThan(text.indexOf('Sivera API ready'));
    }
    const block = text.slice(text.indexOf('Sivera API ready'));
    expect.soft(block).toMatch(/GraphQL\s+http:\/\/127\.0\.0\.1:\d+\/graphql/);
    expect.soft(block).toMatch(/GraphiQL\s+http:\/\/127\.0\.0\.1:\d+\//);
    expect.soft(block).toContain('demo@sivera.example / SiveraDemo1');
    expect.soft(block).toContain('teammate@sivera.example / SiveraDemo2');
    expect.soft(block.split('\n').slice(0, 9).every((l) => l.length <= 160)).toBe(true);
    // Right after ready, while the demo data is being seeded, pressed again 1.2 s later.
    await ctrlC(run, 2, 1_200);
  });

  it('shows no routine Lambda output after the ready block, and stops cleanly on Ctrl-C, several times', { timeout: 300_000 }, async () => {
    for (let round = 0; round < 3; round++) {
      const run = await start();
      await run.waitFor(/Sivera API ready/);
      await run.waitFor(/Demo data (ready|could not)/); // the first round finishes the seeding the first test interrupted
      expect(run.out()).toContain('Demo data ready.');
      const after = run.out().slice(run.out().indexOf('Sivera API ready'));
      expect(after).not.toMatch(/START RequestId|END RequestId| INFO /);
      await ctrlC(run, round + 1, round === 2 ? 1_200 : 150);
    }
  });

  it('leaves at once on Ctrl-C while it is still starting (nothing left running, no stack.pid), and starts again', { timeout: 240_000 }, async () => {
    const run = await start();
    await run.waitFor(/✓ /); // the first service is up, others are starting
    process.kill(-run.proc.pid!, 'SIGINT');
    const { code } = await run.exited;
    expect(run.out()).not.toContain('forced exit');
    expect(run.out()).toContain('start interrupted');
    expect(code).toBe(130);
    expect(existsSync(join(dir, 'stack.pid'))).toBe(false);
    // The next start finds nothing in its way (no half-started JVM or cognito-local holding a port).
    const again = await start();
    await again.waitFor(/Sivera API ready/);
    await ctrlC(again, 1);
  });
});

// `npm start` as a developer runs it: the time from launching `npm start` to a usable API (the demo user
// signs in through the Cognito endpoint and a signed-in `{ __typename }` answers), with the data kept
// from an earlier run and with a fresh data dir (demo seeding included), and the whole stack's resident
// memory once idle: every process of the tree `npm start` spawns (npm, sh, node, the JVM, cognito-local,
// any esbuild service), summed from /proc. Each run uses its own data dir and free ports.
//
// SIVERA_BENCH_BASE=<dir of another checkout> also measures that checkout's `npm start`, interleaved
// with this one (the before/after comparison, on the same machine load); SIVERA_BENCH_ROUNDS sets rounds.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freeFixedPorts, isPortFree } from '../local/services/ports.js';
import type { Bench, BenchResult } from './types.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ROUNDS = Number(process.env.SIVERA_BENCH_ROUNDS ?? 3);
const TARGET = { keptMs: 2_000, freshMs: 5_000, rssMb: 300 };
const DEMO = { email: 'demo@sivera.example', password: 'SiveraDemo1' };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Every process in the tree under `pid` (by /proc/<pid>/stat's ppid), `pid` included. */
function tree(pid: number): number[] {
  const parent = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parent.set(Number(name), ppid);
    } catch {
      /* exited meanwhile */
    }
  }
  const out = [pid];
  for (let i = 0; i < out.length; i++) for (const [p, pp] of parent) if (pp === out[i]) out.push(p);
  return out;
}

/** Summed VmRSS of the tree, MB, and the processes it counted. */
function treeRss(pid: number): { mb: number; procs: string[] } {
  let kb = 0;
  const procs: string[] = [];
  for (const p of tree(pid)) {
    try {
      const status = readFileSync(`/proc/${p}/status`, 'utf8');
      const rss = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      kb += rss;
      procs.push(`${/Name:\s+(\S+)/.exec(status)?.[1]}:${Math.round(rss / 1024)}`);
    } catch {
      /* exited meanwhile */
    }
  }
  return { mb: kb / 1024, procs };
}

interface Outputs {
  graphql: { url: string } | null;
  cognito: { endpoint: string; userPoolClientId: string };
}

/** The demo user's access token, undefined when the sign-in is refused. */
async function signIn(o: Outputs): Promise<string | undefined> {
  const auth = await fetch(o.cognito.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth' },
    body: JSON.stringify({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: o.cognito.userPoolClientId, AuthParameters: { USERNAME: DEMO.email, PASSWORD: DEMO.password } }),
    signal: AbortSignal.timeout(5_000),
  });
  return ((await auth.json()) as { AuthenticationResult?: { AccessToken?: string } }).AuthenticationResult?.AccessToken;
}

/** A GraphQL query with the token, answered within 5 s. */
async function query<T>(o: Outputs, token: string, text: string): Promise<{ data?: T }> {
  const res = await fetch(o.graphql!.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: token },
    body: JSON.stringify({ query: text }),
    signal: AbortSignal.timeout(5_000),
  });
  return (await res.json()) as { data?: T };
}

/** Signs the demo user in and runs `{ __typename }` with the token: true once the API is usable. */
async function usable(outputsFile: string): Promise<boolean> {
  try {
    if (!existsSync(outputsFile)) return false;
    const o = JSON.parse(readFileSync(outputsFile, 'utf8')) as Outputs;
    if (!o.graphql) return false;
    const token = await signIn(o);
    if (!token) return false;
    return (await query<{ __typename?: string }>(o, token, '{ __typename }')).data?.__typename === 'Query';
  } catch {
    return false;
  }
}

/** After the timed part: a stack whose resolvers fail is not a result (`{ __typename }` runs none). */
async function checkResolvers(outputsFile: string): Promise<void> {
  const o = JSON.parse(readFileSync(outputsFile, 'utf8')) as Outputs;
  const body = await query<{ me?: { userId?: string } }>(o, (await signIn(o)) ?? '', '{ me { userId } }');
  if (!body.data?.me?.userId) throw new Error(`the started API answers { me { userId } } with ${JSON.stringify(body)}`);
}

interface Run {
  readyMs: number;
  rssMb: number;
  procs: string[];
}

/** One `npm start` in `root` with `dataDir`: time to usable, idle RSS of the tree, then Ctrl-C. */
const portsOf = new Map<string, number[]>();

async function startOnce(root: string, dataDir: string): Promise<Run> {
  // A data dir keeps its ports across restarts, as a developer's .local/ does.
  // graphql, https, cognito, dynamodb, kms, lambda, then the fakes' four.
  if (!portsOf.has(dataDir) || !(await Promise.all(portsOf.get(dataDir)!.map(isPortFree))).every(Boolean)) portsOf.set(dataDir, await freeFixedPorts(10));
  const [graphql, https, cognito, dynamodb, kms, lambda, fakes] = portsOf.get(dataDir)!;
  const env: Record<string, string | undefined> = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('npm_')) delete env[k];
  delete env.NODE_OPTIONS;
  Object.assign(env, {
    SIVERA_DATA_DIR: dataDir,
    SIVERA_GRAPHQL_PORT: String(graphql),
    SIVERA_GRAPHQL_HTTPS_PORT: String(https),
    SIVERA_COGNITO_PORT: String(cognito),
    SIVERA_DYNAMODB_PORT: String(dynamodb),
    SIVERA_KMS_PORT: String(kms),
    SIVERA_LAMBDA_PORT: String(lambda),
    SIVERA_FAKES_PORT: String(fakes),
  });
  const t0 = performance.now();
  // Own process group, like a terminal's foreground job: Ctrl-C is a SIGINT to the group.
  const proc: ChildProcess = spawn('npm', ['start'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  proc.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  proc.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => proc.once('exit', (code, signal) => r({ code, signal })));
  const outputsFile = join(dataDir, 'outputs.json');
  try {
    let readyMs = 0;
    for (;;) {
      if (proc.exitCode !== null) throw new Error(`npm start exited with ${proc.exitCode}:\n${out.slice(-2000)}`);
      // Usable = the ready line printed (every service up, tables there) and a signed-in query answered.
      if (/Sivera API ready/.test(out) && (await usable(outputsFile))) {
        readyMs = performance.now() - t0;
        break;
      }
      if (performance.now() - t0 > 180_000) throw new Error(`npm start not usable within 180 s:\n${out.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 25));
    }
    await checkResolvers(outputsFile);
    // Idle: the demo seeding (if any) has finished and nothing runs; then the median of a few samples.
    const seeded = () => /demo data:/.test(existsSync(join(dataDir, 'stack.log')) ? readFileSync(join(dataDir, 'stack.log'), 'utf8') : '');
    const until = performance.now() + 120_000;
    while (!seeded() && performance.now() < until) await new Promise((r) => setTimeout(r, 200));
    await new Promise((r) => setTimeout(r, 3_000));
    const samples: { mb: number; procs: string[] }[] = [];
    for (let i = 0; i < 5; i++) {
      samples.push(treeRss(proc.pid!));
      await new Promise((r) => setTimeout(r, 400));
    }
    samples.sort((a, b) => a.mb - b.mb);
    const mid = samples[Math.floor(samples.length / 2)]!;
    return { readyMs, rssMb: mid.mb, procs: mid.procs };
  } finally {
    if (proc.exitCode === null) {
      process.kill(-proc.pid!, 'SIGINT');
      const timer = setTimeout(() => {
        for (const p of tree(proc.pid!).reverse()) {
          try {
            process.kill(p, 'SIGKILL');
          } catch {
            /* gone */
          }
        }
      }, 30_000);
      const { code, signal } = await exited;
      clearTimeout(timer);
      // npm itself ends by the SIGINT it re-raises once its script has exited.
      if (code !== 0 && signal !== 'SIGINT') process.stderr.write(`npm start in ${root} exited with ${code ?? signal} after Ctrl-C:\n${out.slice(-1500)}\n`);
      if (/forced exit/.test(out)) process.stderr.write(`npm start in ${root} did not stop cleanly on one Ctrl-C (forced exit)\n`);
    }
  }
}

interface Figures {
  kept: number[];
  fresh: number[];
  rss: number[];
  procs: string[];
}

async function measure(root: string, figures: Figures, keptDir: string): Promise<void> {
  const fresh = mkdtempSync(join(tmpdir(), 'sivera-bench-fresh-'));
  try {
    const f = await startOnce(root, fresh);
    figures.fresh.push(f.readyMs);
    if (!existsSync(join(keptDir, 'outputs.json'))) await startOnce(root, keptDir); // the kept dir's first (seeding) run
    const k = await startOnce(root, keptDir);
    figures.kept.push(k.readyMs);
    figures.rss.push(k.rssMb);
    figures.procs = k.procs;
  } finally {
    rmSync(fresh, { recursive: true, force: true });
  }
}

export const run: Bench = async () => {
  const base = process.env.SIVERA_BENCH_BASE;
  const roots: [string, string][] = [[ROOT, 'this tree']];
  if (base) roots.push([base, `base ${base}`]);
  const figures = new Map(roots.map(([r]) => [r, { kept: [], fresh: [], rss: [], procs: [] } as Figures]));
  const keptDirs = new Map(roots.map(([r]) => [r, mkdtempSync(join(tmpdir(), 'sivera-bench-kept-'))]));
  try {
    // Interleaved, so every tree sees the same machine load.
    for (let i = 0; i < ROUNDS; i++) for (const [r] of roots) await measure(r, figures.get(r)!, keptDirs.get(r)!);
  } finally {
    for (const d of keptDirs.values()) rmSync(d, { recursive: true, force: true });
  }
  const results: BenchResult[] = [];
  for (const [r, label] of roots) {
    const f = figures.get(r)!;
    const suffix = r === ROOT ? '' : ` (${label})`;
    const kept = Math.round(median(f.kept));
    const fresh = Math.round(median(f.fresh));
    const rss = Math.round(median(f.rss));
    process.stderr.write(`${label}: kept ${f.kept.map(Math.round).join(', ')} ms; fresh ${f.fresh.map(Math.round).join(', ')} ms; RSS ${f.rss.map(Math.round).join(', ')} MB (${f.procs.join(' ')})\n`);
    results.push(
      { name: `npm start to usable API, data kept (median of ${ROUNDS})${suffix}`, value: kept, unit: 'ms', baseline: TARGET.keptMs, ratio: kept / TARGET.keptMs, target: `<= ${TARGET.keptMs} ms (ratio <= 1)` },
      { name: `npm start to usable API, fresh data dir + demo seeding (median of ${ROUNDS})${suffix}`, value: fresh, unit: 'ms', baseline: TARGET.freshMs, ratio: fresh / TARGET.freshMs, target: `<= ${TARGET.freshMs} ms (ratio <= 1)` },
      { name: `whole stack RSS idle, all processes (median of ${ROUNDS})${suffix}`, value: rss, unit: 'MB', baseline: TARGET.rssMb, ratio: rss / TARGET.rssMb, target: `<= ${TARGET.rssMb} MB (ratio <= 1)` },
    );
  }
  return results;
};

if (import.meta.url === `file://${process.argv[1]}`) console.log(await run());

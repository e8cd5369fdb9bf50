// `npm start`: the whole Sivera API on this machine, persistent under .local/, with demo data.
// Builds the resolver bundles (when their sources changed), starts the stack on fixed ports
// (overridable, see .env.example), prints one line when ready, seeds the demo data in the background
// (once per data dir; the demo users can sign in once it is done); Ctrl-C stops everything cleanly.
// Run as precompiled JavaScript by scripts/start.mjs (`npm start`); `tsx local/start.ts` works too.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { fingerprint, readFingerprint } from '../scripts/fingerprint.mjs';
import { platformSecrets } from '../infra/platform-secrets.js';
import { writeOutputs } from './outputs.js';
import { PORT_ENV, repoRoot, startStack, type Stack, type StackPorts } from './stack.js';

/** Fixed, documented defaults (README, .env.example). */
export const DEFAULT_PORTS: StackPorts = {
  graphql: 4000,
  graphqlHttps: 4001,
  cognito: 4002,
  dynamodb: 4003,
  kms: 4004,
  lambda: 4005,
  fakes: 4010, // 4010–4013: Google Ads, Meta, Naver, Kakao
};

class StartError extends Error {}

function fail(message: string): never {
  throw new StartError(message);
}

function portsFromEnv(): StackPorts {
  const ports = { ...DEFAULT_PORTS };
  for (const key of Object.keys(PORT_ENV) as (keyof StackPorts)[]) {
    const raw = process.env[PORT_ENV[key]];
    if (raw === undefined || raw === '') continue;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1 || n > 65535) fail(`${PORT_ENV[key]}=${raw} is not a port number (1–65535).`);
    ports[key] = n;
  }
  return ports;
}

function checkDataDir(dir: string): void {
  if (existsSync(dir) && !statSync(dir).isDirectory()) {
    fail(`${dir} exists but is not a directory. Move it away or set SIVERA_DATA_DIR to another path.`);
  }
  mkdirSync(dir, { recursive: true });
  const pidFile = join(dir, 'stack.pid');
  if (existsSync(pidFile)) {
    let recorded: { pid?: number; children?: number[] } = {};
    try {
      const text = readFileSync(pidFile, 'utf8').trim();
      recorded = text.startsWith('{') ? (JSON.parse(text) as typeof recorded) : { pid: Number(text) };
    } catch {
      recorded = {};
    }
    if (recorded.pid && recorded.pid !== process.pid && alive(recorded.pid)) {
      fail(`Another local stack (pid ${recorded.pid}) is using ${dir}. Stop it first (Ctrl-C in its terminal).`);
    }
    // The previous run died without stopping its children (e.g. kill -9): stop those still holding ports.
    for (const child of recorded.children ?? []) {
      const what = alive(child) ? ownChild(child) : undefined;
      if (!what) continue;
      process.stderr.write(`stopping a ${what} (pid ${child}) left running by a previous run that did not exit cleanly\n`);
      process.kill(child, 'SIGTERM');
      for (let i = 0; i < 100 && alive(child); i++) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
      if (alive(child)) process.kill(child, 'SIGKILL');
    }
  }
  writeFileSync(pidFile, `${JSON.stringify({ pid: process.pid, children: [] })}\n`);
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Only processes this stack starts are ever stopped: recognised by their command line. */
function ownChild(pid: number): string | undefined {
  let cmd = '';
  try {
    cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    try {
      cmd = execFileSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8' });
    } catch {
      return undefined;
    }
  }
  if (cmd.includes('DynamoDBLocal.jar')) return 'DynamoDB Local';
  return undefined;
}

async function build(): Promise<void> {
  // Nothing to do when the resolver sources, the schema and the build script are those of the last build.
  const marker = join(repoRoot, 'dist', '.resolvers.fingerprint');
  const inputs = ['domains', join('lib', 'appsync'), join('api', 'wiring'), 'schema.graphql', join('scripts', 'build-resolvers.ts'), 'package-lock.json', 'tsconfig.json'].map((f) => join(repoRoot, f));
  const want = fingerprint(inputs);
  if (readFingerprint(marker) === want && existsSync(join(repoRoot, 'dist', 'resolvers'))) return;
  rmSync(marker, { force: true });
  // The schema is checked here so its errors read as such (the endpoint would fail later, less clearly).
  const schemaFile = join(repoRoot, 'schema.graphql');
  if (existsSync(join(repoRoot, 'local', 'graphql', 'schema.ts'))) {
    const { buildAppSyncSchema } = await import('./graphql-endpoint/schema.js');
    try {
      buildAppSyncSchema(readFileSync(schemaFile, 'utf8'));
    } catch (e) {
      fail(`schema.graphql does not build:\n${(e as Error).message}`);
    }
  }
  const esbuild = await import('esbuild');
  try {
    const { buildResolvers } = await import('../scripts/build-resolvers.js');
    await buildResolvers();
  } catch (e) {
    const err = e as Error & { errors?: { text: string; location?: { file: string; line: number; column: number } | null }[] };
    const lines = err.errors?.length
      ? err.errors.map((x) => `  ${x.location ? `${x.location.file}:${x.location.line}:${x.location.column}: ` : ''}${x.text}`).join('\n')
      : `  ${err.message}`;
    fail(`A resolver does not build (resolvers/ → dist/resolvers/):\n${lines}`);
  } finally {
    await esbuild.stop(); // its service process would otherwise stay for the life of the stack
  }
  writeFileSync(marker, `${want}\n`);
}

async function main(): Promise<void> {
  const envFile = join(repoRoot, '.env');
  if (existsSync(envFile)) process.loadEnvFile(envFile); // does not override variables already set
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

  const ports = portsFromEnv();
  const rawDir = process.env.SIVERA_DATA_DIR || '.local';
  const dataDir = isAbsolute(rawDir) ? rawDir : join(repoRoot, rawDir);
  const rel = relative(process.cwd(), dataDir);
  const shown = rel === '' ? '.' : rel.startsWith('..') ? dataDir : rel;
  checkDataDir(dataDir);

  await build();

  const logMode = process.env.SIVERA_LOG ?? '';
  const out = (line: string) => void process.stdout.write(`${line}\n`);
  out(`Starting the Sivera API (data in ${shown}/)`);
  // Ctrl-C while starting: the terminal's SIGINT reaches the whole process group, so the JVM and
  // cognito-local are already stopping; this process leaves at once too, without a stack.pid behind.
  const early = (signal: string) => () => {
    process.stderr.write(`\n${signal}: start interrupted; nothing is left running, data kept in ${shown}/\n`);
    rmSync(join(dataDir, 'stack.pid'), { force: true });
    process.exit(130);
  };
  const earlyHandlers = (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map((sig) => [sig, early(sig)] as const);
  for (const [sig, h] of earlyHandlers) process.on(sig, h);
  let stack: Stack;
  try {
    stack = await startStack({
      dataDir,
      ports,
      https: process.env.SIVERA_HTTPS !== '0',
      demo: process.env.SIVERA_DEMO !== '0',
      demoInBackground: true,
      region: process.env.SIVERA_REGION || undefined,
      confirmationCode: process.env.SIVERA_CONFIRMATION_CODE || undefined,
      log: { file: join(dataDir, 'stack.log'), terminal: (source, text) => terminalLine(logMode, source, text) },
      onProgress: (service, ms) => out(`  ✓ ${service.padEnd(18)} ${String(ms).padStart(5)} ms`),
      // The edit loop: saved resolvers, Lambda modules, wiring and schema are served without a restart.
      watch: process.env.SIVERA_WATCH === '0' ? undefined : { report: out },
      // App-level platform secrets set in the shell (KAKAO_REST_API_KEY, META_APP_SECRET…) reach the sync Lambda.
      appSecrets: Object.fromEntries(platformSecrets.map((s) => [s.envVar, process.env[s.envVar]])),
    });
  } catch (e) {
    rmSync(join(dataDir, 'stack.pid'), { force: true });
    const err = e as Error;
    if (['JavaMissingError', 'PortInUseError', 'CorruptStateError', 'CorruptCognitoStateError'].includes(err.name)) fail(err.message);
    if (/does not match api\/tables\.ts|could not be read|corrupt/i.test(err.message)) fail(err.message);
    throw new Error(`${err.message}\n(see ${join(shown, 'stack.log')})`, { cause: e });
  }

  const o = stack.outputs;
  writeOutputs(join(dataDir, 'outputs.json'), o);
  const children = [stack.services.dynamodb.proc.pid].filter((p): p is number => p !== undefined);
  const pidFile = join(dataDir, 'stack.pid');
  writeFileSync(pidFile, `${JSON.stringify({ pid: process.pid, children })}\n`);
  // Whatever ends this process, it does not leave a stack.pid naming itself behind.
  process.on('exit', () => {
    try {
      if ((JSON.parse(readFileSync(pidFile, 'utf8')) as { pid?: number }).pid === process.pid) rmSync(pidFile, { force: true });
    } catch {
      /* already gone */
    }
  });

  let stopping = false;
  let told = false;
  const stop = async (signal: string) => {
    // Ctrl-C reaches this process twice under npm (from the terminal, and forwarded by npm), and people
    // press it again while waiting: one clean stop runs, later signals only say it is under way.
    if (stopping) {
      if (!told) process.stderr.write('still stopping (finishing the running Lambda invocations, then DynamoDB Local writes its data)…\n');
      told = true;
      return;
    }
    stopping = true;
    process.stderr.write(`\n${signal}: stopping the local stack…\n`);
    let code = 0;
    try {
      await stack.stop();
    } catch (e) {
      code = 1;
      process.stderr.write(`some services did not stop cleanly: ${(e as Error).message} (see ${join(shown, 'stack.log')})\n`);
    } finally {
      rmSync(pidFile, { force: true });
    }
    process.stderr.write('stopped; data kept in ' + shown + '/\n');
    process.exit(code);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGHUP', () => void stop('SIGHUP'));
  for (const [sig, h] of earlyHandlers) process.off(sig, h);

  // Already seeded (a restart of a seeded install is a no-op) when it settled within this tick.
  let seeded = false;
  void stack.demoSeeded.then(() => (seeded = true), () => undefined);
  await new Promise((r) => setImmediate(r));
  out(readyBlock(o, shown, Math.round(process.uptime() * 1000), seeded, process.env.SIVERA_WATCH !== '0'));
  // Start-up garbage (module loading, TLS, builds) is not kept while the stack idles (npm start runs with --expose-gc).
  const collect = () => {
    (globalThis as { gc?: () => void }).gc?.();
    const m = process.memoryUsage();
    const mb = (n: number) => Math.round(n / 1048576);
    stack.services.log.write('stack', `memory: rss ${mb(m.rss)} MB, heap ${mb(m.heapUsed)}/${mb(m.heapTotal)} MB, external ${mb(m.external)} MB`);
  };
  setTimeout(collect, 500).unref();
  // A demo page build (a first start, or changed sources) leaves esbuild's service process running: stop it
  // (without loading esbuild when nothing used it; a later build starts a new one).
  const req = createRequire(import.meta.url);
  const esbuildPath = req.resolve('esbuild');
  if (req.cache[esbuildPath]) void (req(esbuildPath) as typeof import('esbuild')).stop();
  if (!seeded && o.demoUsers.length) {
    stack.demoSeeded.then(
      () => {
        if (stopping) return;
        out('Demo data ready.');
        setTimeout(collect, 500).unref();
      },
      (e: Error) => void (!stopping && process.stderr.write(`Demo data could not be seeded: ${e.message} (see ${join(shown, 'stack.log')})\n`)),
    );
  }
}

/**
 * What of a log line the terminal shows. By default only what needs attention — a Lambda handler's
 * warnings and errors, failed async invocations, demo steps that failed — as one short prefixed line,
 * so routine output (the demo sync's) never pushes the ready block away; everything is in stack.log.
 * SIVERA_LOG=lambda shows all handler output, SIVERA_LOG=all every service's lines.
 */
function terminalLine(mode: string, source: string, text: string): boolean | string {
  if (mode === 'all') return true;
  if (source === 'watch') return false; // the watcher's lines are printed to stdout already
  const isLambda = source.startsWith('lambda:');
  if (isLambda && mode === 'lambda') return true;
  const first = text.split('\n')[0] ?? '';
  const level = /^\S+ (WARN|ERROR) (.*)$/.exec(first);
  let shown: string | undefined;
  if (isLambda && level) shown = `${source.slice('lambda:'.length)} ${level[1]} ${level[2]}`;
  else if (isLambda && first.startsWith('async invocation failed')) shown = `${source.slice('lambda:'.length)} ${first}`;
  else if (source === 'demo' && /^could not/.test(first) && !/stack is stopping/.test(first)) shown = `demo data: ${first}`;
  if (!shown) return false;
  return `  ! ${shown.length > 160 ? `${shown.slice(0, 159)}…` : shown}\n`;
}

/** The short block printed once everything is up: URLs, demo users, where config and logs are. */
function readyBlock(o: Stack['outputs'], shown: string, ms: number, seeded: boolean, watching: boolean): string {
  const g = o.graphql;
  const rows: [string, string][] = [];
  if (g) {
    rows.push(['GraphQL', `${g.url}${g.httpsUrl ? `  (HTTPS/WSS for Amplify: ${g.httpsUrl})` : ''}`]);
    rows.push(['GraphiQL', `${g.graphiqlUrl}   demo page ${g.graphiqlUrl}demo/`]);
  } else rows.push(['GraphQL', `not available (see ${join(shown, 'stack.log')})`]);
  rows.push(['Cognito', `${o.cognito.endpoint}  (confirmation code ${o.cognito.confirmationCode})`]);
  if (o.demoUsers.length) {
    rows.push(['Demo users', o.demoUsers.map((u) => `${u.email} / ${u.password}`).join('   ')]);
    if (!seeded) rows.push(['', 'demo data is being checked and seeded where missing (their sign-ins wait for any seeding)']);
  }
  rows.push(['Config, log', `${join(shown, 'outputs.json')}   ${join(shown, 'stack.log')}`]);
  if (watching) rows.push(['Watching', 'resolvers/ functions/ api/ schema.graphql: saved changes are served at once']);
  return [`Sivera API ready in ${(ms / 1000).toFixed(1)} s — Ctrl-C stops it`, ...rows.map(([k, v]) => `  ${k.padEnd(12)} ${v}`)].join('\n');
}

main().catch((e: unknown) => {
  if (e instanceof StartError) process.stderr.write(`\nnpm start: ${e.message}\n`);
  else process.stderr.write(`\nnpm start failed: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});

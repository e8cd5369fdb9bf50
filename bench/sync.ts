// Campaign sync throughput: 10,000 Google Ads campaigns x 30 days streamed from the Google fake
// (searchStream, 10,000-row batches) through the real adapter and the sync engine into DynamoDB Local,
// twice, against a raw BatchWriteItem of the same items measured in the same run before and after each
// sync (the mean of the three): the plain SDK v3 BatchWriteItemCommand on the low-level client (not the
// sync's writer), the stored items as DynamoDB returns them (already marshalled), 25 a call, as many
// calls in flight as the sync uses, unprocessed items retried. Also: a sync's BatchWriteItem calls
// against ceil(items/25), and the peak RSS growth of this process during a sync.
// Credentials decryption is one KMS call per sync and is stubbed here: the figures are about streaming
// and writing. The fake platforms run in a child process, as a real platform is another machine: in
// this process they would compete with the sync for the event loop and inflate its RSS.
// Run directly with --serve-fakes, this file is that child: it prints the fakes' URLs as one JSON line.
import { BatchWriteItemCommand, QueryCommand as RawQueryCommand, type AttributeValue, type DynamoDBClient, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../api/tables.js';
import * as engine from '../domains/sync/lambda/engine.js';
import { encodeSyncId } from '../domains/sync/lambda/sync-id.js';
import { createLogger } from '../lib/node/logger.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { fakeControl, makeAccount, startFakePlatforms, type FakeUrls, type SeedAccount } from '../local/fakes/index.js';
import { dynamoClient, ensureTables, startDynamoDbLocal } from '../local/services/dynamodb.js';
import type { Bench, BenchResult } from './types.js';

const CAMPAIGNS = Number(process.env.BENCH_CAMPAIGNS ?? 10_000);
const DAYS = 30;
const REGION = 'us-east-1';
/** Measured syncs; each has a raw write before and after it (A-S-A-S-A). */
const SYNC_ROUNDS = 2;
const READ_PAGE = 250;

/** Starts the fakes in a child process; resolves with their URLs and a control client. */
async function childFakes(): Promise<{ urls: FakeUrls; control: ReturnType<typeof fakeControl>; close(): Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--serve-fakes'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`fake server child exited (${code})`)));
    createInterface({ input: child.stdout! }).once('line', resolve);
  });
  const urls = JSON.parse(line) as FakeUrls;
  return {
    urls,
    control: fakeControl(urls),
    close: async () => {
      child.kill('SIGTERM');
      if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
    },
  };
}

if (process.argv.includes('--serve-fakes') && import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const f = await startFakePlatforms({ seedDemo: false });
  console.log(JSON.stringify(f.urls));
  process.once('SIGTERM', () => void f.close().then(() => process.exit(0)));
}

export const run: Bench = async () => {
  process.env.AWS_ACCESS_KEY_ID ??= 'local';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
  process.env.AWS_REGION ??= REGION;
  const db = await startDynamoDbLocal({});
  const fakes = await childFakes();
  const raw = dynamoClient(db.endpoint, REGION);
  const ddb = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
  try {
    await ensureTables(raw);
    const tables = { credentials: tableName('platformCredentials'), campaigns: tableName('campaigns') };
    const log = createLogger({ bench: 'sync' }, { level: 'error' });

    async function connect(owner: string, a: SeedAccount) {
      await ddb.send(new PutCommand({
        TableName: tables.credentials,
        Item: { userPlatform: `${owner}#GOOGLE_ADS`, accountId: a.accountId, credentials: 'stub', status: 'active', ownerId: owner, platform: 'GOOGLE_ADS' },
      }));
    }
    async function sync(owner: string, a: SeedAccount) {
      const to = new Intl.DateTimeFormat('en-CA', { timeZone: a.timeZone }).format(new Date());
      const from = new Date(Date.parse(`${to}T00:00:00Z`) - (DAYS - 1) * 86_400_000).toISOString().slice(0, 10);
      const r = await engine.runSync(
        {
          ddb,
          tables,
          decrypt: async () => a.credentials,
          sink: { publish: async () => {} },
          adapter: { env: fakes.urls, timeoutMs: 120_000 },
          log,
        },
        { syncId: encodeSyncId({ ownerId: owner, platform: 'GOOGLE_ADS', accountId: a.accountId }), ownerId: owner, platform: 'GOOGLE_ADS', accountId: a.accountId, from, to },
      );
      if (r?.status.state !== 'SUCCEEDED') throw new Error(`bench sync ended ${r?.status.state}: ${r?.status.message}`);
      return r;
    }
    // The stored items exactly as DynamoDB holds them (already marshalled: what the sync wrote). Pages
    // capped by a Limit: without one DynamoDB Local reads the rest of the partition for every page (84 s
    // for 10,000 campaigns), and the heap it grows for that changed the collections of the next phase.
    async function readBack(owner: string, a: SeedAccount): Promise<Record<string, AttributeValue>[]> {
      const out: Record<string, AttributeValue>[] = [];
      let start: Record<string, AttributeValue> | undefined;
      do {
        const p = await raw.send(new RawQueryCommand({ TableName: tables.campaigns, KeyConditionExpression: 'userPlatformAccount = :pk', ExpressionAttributeValues: { ':pk': { S: `${owner}#GOOGLE_ADS#${a.accountId}` } }, ExclusiveStartKey: start, Limit: READ_PAGE }));
        out.push(...(p.Items ?? []));
        start = p.LastEvaluatedKey;
      } while (start);
      return out;
    }
    // The baseline: the plain SDK v3 BatchWriteItemCommand on the low-level client, 25 marshalled items a
    // call, `concurrency` calls in flight (the sync's own write concurrency), UnprocessedItems retried with
    // full-jitter backoff. Independent of the sync's writer, so speeding that up cannot speed this up.
    async function rawWrite(client: DynamoDBClient, stored: Record<string, AttributeValue>[], owner: string, accountId: string, concurrency: number) {
      const pk: AttributeValue = { S: `${owner}#GOOGLE_ADS#${accountId}` };
      const ownerId: AttributeValue = { S: owner };
      const requests: WriteRequest[] = stored.map((it) => ({ PutRequest: { Item: { ...it, userPlatformAccount: pk, ownerId } } }));
      let calls = 0;
      let next = 0;
      const t0 = performance.now();
      const worker = async () => {
        while (next < requests.length) {
          let pending: WriteRequest[] = requests.slice(next, next + 25);
          next += 25;
          for (let attempt = 0; pending.length; attempt++) {
            if (attempt >= 12) throw new Error('raw BatchWriteItem kept returning unprocessed items');
            if (attempt) await new Promise((r) => setTimeout(r, Math.random() * Math.min(5_000, 50 * 2 ** attempt)));
            calls++;
            const r = await client.send(new BatchWriteItemCommand({ RequestItems: { [tables.campaigns]: pending } }));
            pending = r.UnprocessedItems?.[tables.campaigns] ?? [];
          }
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
      return { ms: performance.now() - t0, calls };
    }
    // The sync's write concurrency (the engine's default; 4 where a commit predates the export).
    const concurrency = (engine as { DEFAULT_WRITE_CONCURRENCY?: number }).DEFAULT_WRITE_CONCURRENCY ?? 4;

    // Warm-up (JIT, DynamoDB Local's first writes) on a small account, both paths.
    const warm = makeAccount('GOOGLE_ADS', { suffix: 'warm', campaigns: 1_000, historyDays: DAYS + 5 });
    await fakes.control.seed(warm);
    await connect('warm-owner', warm);
    await sync('warm-owner', warm);
    await rawWrite(raw, await readBack('warm-owner', warm), 'warm-raw', warm.accountId, concurrency);

    const big = makeAccount('GOOGLE_ADS', { suffix: 'bench', campaigns: CAMPAIGNS, historyDays: DAYS + 5 });
    await fakes.control.seed(big);
    // Interleaved (A-S-A-S-A): a full-size priming sync of the same account under another owner gives the
    // items for the first raw write; each measured sync (its own owner) is followed by a raw write of what
    // it stored. The ratio is the syncs' mean over the raw writes' mean, so the load drift of a shared
    // machine (and DynamoDB Local slowing as its table grows) falls on both sides alike, and one noisy
    // phase moves it less than in a single pair.
    // Items read back only inside rawAfter(), so they are garbage before each RSS baseline.
    const rawAfter = async (owner: string, rawOwner: string) => {
      const items = await readBack(owner, big);
      if (items.length !== CAMPAIGNS) throw new Error(`expected ${CAMPAIGNS} stored campaigns for ${owner}, found ${items.length}`);
      return rawWrite(raw, items, rawOwner, big.accountId, concurrency);
    };
    await connect('bench-prime', big);
    await sync('bench-prime', big);
    const raws = [(await rawAfter('bench-prime', 'bench-raw-0')).ms];
    const syncs: number[] = [];
    let result: Awaited<ReturnType<typeof sync>> | undefined;
    let growth = 0;
    for (let i = 1; i <= SYNC_ROUNDS; i++) {
      await connect(`bench-owner-${i}`, big);
      global.gc?.();
      const rss0 = process.memoryUsage().rss;
      let peak = rss0;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
      const t0 = performance.now();
      result = await sync(`bench-owner-${i}`, big);
      syncs.push(performance.now() - t0);
      clearInterval(sampler);
      growth = Math.max(growth, Math.max(peak, process.memoryUsage().rss) - rss0);
      raws.push((await rawAfter(`bench-owner-${i}`, `bench-raw-${i}`)).ms);
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const syncMs = mean(syncs);
    const baselineMs = mean(raws);
    const ideal = Math.ceil(CAMPAIGNS / 25);
    const ms = (xs: number[]) => xs.map(Math.round).join(', ');

    const growthMb = growth / 1_048_576;
    const results: BenchResult[] = [
      { name: `sync 10k campaigns x 30 days wall, mean of ${ms(syncs)} ms (baseline: raw BatchWriteItemCommand, ${concurrency} in flight, mean of ${ms(raws)} ms, interleaved)`, value: Math.round(syncMs), unit: 'ms', baseline: Math.round(baselineMs), ratio: syncMs / baselineMs, target: '<= 1.3x' },
      { name: 'sync BatchWriteItem calls', value: result!.writeCalls, unit: 'calls', baseline: ideal, ratio: result!.writeCalls / ideal, target: `= ceil(items/25) + retries (${result!.writeRetries} retries)` },
      { name: 'sync peak RSS growth (the larger of the syncs)', value: Math.round(growthMb * 10) / 10, unit: 'MB', baseline: null, ratio: growthMb / 150, target: '< 150 MB' },
    ];
    return results;
  } finally {
    ddb.destroy();
    await fakes.close();
    await db.stop();
  }
};

// Bounded load on loopback: CLIENTS concurrent signed-in clients send `me` (one GetItem through the whole
// API) for SECONDS; the baseline is the same concurrency of raw SDK GetItems on the same DynamoDB Local.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { MeDocument, SiveraClient, configFromOutputs } from '../client/index.js';
import { startStack } from '../local/stack.js';
import { buildResolvers } from '../scripts/build-resolvers.js';
import { percentile } from './stats.js';
import type { Bench } from './types.js';

const CLIENTS = Number(process.env.LOAD_CLIENTS ?? 16);
const SECONDS = Number(process.env.LOAD_SECONDS ?? 10);

async function drive(op: () => Promise<void>): Promise<{ latencies: number[]; errors: number }> {
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < deadline) {
        const t = performance.now();
        try {
          await op();
          latencies.push(performance.now() - t);
        } catch {
          errors++;
        }
      }
    }),
  );
  return { latencies, errors };
}

export const run: Bench = async () => {
  const bundleDir = mkdtempSync(join(tmpdir(), 'sivera-bench-resolvers-'));
  await buildResolvers({ outDir: bundleDir });
  const stack = await startStack({ bundleDir, fakes: false });
  try {
    const o = stack.outputs;
    const client = new SiveraClient(configFromOutputs(o as unknown as Record<string, unknown>));
    const email = `load-${Date.now()}@bench.sivera.example`;
    const { userId } = await client.auth.signUp(email, 'LoadBench-1x');
    await client.auth.confirmSignUp(email, o.cognito.confirmationCode);
    await client.auth.signIn(email, 'LoadBench-1x');
    const ddb = new DynamoDBClient({ endpoint: o.dynamodb.endpoint, region: o.region, credentials: o.iam });
    const get = new GetItemCommand({ TableName: o.dynamodb.tables.users, Key: { userId: { S: userId } } });

    const api = await drive(async () => {
      const { me } = await client.query(MeDocument);
      if (me.userId !== userId) throw new Error('wrong user');
    });
    const raw = await drive(async () => {
      if ((await ddb.send(get)).Item?.userId?.S !== userId) throw new Error('no item');
    });
    const rate = (r: typeof api) => r.latencies.length / SECONDS;
    const label = `${CLIENTS} clients x ${SECONDS}s`;
    return [
      { name: `load ${label}: throughput`, value: rate(api), unit: 'req/s', baseline: rate(raw), ratio: rate(api) / rate(raw), target: 'reported' },
      { name: `load ${label}: p50`, value: percentile(api.latencies, 50), unit: 'ms', baseline: percentile(raw.latencies, 50), ratio: percentile(api.latencies, 50) / percentile(raw.latencies, 50), target: 'reported' },
      { name: `load ${label}: p99`, value: percentile(api.latencies, 99), unit: 'ms', baseline: percentile(raw.latencies, 99), ratio: percentile(api.latencies, 99) / percentile(raw.latencies, 99), target: 'reported' },
      { name: `load ${label}: error rate`, value: api.errors / (api.errors + api.latencies.length), unit: 'fraction', baseline: raw.errors / (raw.errors + raw.latencies.length), ratio: null, target: '0' },
    ];
  } finally {
    await stack.stop();
    rmSync(bundleDir, { recursive: true, force: true });
  }
};

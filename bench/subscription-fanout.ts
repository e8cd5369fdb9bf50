// 1,000 WebSocket subscribers of onSyncStatusChanged receive one published status: delivery latency
// (publish → frame received) through the AppSync-compatible endpoint (auth, the real subscription
// resolver bundle, enhanced filter, per-subscriber selection) against a raw `ws` broadcast of the
// same frame to 1,000 sockets, measured in the same run. Target: p99 <= 1.1x the raw broadcast.
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Bench, BenchResult } from './types.js';
import { startGraphqlEndpoint } from '../local/graphql-endpoint/server.js';
import { createResolverExecutor } from '../local/resolver-runtime/index.js';
import { wiring } from '../api/wiring/index.js';
import { tableEnv } from '../api/tables.js';
import { buildResolvers } from '../scripts/build-resolvers.js';
import { percentile } from './stats.js';
import { CLIENT_ID, startJwks } from '../test/support/jwks.js';
import { CONNECTION_INIT, realtimeProtocols, startMessage, subscriptionData, type RealtimeAuthorization } from '../client/realtime-protocol.js';

// BENCH_FANOUT_SUBSCRIBERS / BENCH_FANOUT_EVENTS: a smaller run to check the bench works (the target is judged at 1,000 and 100).
// A round's 1,000 latencies move together (one descheduling delays them all), so a pooled p99 is about the
// worst round or two: runs of the same code gave 0.83-1.71x with 20 rounds (5 runs), 0.90-1.31x with 100 (9).
const SUBSCRIBERS = Number(process.env.BENCH_FANOUT_SUBSCRIBERS ?? 1_000);
const EVENTS = Number(process.env.BENCH_FANOUT_EVENTS ?? 100);
const root = new URL('../', import.meta.url);


// The 1,000 client sockets live in a worker thread, so the server's event loop (the thing measured)
// does not also parse 1,000 incoming frames; both threads read the same clock (timeOrigin + now()).
// The worker runs plain JS: the frames it sends are encoded beforehand by the client package's protocol
// module (client/realtime-protocol.ts); the worker only sends them and tells the replies apart.
const CLIENT_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { WebSocket } = require(workerData.wsPath);
const { url, protocols, n, start } = workerData;
const now = () => performance.timeOrigin + performance.now();
let ready = 0, batch = [];
const sockets = [];
for (let i = 0; i < n; i++) {
  const ws = new WebSocket(url, protocols);
  sockets.push(ws);
  ws.on('open', () => {
    if (start) ws.send(start.init);
    else if (++ready === n) parentPort.postMessage({ ready: true });
  });
  ws.on('message', (raw) => {
    const at = now();
    const frame = String(raw);
    if (!start || frame.includes('"type":"data"')) {
      batch.push(at);
      if (batch.length === n) { parentPort.postMessage({ arrivals: batch, frame }); batch = []; }
    } else if (frame.includes('"connection_ack"')) {
      ws.send(start.frames[i]);
    } else if (frame.includes('"start_ack"')) {
      if (++ready === n) parentPort.postMessage({ ready: true });
    } else if (frame.includes('"error"')) {
      parentPort.postMessage({ error: frame });
    }
  });
  ws.on('error', (e) => parentPort.postMessage({ error: String(e) }));
}
parentPort.on('message', (m) => { if (m === 'close') { for (const ws of sockets) ws.terminate(); parentPort.close(); } });
`;

interface Clients {
  ready: Promise<void>;
  /** Arrival times (epoch ms, fractional) of the next frame on every socket, and one of the frames. */
  nextRound(): Promise<{ arrivals: number[]; frame: string }>;
  close(): Promise<void>;
}

/** `subscribe`: the AppSync handshake (connection_init, then a start per socket) with this subscription; null: raw sockets. */
function startClients(url: string, subscribe: { data: string; authorization: RealtimeAuthorization } | null): Clients {
  const wsPath = createRequire(import.meta.url).resolve('ws');
  const protocols = subscribe ? realtimeProtocols(subscribe.authorization) : [];
  const start = subscribe && {
    init: CONNECTION_INIT,
    frames: Array.from({ length: SUBSCRIBERS }, (_, i) => startMessage(`s${i}`, subscribe.data, subscribe.authorization)),
  };
  const worker = new Worker(CLIENT_WORKER, { eval: true, workerData: { wsPath, url, protocols, n: SUBSCRIBERS, start } });
  const rounds: { arrivals: number[]; frame: string }[] = [];
  const waiting: ((r: { arrivals: number[]; frame: string }) => void)[] = [];
  let readyResolve!: () => void;
  let fail!: (e: Error) => void;
  const ready = new Promise<void>((resolve, reject) => {
    readyResolve = resolve;
    fail = reject;
  });
  worker.on('message', (m: { ready?: boolean; error?: string; arrivals?: number[]; frame?: string }) => {
    if (m.ready) readyResolve();
    else if (m.error) fail(new Error(`client failed: ${m.error}`));
    else if (m.arrivals) {
      const r = { arrivals: m.arrivals, frame: m.frame ?? '' };
      const w = waiting.shift();
      if (w) w(r);
      else rounds.push(r);
    }
  });
  worker.on('error', (e) => fail(e));
  return {
    ready,
    nextRound: () => (rounds.length ? Promise.resolve(rounds.shift()!) : new Promise((r) => waiting.push(r))),
    close: async () => {
      worker.postMessage('close');
      await worker.terminate();
    },
  };
}

const clock = () => performance.timeOrigin + performance.now();

interface Side {
  /** Publishes one event; resolves with every subscriber's latency (ms) and one of the frames. */
  round(n: number): Promise<{ latencies: number[]; frame: string }>;
  close(): Promise<void>;
}

async function endpointSide(): Promise<Side> {
  const bundleDir = fileURLToPath(new URL('dist/resolvers', root));
  if (!existsSync(`${bundleDir}/Subscription.onSyncStatusChanged.js`)) await buildResolvers();
  const issuer = await startJwks();
  const executor = await createResolverExecutor({
    wiring,
    bundleDir,
    // Subscribing to one's own status is authorized without a table read (authorizeOwner's "self" path),
    // so no DynamoDB is contacted; a call there would fail the bench loudly.
    dynamodb: { endpoint: 'http://127.0.0.1:9', region: 'ap-northeast-2', tablePrefix: '' },
    lambda: { invoke: async (name) => Promise.reject(new Error(`bench invokes no Lambda (${name})`)) },
    env: tableEnv(''),
  });
  const endpoint = await startGraphqlEndpoint({
    host: '127.0.0.1',
    port: 0,
    schemaSdl: readFileSync(new URL('schema.graphql', root), 'utf8'),
    executor,
    auth: { cognito: { issuer: issuer.issuer, jwksUri: issuer.jwksUri, userPoolClientId: CLIENT_ID }, iam: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench', region: 'ap-northeast-2' } },
    log: { info() {}, warn() {}, error: (m, f) => console.error(m, f) },
    evaluateCode: null,
    keepAliveMs: 600_000,
  });
  const owner = randomUUID();
  const auth = { Authorization: issuer.accessToken(owner), host: new URL(endpoint.url).host };
  const query = 'subscription S($ownerId: ID!) { onSyncStatusChanged(ownerId: $ownerId) { syncId ownerId platform accountId state progress campaignsSynced message } }';
  const clients = startClients(endpoint.realtimeUrl, { data: subscriptionData(query, { ownerId: owner }), authorization: auth });
  await clients.ready;
  return {
    async round(n) {
      const t0 = clock();
      await endpoint.publish('publishSyncStatus', {
        syncId: `sync-${n}`,
        ownerId: owner,
        platform: 'META',
        accountId: 'act-1',
        state: 'RUNNING',
        progress: n,
        campaignsSynced: n * 3,
        message: null,
        startedAt: '2026-01-01T00:00:00.000Z',
      });
      const r = await clients.nextRound();
      return { latencies: r.arrivals.map((a) => a - t0), frame: r.frame };
    },
    async close() {
      await clients.close();
      await endpoint.close();
      await issuer.close();
    },
  };
}

async function rawSide(): Promise<Side & { frame: string }> {
  const http = createServer();
  const wss = new WebSocketServer({ server: http });
  const serverSide: WebSocket[] = [];
  wss.on('connection', (ws) => serverSide.push(ws));
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const clients = startClients(`ws://127.0.0.1:${(http.address() as AddressInfo).port}`, null);
  await clients.ready;
  while (serverSide.length < SUBSCRIBERS) await new Promise((r) => setTimeout(r, 2));
  const side = {
    /** The frame to broadcast: the endpoint's own frame of the same event. */
    frame: '',
    async round() {
      const t0 = clock();
      for (const ws of serverSide) ws.send(side.frame);
      const r = await clients.nextRound();
      return { latencies: r.arrivals.map((a) => a - t0), frame: r.frame };
    },
    async close() {
      await clients.close();
      wss.close();
      await new Promise<void>((r) => http.close(() => r()));
    },
  };
  return side;
}

const WARMUP = 3;

/** Both sides are up at once and take turns, event by event, so noise on the machine hits both alike. */
async function measure(): Promise<{ latencies: number[]; baseline: number[] }> {
  const api = await endpointSide();
  const raw = await rawSide();
  try {
    const latencies: number[] = [];
    const baseline: number[] = [];
    for (let round = 0; round < WARMUP + EVENTS; round++) {
      const a = await api.round(round);
      raw.frame = a.frame;
      const b = await raw.round(round);
      if (round < WARMUP) continue;
      latencies.push(...a.latencies);
      baseline.push(...b.latencies);
    }
    return { latencies, baseline };
  } finally {
    await api.close();
    await raw.close();
  }
}

export const run: Bench = async () => {
  const { latencies, baseline } = await measure();
  const a = [...latencies].sort((x, y) => x - y);
  const b = [...baseline].sort((x, y) => x - y);
  const result = (name: string, p: number, target: string): BenchResult => {
    const value = percentile(a, p);
    const base = percentile(b, p);
    return { name, value: Number(value.toFixed(3)), unit: 'ms', baseline: Number(base.toFixed(3)), ratio: Number((value / base).toFixed(3)), target };
  };
  return [
    result(`subscription fan-out p50 (${SUBSCRIBERS} subscribers, ${EVENTS} events) vs raw ws broadcast`, 50, 'reported'),
    result(`subscription fan-out p99 (${SUBSCRIBERS} subscribers, ${EVENTS} events) vs raw ws broadcast`, 99, '<= 1.1x'),
  ];
};

// `tsx bench/subscription-fanout.ts` runs it alone.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const r of await run()) console.log(JSON.stringify(r));
}

// 1,000 WebSocket subscribers of onSyncStatusChanged receive one published status: delivery latency
// (publish → frame received) through the AppSync-compatible endpoint (auth, the real subscription
// resolver bundle, enhanced filter, per-subscriber selection) against a raw `ws` broadcast of the
// same frame to 1,000 sockets, measured in the same run. Target: p99 <= 50 ms.
import { createServer, type Server } from 'node:http';
import { createSign, generateKeyPairSync, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { WebSocket, WebSocketServer } from 'ws';
import type { Bench, BenchResult } from './types.js';
import { startGraphqlEndpoint } from '../local/graphql/server.js';
import { createResolverExecutor } from '../local/appsync/index.js';
import { wiring } from '../api/wiring/index.js';
import { tableEnv } from '../api/tables.js';
import { buildResolvers } from '../scripts/build-resolvers.js';

const SUBSCRIBERS = 1_000;
const EVENTS = 20;
const CLIENT_ID = 'benchclient';
const root = new URL('../', import.meta.url);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** A JWKS over http and RS256 tokens, as cognito-local serves and issues them. */
async function tokenIssuer(): Promise<{ issuer: string; jwksUri: string; token(sub: string): string; close(): Promise<void> }> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'bench', alg: 'RS256', use: 'sig' };
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/bench_pool`;
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return {
    issuer,
    jwksUri: `${issuer}/.well-known/jwks.json`,
    token(sub) {
      const now = Math.floor(Date.now() / 1000);
      const body = `${b64({ alg: 'RS256', kid: 'bench' })}.${b64({ sub, iss: issuer, client_id: CLIENT_ID, token_use: 'access', username: sub, iat: now, exp: now + 3600 })}`;
      return `${body}.${createSign('RSA-SHA256').update(body).sign(privateKey).toString('base64url')}`;
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** Opens `n` sockets; `onFrame` sees every frame with its arrival time. */
async function openClients(n: number, open: () => WebSocket, onFrame: (i: number, frame: string, at: number) => void): Promise<WebSocket[]> {
  const sockets: WebSocket[] = [];
  for (let i = 0; i < n; i += 100) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(100, n - i) }, (_, k) => {
        const ws = open();
        const idx = i + k;
        ws.on('message', (raw) => onFrame(idx, String(raw), performance.now()));
        return new Promise<WebSocket>((resolve, reject) => {
          ws.once('open', () => resolve(ws));
          ws.once('error', reject);
        });
      }),
    );
    sockets.push(...batch);
  }
  return sockets;
}

async function measureEndpoint(): Promise<{ latencies: number[]; frame: string }> {
  const bundleDir = fileURLToPath(new URL('dist/resolvers', root));
  if (!existsSync(`${bundleDir}/Subscription.onSyncStatusChanged.js`)) await buildResolvers();
  const issuer = await tokenIssuer();
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
  const token = issuer.token(owner);
  const host = new URL(endpoint.url).host;
  const auth = { Authorization: token, host };
  const header = `header-${Buffer.from(JSON.stringify(auth)).toString('base64url')}`;
  const query = 'subscription S($ownerId: ID!) { onSyncStatusChanged(ownerId: $ownerId) { syncId ownerId platform accountId state progress campaignsSynced message } }';

  let round = -1;
  let t0 = 0;
  let pendingAcks = SUBSCRIBERS;
  let ackedAll!: () => void;
  let failed!: (e: Error) => void;
  const acked = new Promise<void>((resolve, reject) => {
    ackedAll = resolve;
    failed = reject;
  });
  const received: number[][] = Array.from({ length: EVENTS }, () => []);
  let lastFrame = '';
  const sockets = await openClients(
    SUBSCRIBERS,
    () => new WebSocket(endpoint.realtimeUrl, ['graphql-ws', header]),
    (i, frame, at) => {
      if (frame.includes('"type":"data"')) {
        received[round]!.push(at - t0);
        lastFrame = frame;
      } else if (frame.includes('"connection_ack"')) {
        sockets[i]?.send(JSON.stringify({ id: `s${i}`, type: 'start', payload: { data: JSON.stringify({ query, variables: { ownerId: owner } }), extensions: { authorization: auth } } }));
      } else if (frame.includes('"start_ack"')) {
        if (--pendingAcks === 0) ackedAll();
      } else if (frame.includes('"error"')) {
        failed(new Error(`subscription failed: ${frame}`));
      }
    },
  );
  for (const ws of sockets) ws.send('{"type":"connection_init"}');
  await acked;

  for (round = 0; round < EVENTS; round++) {
    t0 = performance.now();
    await endpoint.publish('publishSyncStatus', {
      syncId: `sync-${round}`,
      ownerId: owner,
      platform: 'META',
      accountId: 'act-1',
      state: 'RUNNING',
      progress: round,
      campaignsSynced: round * 3,
      message: null,
      startedAt: '2026-01-01T00:00:00.000Z',
    });
    while (received[round]!.length < SUBSCRIBERS) await new Promise((r) => setTimeout(r, 2));
  }
  for (const ws of sockets) ws.terminate();
  await endpoint.close();
  await issuer.close();
  return { latencies: received.flat(), frame: lastFrame };
}

async function measureRawBroadcast(frame: string): Promise<number[]> {
  const http = createServer();
  const wss = new WebSocketServer({ server: http });
  const serverSide: WebSocket[] = [];
  wss.on('connection', (ws) => serverSide.push(ws));
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}`;
  let round = 0;
  let t0 = 0;
  const received: number[][] = Array.from({ length: EVENTS }, () => []);
  const sockets = await openClients(SUBSCRIBERS, () => new WebSocket(url), (_i, _frame, at) => received[round]!.push(at - t0));
  while (serverSide.length < SUBSCRIBERS) await new Promise((r) => setTimeout(r, 2));
  for (round = 0; round < EVENTS; round++) {
    t0 = performance.now();
    for (const ws of serverSide) ws.send(frame);
    while (received[round]!.length < SUBSCRIBERS) await new Promise((r) => setTimeout(r, 2));
  }
  for (const ws of sockets) ws.terminate();
  wss.close();
  await new Promise<void>((r) => http.close(() => r()));
  return received.flat();
}

export const run: Bench = async () => {
  const { latencies, frame } = await measureEndpoint();
  const baseline = await measureRawBroadcast(frame);
  const a = [...latencies].sort((x, y) => x - y);
  const b = [...baseline].sort((x, y) => x - y);
  const result = (name: string, p: number, target: string): BenchResult => {
    const value = percentile(a, p);
    const base = percentile(b, p);
    return { name, value: Number(value.toFixed(3)), unit: 'ms', baseline: Number(base.toFixed(3)), ratio: Number((value / base).toFixed(3)), target };
  };
  return [
    result(`subscription fan-out p50 (${SUBSCRIBERS} subscribers, ${EVENTS} events)`, 50, 'report'),
    result(`subscription fan-out p99 (${SUBSCRIBERS} subscribers, ${EVENTS} events)`, 99, '<= 50 ms'),
  ];
};

// `tsx bench/subscription-fanout.ts` runs it alone.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const r of await run()) console.log(JSON.stringify(r));
}

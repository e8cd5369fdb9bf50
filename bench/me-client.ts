// The client side of the `me` benches, run in its own process (bench/me-clients.ts starts it), so the
// endpoint's event loop measures only the endpoint. Both the GraphQL requests and the raw SDK GetItem
// baseline come from this same process, interleaved, so they pay the same client costs.
//   latency: one client, `me` then GetItem, alternately, WARMUP + SAMPLES times.
//   load:    CLIENTS concurrent loops, alternating 2-second segments (LOAD_SEGMENT_MS) of `me` and of raw
//            GetItem until each has run SECONDS in total; LOAD_TRACE=1 prints each segment's count.
// The GraphQL requests go through node:http with a keep-alive agent, as the SDK's own requests do
// (its default handler is node:http with keep-alive), so both paths pay the same client-side HTTP cost.
// Input: one JSON argument (MeClientSpec); output: one JSON line (MeClientResult).
import { Agent, request } from 'node:http';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';

export interface MeClientSpec {
  mode: 'latency' | 'load';
  url: string;
  token: string;
  userId: string;
  query: string;
  field: string;
  variables: Record<string, unknown>;
  dynamodb: { endpoint: string; region: string; table: string; credentials: { accessKeyId: string; secretAccessKey: string } };
  warmup?: number;
  samples?: number;
  clients?: number;
  seconds?: number;
}

export interface MeClientResult {
  api: { latencies: number[]; errors: number; seconds: number };
  raw: { latencies: number[]; errors: number; seconds: number };
}

const spec = JSON.parse(process.argv[2] ?? '{}') as MeClientSpec;
const ddb = new DynamoDBClient({ endpoint: spec.dynamodb.endpoint, region: spec.dynamodb.region, credentials: spec.dynamodb.credentials });
const get = new GetItemCommand({ TableName: spec.dynamodb.table, Key: { userId: { S: spec.userId } } });
const body = JSON.stringify({ query: spec.query, variables: spec.variables });

const agent = new Agent({ keepAlive: true, maxSockets: 256 });
const target = new URL(spec.url);
const headers = { 'content-type': 'application/json', authorization: spec.token, 'content-length': Buffer.byteLength(body) };

function post(): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ hostname: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => (res.statusCode === 200 ? resolve(text) : reject(new Error(`HTTP ${res.statusCode}: ${text}`))));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function api(): Promise<void> {
  const j = JSON.parse(await post()) as { data?: Record<string, { userId?: string } | null> };
  if (j.data?.[spec.field]?.userId !== spec.userId) throw new Error(`unexpected answer: ${JSON.stringify(j)}`);
}

async function raw(): Promise<void> {
  const item = await ddb.send(get);
  if (item.Item?.userId?.S !== spec.userId) throw new Error('raw GetItem found no item');
}

async function latency(): Promise<MeClientResult> {
  const out: MeClientResult = { api: { latencies: [], errors: 0, seconds: 0 }, raw: { latencies: [], errors: 0, seconds: 0 } };
  const warmup = spec.warmup ?? 50;
  const samples = spec.samples ?? 1000;
  for (let i = 0; i < warmup + samples; i++) {
    let t = performance.now();
    await api();
    const g = performance.now() - t;
    t = performance.now();
    await raw();
    const s = performance.now() - t;
    if (i >= warmup) {
      out.api.latencies.push(g);
      out.raw.latencies.push(s);
    }
  }
  return out;
}

async function segment(op: () => Promise<void>, ms: number, into: MeClientResult['api']): Promise<void> {
  const deadline = performance.now() + ms;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: spec.clients ?? 16 }, async () => {
      while (performance.now() < deadline) {
        const t = performance.now();
        try {
          await op();
          into.latencies.push(performance.now() - t);
        } catch {
          into.errors++;
        }
      }
    }),
  );
  into.seconds += (performance.now() - t0) / 1000;
  if (process.env.LOAD_TRACE) process.stderr.write(`segment ${op.name} ${Math.round(ms)}ms: ${into.latencies.length} total\n`);
}

async function load(): Promise<MeClientResult> {
  const out: MeClientResult = { api: { latencies: [], errors: 0, seconds: 0 }, raw: { latencies: [], errors: 0, seconds: 0 } };
  // Warm-up of both paths (JIT, keep-alive sockets), not counted: under this load the endpoint's
  // optimised code takes a few seconds to settle (1 s measured the JIT, ~25% below steady state).
  const scratch = { latencies: [], errors: 0, seconds: 0 };
  await segment(api, 3000, scratch);
  await segment(raw, 3000, scratch);
  const total = (spec.seconds ?? 10) * 1000;
  const SEGMENT = Number(process.env.LOAD_SEGMENT_MS ?? 2000);
  for (let done = 0; done < total; done += SEGMENT) {
    const ms = Math.min(SEGMENT, total - done);
    await segment(api, ms, out.api);
    await segment(raw, ms, out.raw);
  }
  return out;
}

const result = spec.mode === 'load' ? await load() : await latency();
ddb.destroy();
agent.destroy();
// Exit only once the (large) line is written: stdout to a pipe is asynchronous and exit would cut it off.
process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0));

// Bounded load on loopback: CLIENTS concurrent clients send `me` (one GetItem through the whole API),
// against the same concurrency of raw SDK GetItems on the same DynamoDB Local. Every load generator
// runs in its own process (bench/me-client.ts), not in the endpoint's: the endpoint's event loop serves
// requests only. The client process alternates 2-second segments of `me` and of raw GetItem, so noise
// on the machine hits both alike. Target: throughput >= 0.8x.
import { percentile } from './stats.js';
import type { Bench } from './types.js';
import { runClient, setUpMe } from './me-clients.js';

const CLIENTS = Number(process.env.LOAD_CLIENTS ?? 16);
const SECONDS = Number(process.env.LOAD_SECONDS ?? 10);

export const run: Bench = async () => {
  const me = await setUpMe();
  try {
    const { api, raw } = await runClient({ ...me.spec, mode: 'load', clients: CLIENTS, seconds: SECONDS });
    const rate = (r: typeof api) => r.latencies.length / r.seconds;
    const label = `${CLIENTS} clients (own process) x ${SECONDS}s, me`;
    const p = (r: typeof api, q: number) => Math.round(percentile(r.latencies, q) * 1000) / 1000;
    return [
      { name: `load ${label}: throughput vs raw GetItem`, value: Math.round(rate(api)), unit: 'req/s', baseline: Math.round(rate(raw)), ratio: rate(api) / rate(raw), target: '>= 0.8x' },
      { name: `load ${label}: p50`, value: p(api, 50), unit: 'ms', baseline: p(raw, 50), ratio: p(api, 50) / p(raw, 50), target: 'reported' },
      { name: `load ${label}: p99`, value: p(api, 99), unit: 'ms', baseline: p(raw, 99), ratio: p(api, 99) / p(raw, 99), target: 'reported' },
      { name: `load ${label}: error rate`, value: api.errors / (api.errors + api.latencies.length), unit: 'fraction', baseline: raw.errors / (raw.errors + raw.latencies.length), ratio: null, target: '0' },
    ];
  } finally {
    await me.stop();
  }
};

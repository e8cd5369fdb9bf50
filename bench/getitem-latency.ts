// End-to-end latency of a one-GetItem GraphQL query (`me`: HTTP, Cognito JWT verification, APPSYNC_JS
// resolver, DynamoDB Local) against a raw SDK GetItem of the same item on the same DynamoDB Local,
// interleaved in one run. The client runs in its own process (bench/me-client.ts), as a frontend
// would: the endpoint's process serves requests and does nothing else. Targets: <= 1.3x at p50, <= 2x at p99.
import type { Bench } from './types.js';
import { percentile } from './stats.js';
import { runClient, setUpMe } from './me-clients.js';

const WARMUP = 100;
const SAMPLES = Number(process.env.LATENCY_SAMPLES ?? 1000);

export const run: Bench = async () => {
  const me = await setUpMe();
  try {
    const r = await runClient({ ...me.spec, mode: 'latency', warmup: WARMUP, samples: SAMPLES });
    const round = (n: number) => Math.round(n * 1000) / 1000;
    return ([50, 99] as const).map((p) => {
      const value = round(percentile(r.api.latencies, p));
      const baseline = round(percentile(r.raw.latencies, p));
      return {
        name: `me p${p}, client in its own process, vs raw SDK GetItem`,
        value,
        unit: 'ms',
        baseline,
        ratio: value / baseline,
        target: p === 50 ? '<= 1.3x' : '<= 2x',
      };
    });
  } finally {
    await me.stop();
  }
};

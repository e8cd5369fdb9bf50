// Start-to-ready of the whole local stack (in-memory, ephemeral ports: what every test run pays),
// against DynamoDB Local alone started in the same run — the floor any stack start sits on.
import { startDynamoDbLocal } from '../local/services/dynamodb.js';
import { startStack } from '../local/stack.js';
import type { Bench } from './types.js';

const ROUNDS = 3;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export const run: Bench = async () => {
  const alone: number[] = [];
  const full: number[] = [];
  // Interleaved, so both see the same machine load.
  for (let i = 0; i < ROUNDS; i++) {
    let t = performance.now();
    const ddb = await startDynamoDbLocal({});
    alone.push(performance.now() - t);
    await ddb.stop();

    t = performance.now();
    const stack = await startStack({ https: true });
    full.push(performance.now() - t);
    await stack.stop();
  }
  const value = Math.round(median(full));
  const baseline = Math.round(median(alone));
  return [
    {
      name: 'stack start-to-ready (median of 3)',
      value,
      unit: 'ms',
      baseline,
      ratio: value / baseline,
      target: 'reported; baseline = DynamoDB Local alone',
    },
  ];
};

if (import.meta.url === `file://${process.argv[1]}`) console.log(await run());

// `npm run bench`: every benchmark in one process tree, each against its baseline measured in the same
// run. Prints one JSON line per metric, then a table. A benchmark that fails is reported, not hidden.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Bench, BenchResult } from './types.js';

const benches = [
  'runtime-overhead',
  'start-to-ready',
  'getitem-latency',
  'campaigns-query',
  'subscription-fanout',
  'sync',
  'bundle-size',
  'load',
  'test-wall-time',
];

const only = process.argv.slice(2);
const results: BenchResult[] = [];
const failures: string[] = [];

for (const name of benches) {
  if (only.length && !only.includes(name)) continue;
  const file = fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
  if (!existsSync(file)) {
    failures.push(`${name}: not present`);
    continue;
  }
  try {
    const { run } = (await import(file)) as { run: Bench };
    for (const r of await run()) {
      results.push(r);
      console.log(JSON.stringify(r));
    }
  } catch (e) {
    failures.push(`${name}: ${(e as Error).stack ?? e}`);
  }
}

const fmt = (n: number | null): string => (n === null ? '—' : Number.isInteger(n) ? String(n) : n.toFixed(3));
console.log('');
console.table(
  results.map((r) => ({ name: r.name, value: fmt(r.value), unit: r.unit, baseline: fmt(r.baseline), ratio: fmt(r.ratio), target: r.target })),
);
for (const f of failures) console.error(`bench failed — ${f}`);
process.exitCode = failures.length ? 1 : 0;

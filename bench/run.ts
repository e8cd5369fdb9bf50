// `npm run bench`: every benchmark in one process tree (one child process each), each against its baseline
// measured in the same run. Prints one JSON line per metric, then a table. A benchmark that fails is
// reported, not hidden.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './types.js';

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
  const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(new URL('./run-one.ts', import.meta.url)), name], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  for (const line of child.stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    const r = JSON.parse(line) as BenchResult;
    results.push(r);
    console.log(line);
  }
  if (child.status !== 0) failures.push(`${name}: exit ${child.status}\n${child.stderr.trim().split('\n').slice(-5).join('\n')}`);
}

const fmt = (n: number | null): string => (n === null ? '—' : Number.isInteger(n) ? String(n) : n.toFixed(3));
console.log('');
console.table(
  results.map((r) => ({ name: r.name, value: fmt(r.value), unit: r.unit, baseline: fmt(r.baseline), ratio: fmt(r.ratio), target: r.target })),
);
for (const f of failures) console.error(`bench failed — ${f}`);
process.exitCode = failures.length ? 1 : 0;

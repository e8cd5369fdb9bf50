// Runs one benchmark module in this process and prints its results as JSON lines (bench/run.ts starts one
// process per benchmark, so stacks, module caches and peak RSS do not leak from one benchmark to the next).
import { fileURLToPath } from 'node:url';
import type { Bench } from './types.js';

const name = process.argv[2];
if (!name) throw new Error('usage: tsx bench/run-one.ts <benchmark>');
const { run } = (await import(fileURLToPath(new URL(`./${name}.ts`, import.meta.url)))) as { run: Bench };
for (const r of await run()) console.log(JSON.stringify(r));
process.exit(0);

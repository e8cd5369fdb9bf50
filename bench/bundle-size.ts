// Each resolver bundle's size against AppSync's 32,768-character code limit.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { buildResolvers, resolverOutDir } from '../scripts/build-resolvers.js';
import type { Bench, BenchResult } from './types.js';

const LIMIT = 32_768;

export const run: Bench = async () => {
  const sources = await buildResolvers();
  const results: BenchResult[] = sources.map((src) => {
    const file = `${resolverOutDir}/${src.replace(/\.ts$/, '.js')}`;
    const chars = readFileSync(file, 'utf8').length;
    return {
      name: `bundle-size:${relative(resolverOutDir, file)}`,
      value: chars,
      unit: 'chars',
      baseline: LIMIT,
      ratio: chars / LIMIT,
      target: '< 1 (AppSync limit 32,768)',
    };
  });
  const largest = results.reduce((a, b) => (b.value > a.value ? b : a), { value: 0 } as BenchResult);
  if (largest.name) results.push({ ...largest, name: `bundle-size:largest (${largest.name.slice(12)})` });
  return results;
};

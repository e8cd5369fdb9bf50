// `npm test` wall time, against the time to start and stop the local stack alone (the suite's fixed cost),
// both measured in this run. Skipped inside CI's own test run to avoid recursion.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Bench } from './types.js';

const root = fileURLToPath(new URL('..', import.meta.url));

function timed(cmd: string, args: string[]): number {
  const start = performance.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'ignore', env: process.env });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}`);
  return performance.now() - start;
}

export const run: Bench = async () => {
  const baseline = timed('npx', ['tsx', 'bench/stack-start-stop.ts']);
  const value = timed('npm', ['test', '--silent']);
  return [{ name: 'npm-test-wall', value: value / 1000, unit: 's', baseline: baseline / 1000, ratio: value / baseline, target: 'informational (ratio to stack start+stop)' }];
};

// Settings shared by the two suites: `npm test` (vitest.config.ts: every behaviour check, the
// authorization matrix and the attack suite included) and `npm run test:full` (vitest.full.config.ts:
// the exhaustive and slow suites: long fuzzing, stack restarts, every start error, outage faults).
import type { ViteUserConfig } from 'vitest/config';

/** Files that only `npm run test:full` runs: each starts (and stops, restarts or breaks) stacks of its own. */
export const fullOnly = [
  'test/local-stack/restart.test.ts',
  'test/local-stack/start-errors.test.ts',
  'test/local-stack/partial-deletion.test.ts',
  'test/local-stack/start-stop.test.ts',
  // Two more stacks in the test's own process (~30-55 s here): configuration is per stack, not process.env.
  'test/local-stack/two-stacks.test.ts',
  // Four DynamoDB Local starts with a fresh cache (one compiles the launcher, one writes the archive): ~25 s.
  'test/local-stack/dynamodb-cds.test.ts',
  'test/resilience/faults.test.ts',
  // npm pack + npm install of the typed client into a throw-away project (1-3 min here; needs the npm registry).
  'test/client/package-consumer.test.ts',
];

export const shared: NonNullable<ViteUserConfig['test']> = {
  globalSetup: ['test/support/global-setup.ts'],
  testTimeout: 30_000,
  hookTimeout: 120_000,
  // Files run in parallel against the one shared stack (global setup), each isolated by fresh users and
  // teams. The stack itself lives in the main process and the JVM, so workers mostly wait on it: three
  // workers keep both cores busy on this 2-core machine.
  pool: 'forks',
  maxWorkers: 3,
  fileParallelism: true,
};

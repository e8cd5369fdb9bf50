import { defineConfig } from 'vitest/config';
import { fullOnly, shared } from './vitest.shared.js';

// `npm run test:full`: the exhaustive suites `npm test` leaves out — full fuzzing (many runs per
// mutation), stack restarts, every start error, DynamoDB/KMS/platform outages on a stack of their own.
export default defineConfig({
  test: {
    ...shared,
    include: [...fullOnly, 'test/resilience/fuzz.test.ts'],
    env: { FUZZ_RUNS: process.env.FUZZ_RUNS ?? '60' },
  },
});

import { defineConfig } from 'vitest/config';
import { fullOnly, shared } from './vitest.shared.js';

// `npm test`: every behaviour check (the authorization matrix and the attack suite included), a
// shortened fuzz run; the exhaustive suites are in vitest.full.config.ts (`npm run test:full`).
export default defineConfig({
  test: {
    ...shared,
    // A worker keeps its loaded modules from one file to the next (the files share no mutable module
    // state: each isolates itself by fresh users and teams, and restores what it changes in process.env).
    // Re-importing the stack clients, the AWS SDK and graphql for each of 100+ files was ~100 s of CPU,
    // the suite 186 s against 132 s here. The full suite keeps isolation: its files break and restart stacks.
    isolate: false,
    include: ['test/**/*.test.ts', 'domains/**/*.test.ts', 'lib/**/*.test.ts'],
    exclude: ['**/node_modules/**', ...fullOnly],
  },
});

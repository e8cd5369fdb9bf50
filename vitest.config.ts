import { defineConfig } from 'vitest/config';
import { fullOnly, shared } from './vitest.shared.js';

// `npm test`: every behaviour check (the authorization matrix and the attack suite included), a
// shortened fuzz run; the exhaustive suites are in vitest.full.config.ts (`npm run test:full`).
export default defineConfig({
  test: {
    ...shared,
    include: ['test/**/*.test.ts', 'domains/**/*.test.ts', 'lib/**/*.test.ts'],
    exclude: ['**/node_modules/**', ...fullOnly],
  },
});

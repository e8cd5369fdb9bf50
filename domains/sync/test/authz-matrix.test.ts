// The authorization matrix rows of ./matrix-sync.ts, run by ./run-matrix.ts (one file per domain, so the
// domains run in parallel workers).
import { runMatrix } from '../../../test/authz/run-matrix.js';

await runMatrix('sync');

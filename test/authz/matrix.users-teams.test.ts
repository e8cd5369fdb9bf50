// The authorization matrix rows of ./matrix-users-teams.ts, run by ./run-matrix.ts (one file per domain, so the
// domains run in parallel workers).
import { runMatrix } from './run-matrix.js';

await runMatrix('users-teams');

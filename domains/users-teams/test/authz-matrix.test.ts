// The authorization matrix rows of ./matrix-users-teams.ts, run by ./run-matrix.ts (one file per
// domain, so the domains run in parallel workers). The largest domain is split in two files (this one
// and matrix.users-teams.2.test.ts), each with its own people.
import { runMatrix } from '../../../test/authz/run-matrix.js';

await runMatrix('users-teams', [1, 2]);

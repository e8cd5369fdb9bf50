// The second half of the users-teams authorization matrix (see matrix.users-teams.test.ts).
import { runMatrix } from '../../../test/authz/run-matrix.js';

await runMatrix('users-teams', [2, 2]);

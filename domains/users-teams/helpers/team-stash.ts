// What the team pipeline functions leave in ctx.stash for the next function and the resolver.
import type { StoredRole } from '../../../lib/appsync/validation';
import type { TeamRow } from '../../../lib/appsync/teams';
import type { UserRow } from './users';

export interface TeamStash {
  /** ctx.identity.sub, set by the first function that authenticates. */
  callerId?: string;
  /** Roles allowed to run this operation (set by the resolver's request; checked by getTeamRows/loadTeam). */
  allowedRoles?: StoredRole[];
  /** A second user the operation targets (removeMember, changeMemberRole). */
  targetUserId?: string;
  meta?: TeamRow;
  myRow?: TeamRow;
  targetRow?: TeamRow | null;
  /** Every row of the team (loadTeam), meta included. */
  teamRows?: TeamRow[];
  profile?: UserRow | null;
  memberships?: TeamRow[];
  /** Validated arguments. */
  teamName?: string;
  email?: string;
  role?: StoredRole;
}

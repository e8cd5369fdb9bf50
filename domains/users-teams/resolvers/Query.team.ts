// Query.team (pipeline: getTeamRows): one team, for its members only; anyone else gets Unauthorized
// whether or not the team exists.
import { type Context } from '@aws-appsync/utils';
import type { QueryTeamArgs } from '../../../api/generated/schema-types';
import { toTeam, type TeamRow } from '../../../lib/appsync/teams';
import { requireId, toTeamRole } from '../../../lib/appsync/validation';
import type { TeamStash } from '../helpers/team-stash';

export function request(ctx: Context<QueryTeamArgs, TeamStash>) {
  requireId(ctx.args.teamId, 'teamId');
  ctx.stash.allowedRoles = ['owner', 'admin', 'member'];
  return {};
}

export function response(ctx: Context<QueryTeamArgs, TeamStash>) {
  const mine = ctx.stash.myRow as TeamRow;
  return toTeam(ctx.args.teamId, ctx.stash.meta as TeamRow, toTeamRole(mine.role));
}

// Pipeline function (teamsTable), after getTeamRows: the caller's member row is deleted. The OWNER is
// the team's only owner and cannot leave (delete the team instead).
import { type Context } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import type { MutationLeaveTeamArgs } from '../../../api/generated/schema-types';
import { conflict, isConditionFailure, raiseOnDataSourceError } from '../../../lib/appsync/errors';
import type { TeamRow } from '../../../lib/appsync/teams';
import type { TeamStash } from '../helpers/team-stash';

export function request(ctx: Context<MutationLeaveTeamArgs, TeamStash>) {
  const mine = ctx.stash.myRow as TeamRow;
  if (mine.role === 'owner') {
    conflict("The team's last OWNER cannot leave; delete the team instead", 'lastOwner');
  }
  return ddb.remove<TeamRow>({
    key: { teamId: ctx.args.teamId, userId: mine.userId },
    condition: { role: { eq: mine.role } },
  });
}

export function response(ctx: Context<MutationLeaveTeamArgs, TeamStash>) {
  if (isConditionFailure(ctx.error)) {
    conflict('Your membership changed meanwhile; retry', 'concurrentUpdate');
  }
  raiseOnDataSourceError(ctx.error);
  return ctx.args.teamId;
}

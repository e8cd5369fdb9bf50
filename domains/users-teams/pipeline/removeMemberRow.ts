// Pipeline function (teamsTable), after getTeamRows (target = ctx.args.userId): the OWNER removes an
// ADMIN or MEMBER, an ADMIN removes a MEMBER. The OWNER cannot be removed, and nobody removes themself
// here (leaveTeam). The transaction re-checks the target's and the caller's roles as read.
import { type Context, util } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import type { MutationRemoveMemberArgs } from '../../../api/generated/schema-types';
import { conflict, notFound, validationError } from '../../../lib/appsync/errors';
import { tableFromEnv } from '../helpers/env';
import { failedConditionIndex } from '../helpers/transactions';
import type { TeamRow } from '../../../lib/appsync/teams';
import type { TeamStash } from '../helpers/team-stash';

export function request(ctx: Context<MutationRemoveMemberArgs, TeamStash>) {
  const mine = ctx.stash.myRow as TeamRow;
  const target = ctx.stash.targetRow;
  if (ctx.args.userId === mine.userId) {
    validationError('Use leaveTeam to leave a team', 'userId', 'self');
  }
  if (!target) {
    return notFound('No such member in this team', { field: 'userId' });
  }
  // An ADMIN cannot touch another ADMIN; nobody can remove the OWNER.
  if (target.role === 'owner' || (target.role === 'admin' && mine.role !== 'owner')) {
    util.unauthorized();
  }
  const table = tableFromEnv(ctx.env, 'TEAMS_TABLE');
  const teamId = ctx.args.teamId;
  return ddb.transactWrite({
    items: [
      { deleteItem: { table, key: { teamId, userId: target.userId }, condition: { role: { eq: target.role } } } },
      { conditionCheck: { table, key: { teamId, userId: mine.userId }, condition: { role: { eq: mine.role } } } },
    ],
  });
}

export function response(ctx: Context<MutationRemoveMemberArgs, TeamStash>) {
  const failed = failedConditionIndex(ctx.result, ctx.error);
  if (failed === 1) util.unauthorized();
  if (failed === 0) conflict("The member's role changed or they left meanwhile; retry", 'concurrentUpdate');
  return ctx.args.userId;
}

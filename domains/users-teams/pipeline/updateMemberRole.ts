// Pipeline function (teamsTable), after getTeamRows (target = ctx.args.userId, caller is the OWNER):
// sets the target's role to ADMIN or MEMBER, conditional on the role read (a concurrent change fails
// instead of being overwritten). The OWNER's own role cannot change.
import { type Context } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import type { MutationChangeMemberRoleArgs } from '../../../api/generated/schema-types';
import { conflict, isConditionFailure, notFound, raiseOnDataSourceError, validationError } from '../../../lib/appsync/errors';
import { toTeamMember, type TeamRow } from '../../../lib/appsync/teams';
import type { TeamStash } from '../helpers/team-stash';

export function request(ctx: Context<MutationChangeMemberRoleArgs, TeamStash>) {
  const mine = ctx.stash.myRow as TeamRow;
  const target = ctx.stash.targetRow;
  if (ctx.args.userId === mine.userId) {
    validationError("The OWNER's role cannot be changed", 'userId', 'self');
  }
  if (!target) {
    return notFound('No such member in this team', { field: 'userId' });
  }
  return ddb.update<TeamRow>({
    key: { teamId: ctx.args.teamId, userId: target.userId },
    update: { role: ctx.stash.role },
    condition: { role: { eq: target.role } },
  });
}

export function response(ctx: Context<MutationChangeMemberRoleArgs, TeamStash>) {
  if (isConditionFailure(ctx.error)) {
    conflict("The member's role changed or they left meanwhile; retry", 'concurrentUpdate');
  }
  raiseOnDataSourceError(ctx.error);
  return toTeamMember(ctx.result as TeamRow);
}

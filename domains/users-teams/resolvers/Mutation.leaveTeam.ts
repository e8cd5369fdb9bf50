// Mutation.leaveTeam (pipeline: getTeamRows → leaveTeamRow): any member but the OWNER leaves. Returns the
// teamId, and ends the caller's subscriptions to the owner's sync statuses.
import { type Context } from '@aws-appsync/utils';
import { invalidateMemberSubscriptions } from '../../../lib/appsync/subscription-invalidation';
import { requireId } from '../../../lib/appsync/validation';
import type { MutationLeaveTeamArgs } from '../../../api/generated/schema-types';
import type { TeamStash } from '../helpers/team-stash';

export function request(ctx: Context<MutationLeaveTeamArgs, TeamStash>) {
  requireId(ctx.args.teamId, 'teamId');
  ctx.stash.allowedRoles = ['owner', 'admin', 'member'];
  return {};
}

export function response(ctx: Context<MutationLeaveTeamArgs, TeamStash>) {
  if (ctx.prev.result && ctx.stash.callerId) {
    invalidateMemberSubscriptions(ctx.stash.meta && ctx.stash.meta.ownerId, [ctx.stash.callerId]);
  }
  return ctx.prev.result;
}

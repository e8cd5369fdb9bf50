// Mutation.changeMemberRole (pipeline: getTeamRows → updateMemberRole): only the OWNER, and only to ADMIN
// or MEMBER (a team has exactly one OWNER). The member's subscriptions to the owner's sync statuses end:
// they were granted on the old role, and re-subscribing is decided on the new one.
import { type Context } from '@aws-appsync/utils';
import type { MutationChangeMemberRoleArgs } from '../../../api/generated/schema-types';
import { invalidateMemberSubscriptions } from '../../../lib/appsync/subscription-invalidation';
import { requireAssignableRole, requireId } from '../../../lib/appsync/validation';
import type { TeamStash } from '../helpers/team-stash';

export function request(ctx: Context<MutationChangeMemberRoleArgs, TeamStash>) {
  requireId(ctx.args.teamId, 'teamId');
  requireId(ctx.args.userId, 'userId');
  ctx.stash.role = requireAssignableRole(ctx.args.role, 'role');
  ctx.stash.allowedRoles = ['owner'];
  ctx.stash.targetUserId = ctx.args.userId;
  return {};
}

export function response(ctx: Context<MutationChangeMemberRoleArgs, TeamStash>) {
  if (ctx.prev.result) {
    invalidateMemberSubscriptions(ctx.stash.meta && ctx.stash.meta.ownerId, [ctx.args.userId]);
  }
  return ctx.prev.result;
}

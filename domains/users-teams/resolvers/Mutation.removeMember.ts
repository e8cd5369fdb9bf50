// Mutation.removeMember (pipeline: getTeamRows → removeMemberRow). Returns the removed userId, and ends
// the removed member's subscriptions to the owner's sync statuses.
import { type Context } from '@aws-appsync/utils';
import { invalidateMemberSubscriptions } from '../../../lib/appsync/subscription-invalidation';
import { requireId } from '../../../lib/appsync/validation';
import type { MutationRemoveMemberArgs } from '../../../api/generated/schema-types';
import type { TeamStash } from '../helpers/team-stash';

export function request(ctx: Context<MutationRemoveMemberArgs, TeamStash>) {
  requireId(ctx.args.teamId, 'teamId');
  requireId(ctx.args.userId, 'userId');
  ctx.stash.allowedRoles = ['owner', 'admin'];
  ctx.stash.targetUserId = ctx.args.userId;
  return {};
}

export function response(ctx: Context<MutationRemoveMemberArgs, TeamStash>) {
  if (ctx.prev.result) {
    invalidateMemberSubscriptions(ctx.stash.meta && ctx.stash.meta.ownerId, [ctx.args.userId]);
  }
  return ctx.prev.result;
}

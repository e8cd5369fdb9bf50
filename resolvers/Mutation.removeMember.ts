// Mutation.removeMember (pipeline: getTeamRows → removeMemberRow). Returns the removed userId.
import { type Context } from '@aws-appsync/utils';
import { requireId } from './lib/validation';
import type { MutationRemoveMemberArgs } from '../api/generated/schema-types';
import type { TeamStash } from './lib/team-stash';

export function request(ctx: Context<MutationRemoveMemberArgs, TeamStash>) {
  requireId(ctx.args.teamId, 'teamId');
  requireId(ctx.args.userId, 'userId');
  ctx.stash.allowedRoles = ['owner', 'admin'];
  ctx.stash.targetUserId = ctx.args.userId;
  return {};
}

export function response(ctx: Context<MutationRemoveMemberArgs, TeamStash>) {
  return ctx.prev.result;
}

// Mutation.changeMemberRole (pipeline: getTeamRows → updateMemberRole): only the OWNER, and only to ADMIN
// or MEMBER (a team has exactly one OWNER).
import { type Context } from '@aws-appsync/utils';
import type { MutationChangeMemberRoleArgs } from '../api/generated/schema-types';
import { requireAssignableRole, requireId } from './lib/validation';
import type { TeamStash } from './lib/team-stash';

export function request(ctx: Context<MutationChangeMemberRoleArgs, TeamStash>) {
  requireId(ctx.args.teamId, 'teamId');
  requireId(ctx.args.userId, 'userId');
  ctx.stash.role = requireAssignableRole(ctx.args.role, 'role');
  ctx.stash.allowedRoles = ['owner'];
  ctx.stash.targetUserId = ctx.args.userId;
  return {};
}

export function response(ctx: Context<MutationChangeMemberRoleArgs, TeamStash>) {
  return ctx.prev.result;
}

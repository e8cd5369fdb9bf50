// Mutation.inviteMember (pipeline: loadTeam → putInvitation): the OWNER or an ADMIN invites an email as
// ADMIN or MEMBER (never OWNER). The invitee sees it in myInvitations once signed up with that email.
import { type Context } from '@aws-appsync/utils';
import type { MutationInviteMemberArgs } from '../../../api/generated/schema-types';
import { requireAssignableRole, requireEmail, requireId } from '../../../lib/appsync/validation';
import type { TeamStash } from '../helpers/team-stash';

export function request(ctx: Context<MutationInviteMemberArgs, TeamStash>) {
  requireId(ctx.args.teamId, 'teamId');
  ctx.stash.email = requireEmail(ctx.args.email, 'email');
  ctx.stash.role = requireAssignableRole(ctx.args.role, 'role');
  ctx.stash.allowedRoles = ['owner', 'admin'];
  return {};
}

export function response(ctx: Context<MutationInviteMemberArgs, TeamStash>) {
  return ctx.prev.result;
}

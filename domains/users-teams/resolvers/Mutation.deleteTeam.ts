// Mutation.deleteTeam (pipeline: loadTeam → deleteTeamRows): only the OWNER; removes the team with all
// its member rows and pending invitations atomically. Returns the teamId, and ends every former member's
// subscriptions to the owner's sync statuses.
import { type Context } from '@aws-appsync/utils';
import { invalidateMemberSubscriptions } from '../../../lib/appsync/subscription-invalidation';
import { isMemberRow } from '../../../lib/appsync/teams';
import { requireId } from '../../../lib/appsync/validation';
import type { MutationDeleteTeamArgs } from '../../../api/generated/schema-types';
import type { TeamStash } from '../helpers/team-stash';

export function request(ctx: Context<MutationDeleteTeamArgs, TeamStash>) {
  requireId(ctx.args.teamId, 'teamId');
  ctx.stash.allowedRoles = ['owner'];
  return {};
}

export function response(ctx: Context<MutationDeleteTeamArgs, TeamStash>) {
  if (ctx.prev.result) {
    const members = (ctx.stash.teamRows || []).filter((r) => isMemberRow(r)).map((r) => r.userId);
    invalidateMemberSubscriptions(ctx.stash.meta && ctx.stash.meta.ownerId, members);
  }
  return ctx.prev.result;
}

// Mutation.leaveTeam (pipeline: getTeamRows → leaveTeamRow): any member but the OWNER leaves. Returns the
// teamId.
import { type Context } from '@aws-appsync/utils';
import { requireId } from './lib/validation';
import type { MutationLeaveTeamArgs } from '../api/generated/schema-types';
import type { TeamStash } from './lib/team-stash';

export function request(ctx: Context<MutationLeaveTeamArgs, TeamStash>) {
  requireId(ctx.args.teamId, 'teamId');
  ctx.stash.allowedRoles = ['owner', 'admin', 'member'];
  return {};
}

export function response(ctx: Context<MutationLeaveTeamArgs, TeamStash>) {
  return ctx.prev.result;
}

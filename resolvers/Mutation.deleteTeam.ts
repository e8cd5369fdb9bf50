// Mutation.deleteTeam (pipeline: loadTeam → deleteTeamRows): only the OWNER; removes the team with all
// its member rows and pending invitations atomically. Returns the teamId.
import { type Context } from '@aws-appsync/utils';
import { requireId } from './lib/validation';
import type { MutationDeleteTeamArgs } from '../api/generated/schema-types';
import type { TeamStash } from './lib/team-stash';

export function request(ctx: Context<MutationDeleteTeamArgs, TeamStash>) {
  requireId(ctx.args.teamId, 'teamId');
  ctx.stash.allowedRoles = ['owner'];
  return {};
}

export function response(ctx: Context<MutationDeleteTeamArgs, TeamStash>) {
  return ctx.prev.result;
}

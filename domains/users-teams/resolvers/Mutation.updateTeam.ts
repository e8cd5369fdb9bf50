// Mutation.updateTeam (pipeline: loadTeam → renameTeam): the OWNER or an ADMIN renames the team.
import { type Context } from '@aws-appsync/utils';
import type { MutationUpdateTeamArgs } from '../../../api/generated/schema-types';
import { requireId, requireTeamName } from '../../../lib/appsync/validation';
import type { TeamStash } from '../helpers/team-stash';

export function request(ctx: Context<MutationUpdateTeamArgs, TeamStash>) {
  requireId(ctx.args.teamId, 'teamId');
  ctx.stash.teamName = requireTeamName(ctx.args.teamName, 'teamName');
  ctx.stash.allowedRoles = ['owner', 'admin'];
  return {};
}

export function response(ctx: Context<MutationUpdateTeamArgs, TeamStash>) {
  return ctx.prev.result;
}

// Mutation.createTeam (pipeline: getCallerProfile → createTeamRows): the caller becomes the OWNER.
import { type Context } from '@aws-appsync/utils';
import type { MutationCreateTeamArgs } from '../../../api/generated/schema-types';
import { requireTeamName } from '../../../lib/appsync/validation';
import type { TeamStash } from '../helpers/team-stash';

export function request(ctx: Context<MutationCreateTeamArgs, TeamStash>) {
  ctx.stash.teamName = requireTeamName(ctx.args.teamName, 'teamName');
  return {};
}

export function response(ctx: Context<MutationCreateTeamArgs, TeamStash>) {
  return ctx.prev.result;
}

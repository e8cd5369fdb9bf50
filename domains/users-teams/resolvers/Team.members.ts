// Team.members (pipeline: listTeamMembers → getMemberProfiles).
import { type Context } from '@aws-appsync/utils';

export function request(_ctx: Context) {
  return {};
}

export function response(ctx: Context) {
  return ctx.prev.result;
}

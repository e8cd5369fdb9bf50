// Query.myTeams (pipeline: listMyMemberships → getTeamMetas): every team the caller belongs to, with the
// caller's role. Team.members resolves per team.
import { type Context } from '@aws-appsync/utils';

export function request(_ctx: Context) {
  return {};
}

export function response(ctx: Context) {
  return ctx.prev.result;
}

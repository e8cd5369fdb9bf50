// Pipeline function (teamsTableRead), after listMyMemberships: allows reading ctx.args.userId's profile
// when it is the caller or shares a team with the caller (a member row of the target in one of the
// caller's teams); otherwise Unauthorized, whether or not that user exists.
import { type Context, runtime, util } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import type { QueryUserArgs } from '../../../api/generated/schema-types';
import { raiseOnDataSourceError } from '../../../lib/appsync/errors';
import { tableFromEnv } from '../helpers/env';
import type { TeamRow } from '../../../lib/appsync/teams';
import type { TeamStash } from '../helpers/team-stash';

export function request(ctx: Context<QueryUserArgs, TeamStash>) {
  const target = ctx.args.userId;
  if (target === ctx.stash.callerId) {
    return runtime.earlyReturn(ctx.prev.result);
  }
  const memberships = ctx.stash.memberships || [];
  if (memberships.length === 0) {
    util.unauthorized();
  }
  const keys = memberships.map((m) => ({ teamId: m.teamId, userId: target }));
  return ddb.batchGet({ tables: { [tableFromEnv(ctx.env, 'TEAMS_TABLE')]: { keys } } });
}

export function response(ctx: Context<QueryUserArgs, TeamStash>) {
  raiseOnDataSourceError(ctx.error);
  const rows = ((ctx.result && ctx.result.data && ctx.result.data[tableFromEnv(ctx.env, 'TEAMS_TABLE')]) ||
    []) as (TeamRow | null)[];
  const target = ctx.args.userId;
  if (!rows.some((r) => !!r && r.userId === target && !!r.role)) {
    util.unauthorized();
  }
  return ctx.prev.result;
}

// Pipeline function (teamsTableRead): the meta rows of the teams in ctx.stash.memberships (one
// BatchGetItem) → the caller's teams as Team objects, in membership order. A membership whose team has no
// meta row is skipped.
import { type Context, runtime } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import { raiseOnDataSourceError } from '../../../lib/appsync/errors';
import { tableFromEnv } from '../helpers/env';
import { META_KEY, toTeam, type TeamRow } from '../../../lib/appsync/teams';
import { toTeamRole } from '../../../lib/appsync/validation';
import type { TeamStash } from '../helpers/team-stash';

export function request(ctx: Context<unknown, TeamStash>) {
  const memberships = ctx.stash.memberships || [];
  if (memberships.length === 0) {
    return runtime.earlyReturn([]);
  }
  const keys = memberships.map((m) => ({ teamId: m.teamId, userId: META_KEY }));
  return ddb.batchGet({ tables: { [tableFromEnv(ctx.env, 'TEAMS_TABLE')]: { keys } } });
}

export function response(ctx: Context<unknown, TeamStash>) {
  raiseOnDataSourceError(ctx.error);
  const metas = ((ctx.result && ctx.result.data && ctx.result.data[tableFromEnv(ctx.env, 'TEAMS_TABLE')]) ||
    []) as (TeamRow | null)[];
  const memberships = ctx.stash.memberships || [];
  return memberships
    .map((m) => {
      const meta = metas.find((x) => !!x && x.teamId === m.teamId);
      return meta ? toTeam(m.teamId, meta, toTeamRole(m.role)) : null;
    })
    .filter((t) => t !== null);
}

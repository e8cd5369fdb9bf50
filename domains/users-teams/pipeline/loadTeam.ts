// Pipeline function (teamsTableRead): every row of the team (meta, members, invitations) with a
// consistent read → ctx.stash.teamRows/meta/myRow. Denies (Unauthorized) unless the caller's role is in
// ctx.stash.allowedRoles. Reads at most MAX_TEAM_ROWS + 1 rows: more means the team is too large for
// one transaction (callers raise Conflict 'teamTooLarge').
import { type Context, util } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import { callerSub } from '../../../lib/appsync/identity';
import { raiseOnDataSourceError } from '../../../lib/appsync/errors';
import { MAX_TEAM_ROWS, META_KEY, type TeamRow } from '../../../lib/appsync/teams';
import type { TeamStash } from '../helpers/team-stash';

export function request(ctx: Context<{ teamId: string }, TeamStash>) {
  ctx.stash.callerId = callerSub(ctx.identity);
  return ddb.query<TeamRow>({
    query: { teamId: { eq: ctx.args.teamId } },
    consistentRead: true,
    limit: MAX_TEAM_ROWS + 1,
  });
}

export function response(ctx: Context<{ teamId: string }, TeamStash>) {
  raiseOnDataSourceError(ctx.error);
  const rows = ((ctx.result && ctx.result.items) || []) as TeamRow[];
  const caller = ctx.stash.callerId;
  const meta = rows.find((r) => r.userId === META_KEY);
  const mine = rows.find((r) => r.userId === caller);
  const allowed = ctx.stash.allowedRoles || [];
  if (!meta || !mine || !mine.role || allowed.indexOf(mine.role as 'owner' | 'admin' | 'member') < 0) {
    util.unauthorized();
  }
  ctx.stash.meta = meta as TeamRow;
  ctx.stash.myRow = mine as TeamRow;
  ctx.stash.teamRows = rows;
  return { tooLarge: rows.length > MAX_TEAM_ROWS || !!(ctx.result && ctx.result.nextToken) };
}

// Pipeline function (teamsTableRead) for Team.members: the member rows of ctx.source.teamId →
// ctx.stash.memberRows. Team objects reach a client only through resolvers that already checked the
// caller's membership, so this field needs no check of its own.
import { type Context } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import type { Team } from '../../../api/generated/schema-types';
import { raiseOnDataSourceError } from '../../../lib/appsync/errors';
import { isMemberRow, MAX_TEAM_ROWS, type TeamRow } from '../../../lib/appsync/teams';

export function request(ctx: Context<unknown, Record<string, unknown>, Record<string, unknown>, Team>) {
  const source = ctx.source as Team;
  return ddb.query<TeamRow>({ query: { teamId: { eq: source.teamId } }, limit: MAX_TEAM_ROWS + 1 });
}

export function response(ctx: Context<unknown, Record<string, unknown>, Record<string, unknown>, Team>) {
  raiseOnDataSourceError(ctx.error);
  const rows = ((ctx.result && ctx.result.items) || []) as TeamRow[];
  ctx.stash.memberRows = rows.filter((r) => isMemberRow(r) && !!r.role);
  return ctx.prev.result;
}

// Pipeline function (teamsTableRead): the caller's member rows from GSI userId-index →
// ctx.stash.memberships. The index holds only member rows under a user's sub (invitations sit under
// "INVITE#<email>", team meta rows under "#META"). At most MAX_MEMBERSHIPS teams are read (BatchGetItem
// takes 100 keys).
import { type Context } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import { callerSub } from '../../../lib/appsync/identity';
import { raiseOnDataSourceError } from '../../../lib/appsync/errors';
import { USER_INDEX, type TeamRow } from '../../../lib/appsync/teams';
import type { TeamStash } from '../helpers/team-stash';

export const MAX_MEMBERSHIPS = 100;

export function request(ctx: Context<unknown, TeamStash>) {
  const caller = callerSub(ctx.identity);
  ctx.stash.callerId = caller;
  return ddb.query<TeamRow>({ index: USER_INDEX, query: { userId: { eq: caller } }, limit: MAX_MEMBERSHIPS });
}

export function response(ctx: Context<unknown, TeamStash>) {
  raiseOnDataSourceError(ctx.error);
  const rows = ((ctx.result && ctx.result.items) || []) as TeamRow[];
  ctx.stash.memberships = rows.filter((r) => !!r.role);
  return ctx.prev.result;
}

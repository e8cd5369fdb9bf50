// Pipeline function (teamsTableRead): the team's meta row, the caller's member row and, when
// ctx.stash.targetUserId is set, the target's member row, in one BatchGetItem. Denies (Unauthorized)
// unless the team exists and the caller's role is in ctx.stash.allowedRoles, so a non-member learns
// nothing about the team, not even whether it exists.
import { type Context, util } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import { callerSub } from '../../../lib/appsync/identity';
import { raiseOnDataSourceError } from '../../../lib/appsync/errors';
import { META_KEY, type TeamRow } from '../../../lib/appsync/teams';
import { tableFromEnv } from '../helpers/env';
import type { TeamStash } from '../helpers/team-stash';

export function request(ctx: Context<{ teamId: string }, TeamStash>) {
  const caller = callerSub(ctx.identity);
  ctx.stash.callerId = caller;
  const teamId = ctx.args.teamId;
  const keys = [{ teamId, userId: META_KEY }, { teamId, userId: caller }];
  const target = ctx.stash.targetUserId;
  if (target && target !== caller && target !== META_KEY) {
    keys.push({ teamId, userId: target });
  }
  return ddb.batchGet({ tables: { [tableFromEnv(ctx.env, 'TEAMS_TABLE')]: { keys, consistentRead: true } } });
}

export function response(ctx: Context<{ teamId: string }, TeamStash>) {
  raiseOnDataSourceError(ctx.error);
  const found = ((ctx.result && ctx.result.data && ctx.result.data[tableFromEnv(ctx.env, 'TEAMS_TABLE')]) || []) as (TeamRow | null)[];
  // BatchGetItem answers in request order, but match on keys so an emulator that does not cannot mix rows up.
  const caller = ctx.stash.callerId;
  const meta = found.find((r) => !!r && r.userId === META_KEY);
  const mine = found.find((r) => !!r && r.userId === caller);
  const allowed = ctx.stash.allowedRoles || [];
  if (!meta || !mine || !mine.role || allowed.indexOf(mine.role as 'owner' | 'admin' | 'member') < 0) {
    util.unauthorized();
  }
  ctx.stash.meta = meta as TeamRow;
  ctx.stash.myRow = mine as TeamRow;
  const target = ctx.stash.targetUserId;
  if (target) {
    const row = target === caller ? mine : found.find((r) => !!r && r.userId === target);
    ctx.stash.targetRow = row ?? null;
  }
  return ctx.prev.result;
}

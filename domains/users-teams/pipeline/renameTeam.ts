// Pipeline function (teamsTable), after loadTeam: sets teamName on the meta row and on every member and
// invitation row (they carry a copy) in one transaction. The meta row's rev condition makes a row added
// meanwhile fail the transaction instead of keeping the old name.
import { type Context, util } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import type { MutationUpdateTeamArgs } from '../../../api/generated/schema-types';
import { conflict } from '../../../lib/appsync/errors';
import { tableFromEnv } from '../helpers/env';
import { failedConditionIndex, type TxItem } from '../helpers/transactions';
import { nowIso } from '../helpers/time';
import { META_KEY, toTeam, type TeamRow } from '../../../lib/appsync/teams';
import { toTeamRole } from '../../../lib/appsync/validation';
import type { TeamStash } from '../helpers/team-stash';
import { revCondition } from '../helpers/rev';

export function request(ctx: Context<MutationUpdateTeamArgs, TeamStash>) {
  if (ctx.prev.result && ctx.prev.result.tooLarge) {
    conflict('The team has too many members and invitations to rename atomically', 'teamTooLarge');
  }
  const table = tableFromEnv(ctx.env, 'TEAMS_TABLE');
  const teamId = ctx.args.teamId;
  const teamName = ctx.stash.teamName as string;
  const meta = ctx.stash.meta as TeamRow;
  const mine = ctx.stash.myRow as TeamRow;
  const now = nowIso();
  ctx.stash.meta = Object.assign({}, meta, { teamName, updatedAt: now });
  const others = (ctx.stash.teamRows || []).filter((r) => r.userId !== META_KEY && r.userId !== mine.userId);
  const items: TxItem[] = [
    { updateItem: { table, key: { teamId, userId: META_KEY }, update: { teamName, updatedAt: now }, condition: revCondition(meta) } },
    { updateItem: { table, key: { teamId, userId: mine.userId }, update: { teamName }, condition: { role: { eq: mine.role } } } },
  ];
  others.forEach((r) => {
    items.push({
      updateItem: { table, key: { teamId, userId: r.userId }, update: { teamName }, condition: { userId: { attributeExists: true } } },
    });
  });
  return ddb.transactWrite({ items });
}

export function response(ctx: Context<MutationUpdateTeamArgs, TeamStash>) {
  const failed = failedConditionIndex(ctx.result, ctx.error);
  if (failed === 1) util.unauthorized();
  if (failed >= 0) conflict('The team changed while it was being renamed; retry', 'concurrentUpdate');
  const mine = ctx.stash.myRow as TeamRow;
  return toTeam(ctx.args.teamId, ctx.stash.meta as TeamRow, toTeamRole(mine.role));
}

// Pipeline function (teamsTable), after loadTeam: deletes the meta row, every member row and every
// pending invitation in one transaction. The meta row's rev condition fails the transaction when a
// member or invitation was added after loadTeam read the team, so nothing is left behind.
// A team has at most MAX_TEAM_ROWS rows (inviteMember enforces it), so one transaction of up to 100
// items always suffices; should a team ever exceed it, deletion is refused with Conflict 'teamTooLarge'
// and nothing is deleted.
import { type Context, util } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import type { MutationDeleteTeamArgs } from '../../../api/generated/schema-types';
import { conflict } from '../../../lib/appsync/errors';
import { tableFromEnv } from '../helpers/env';
import { failedConditionIndex, type TxItem } from '../helpers/transactions';
import { META_KEY, type TeamRow } from '../../../lib/appsync/teams';
import { revCondition } from '../helpers/rev';
import type { TeamStash } from '../helpers/team-stash';

export function request(ctx: Context<MutationDeleteTeamArgs, TeamStash>) {
  if (ctx.prev.result && ctx.prev.result.tooLarge) {
    conflict('The team has too many members and invitations to delete atomically; remove some first', 'teamTooLarge');
  }
  const table = tableFromEnv(ctx.env, 'TEAMS_TABLE');
  const teamId = ctx.args.teamId;
  const meta = ctx.stash.meta as TeamRow;
  const mine = ctx.stash.myRow as TeamRow;
  const items: TxItem[] = [
    { deleteItem: { table, key: { teamId, userId: META_KEY }, condition: revCondition(meta) } },
    { deleteItem: { table, key: { teamId, userId: mine.userId }, condition: { role: { eq: 'owner' } } } },
  ];
  (ctx.stash.teamRows || []).forEach((r) => {
    if (r.userId !== META_KEY && r.userId !== mine.userId) {
      items.push({ deleteItem: { table, key: { teamId, userId: r.userId } } });
    }
  });
  return ddb.transactWrite({ items });
}

export function response(ctx: Context<MutationDeleteTeamArgs, TeamStash>) {
  const failed = failedConditionIndex(ctx.result, ctx.error);
  if (failed === 1) util.unauthorized();
  if (failed >= 0) conflict('The team changed while it was being deleted; retry', 'concurrentUpdate');
  return ctx.args.teamId;
}

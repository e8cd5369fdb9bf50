// Pipeline function (usersTableRead) for Team.members: current name and email of each member from
// sivera-users (the copies on member rows date from joining), falling back to the row's copy.
import { type Context, runtime } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import { raiseOnDataSourceError } from '../../../lib/appsync/errors';
import { tableFromEnv } from '../helpers/env';
import { toTeamMember, type TeamRow } from '../../../lib/appsync/teams';
import type { UserRow } from '../helpers/users';

interface MembersStash {
  memberRows?: TeamRow[];
}

export function request(ctx: Context<unknown, MembersStash>) {
  const rows = ctx.stash.memberRows || [];
  if (rows.length === 0) {
    return runtime.earlyReturn([]);
  }
  const keys = rows.map((r) => ({ userId: r.userId }));
  return ddb.batchGet({ tables: { [tableFromEnv(ctx.env, 'USERS_TABLE')]: { keys } } });
}

export function response(ctx: Context<unknown, MembersStash>) {
  raiseOnDataSourceError(ctx.error);
  const users = ((ctx.result && ctx.result.data && ctx.result.data[tableFromEnv(ctx.env, 'USERS_TABLE')]) ||
    []) as (UserRow | null)[];
  const rows = ctx.stash.memberRows || [];
  return rows.map((r) => {
    const member = toTeamMember(r);
    const user = users.find((u) => !!u && u.userId === r.userId);
    if (user) {
      member.email = user.email;
      member.name = user.name ?? null;
    }
    return member;
  });
}

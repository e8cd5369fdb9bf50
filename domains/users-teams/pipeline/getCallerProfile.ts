// Pipeline function (usersTableRead): the caller's sivera-users row → ctx.stash.profile (null when the
// row is missing). The caller's email for invitations comes from here: the access token has no email.
import { type Context } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import { callerSub } from '../../../lib/appsync/identity';
import { raiseOnDataSourceError } from '../../../lib/appsync/errors';
import type { TeamStash } from '../helpers/team-stash';
import type { UserRow } from '../helpers/users';

export function request(ctx: Context<unknown, TeamStash>) {
  const caller = callerSub(ctx.identity);
  ctx.stash.callerId = caller;
  return ddb.get<UserRow>({ key: { userId: caller }, consistentRead: true });
}

export function response(ctx: Context<unknown, TeamStash>) {
  raiseOnDataSourceError(ctx.error);
  ctx.stash.profile = (ctx.result as UserRow | null) ?? null;
  return ctx.prev.result;
}

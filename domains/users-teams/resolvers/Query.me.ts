// Query.me (unit, usersTableRead): the caller's own profile.
import { type Context } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import { callerSub } from '../../../lib/appsync/identity';
import { notFound, raiseOnDataSourceError } from '../../../lib/appsync/errors';
import { toUser, type UserRow } from '../helpers/users';

export function request(ctx: Context) {
  return ddb.get<UserRow>({ key: { userId: callerSub(ctx.identity) } });
}

export function response(ctx: Context) {
  raiseOnDataSourceError(ctx.error);
  if (!ctx.result) {
    // The PostConfirmation trigger writes the row; without it there is no profile to show.
    return notFound('No profile exists for this user', { reason: 'profileMissing' });
  }
  return toUser(ctx.result as UserRow);
}

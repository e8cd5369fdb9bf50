// Pipeline function (usersTableRead): the sivera-users row of ctx.args.userId as a User, or null. Runs
// only after requireTeammate allowed it.
import { type Context } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import type { QueryUserArgs } from '../../../api/generated/schema-types';
import { raiseOnDataSourceError } from '../../../lib/appsync/errors';
import { toUser, type UserRow } from '../helpers/users';

export function request(ctx: Context<QueryUserArgs>) {
  return ddb.get<UserRow>({ key: { userId: ctx.args.userId } });
}

export function response(ctx: Context<QueryUserArgs>) {
  raiseOnDataSourceError(ctx.error);
  return ctx.result ? toUser(ctx.result as UserRow) : null;
}

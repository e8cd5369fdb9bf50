// Mutation.updateMe (unit, usersTable): the caller changes their own display name. Only allow-listed
// fields are written; the row must already exist (created by the PostConfirmation trigger).
import { type Context } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import type { MutationUpdateMeArgs } from '../../../api/generated/schema-types';
import { callerSub } from '../../../lib/appsync/identity';
import { isConditionFailure, notFound, raiseOnDataSourceError } from '../../../lib/appsync/errors';
import { requireUserName } from '../../../lib/appsync/validation';
import { nowIso } from '../helpers/time';
import { toUser, type UserRow } from '../helpers/users';

export function request(ctx: Context<MutationUpdateMeArgs>) {
  const caller = callerSub(ctx.identity);
  const name = requireUserName(ctx.args.input.name, 'input.name');
  return ddb.update<UserRow>({
    key: { userId: caller },
    update: { name, updatedAt: nowIso() },
    condition: { userId: { attributeExists: true } },
  });
}

export function response(ctx: Context<MutationUpdateMeArgs>) {
  if (isConditionFailure(ctx.error)) {
    return notFound('No profile exists for this user', { reason: 'profileMissing' });
  }
  raiseOnDataSourceError(ctx.error);
  return toUser(ctx.result as UserRow);
}

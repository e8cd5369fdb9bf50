// Unit resolver on the Lambda data source credentialsFunction (functions/credentials/handler.ts).
// Disconnects an ad account: the Lambda deletes the credentials item (the only copy of the secret).
// The account's campaigns are kept and no longer synced (see functions/credentials/operations.ts).
// Owner only: the Lambda takes the owner from identity.sub; there is no ownerId argument.
import { type Context, util } from '@aws-appsync/utils';
import type { MutationDisconnectPlatformAccountArgs } from '../api/generated/schema-types';
import { callerSub } from './lib/identity';

/**
 * errorTypes the Lambda throws (as the error's name). AppSync reports a thrown Lambda error as
 * ctx.error { type: 'Lambda:Unhandled', message, unhandledErrorType: <the error's name> }
 * (aws/aws-appsync-community#209, #386), so the name is read from unhandledErrorType. Anything else
 * (a timeout, a throttle) becomes InternalError; the message is kept, as the Lambda only throws
 * curated, secret-free messages.
 */
const ERROR_TYPES = ['Unauthorized', 'NotFound', 'ValidationError', 'Conflict', 'RateLimited', 'PlatformError', 'InternalError'];

export function request(ctx: Context<MutationDisconnectPlatformAccountArgs>) {
  // Deny callers without a user pool identity before invoking anything; pass only the sub.
  const sub = callerSub(ctx.identity);
  return {
    operation: 'Invoke',
    payload: { fieldName: ctx.info.fieldName, arguments: ctx.args, identity: { sub: sub } },
  };
}

export function response(ctx: Context<MutationDisconnectPlatformAccountArgs>): string {
  if (ctx.error) {
    const error = ctx.error as { message: string; type: string; unhandledErrorType?: string | null };
    const thrown = error.type === 'Lambda:Unhandled' ? error.unhandledErrorType : error.type;
    const type = thrown && ERROR_TYPES.indexOf(thrown) >= 0 ? thrown : 'InternalError';
    util.error(error.message, type);
  }
  return ctx.result as string;
}

// The credentials mutations are unit resolvers on the Lambda data source credentialsFunction
// (functions/credentials/handler.ts). Owner only: the Lambda takes the owner from identity.sub; there is
// no ownerId argument.
import { type Context, util } from '@aws-appsync/utils';
import { callerSub } from './identity';

/**
 * errorTypes the Lambda throws (as the error's name). AppSync reports a thrown Lambda error as
 * ctx.error { type: 'Lambda:Unhandled', message, unhandledErrorType: <the error's name> }
 * (aws/aws-appsync-community#209, #386), so the name is read from unhandledErrorType. Anything else
 * (a timeout, a throttle) becomes InternalError; the message is kept, as the Lambda only throws
 * curated, secret-free messages.
 */
const ERROR_TYPES = ['Unauthorized', 'NotFound', 'ValidationError', 'Conflict', 'RateLimited', 'PlatformError', 'InternalError'];

/** Denies callers without a user pool identity before invoking anything; passes only the sub. */
export function invokeCredentialsFunction(ctx: Context) {
  const sub = callerSub(ctx.identity);
  return {
    operation: 'Invoke',
    payload: { fieldName: ctx.info.fieldName, arguments: ctx.args, identity: { sub: sub } },
  };
}

/** The Lambda's result, or its error re-raised with the errorType it threw. */
export function credentialsFunctionResult<T>(ctx: Context): T {
  if (ctx.error) {
    const error = ctx.error as { message: string; type: string; unhandledErrorType?: string | null };
    const thrown = error.type === 'Lambda:Unhandled' ? error.unhandledErrorType : error.type;
    const type = thrown && ERROR_TYPES.indexOf(thrown) >= 0 ? thrown : 'InternalError';
    util.error(error.message, type);
  }
  return ctx.result as T;
}

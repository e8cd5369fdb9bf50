// The credentials mutations are unit resolvers on the Lambda data source credentialsFunction
// (functions/credentials/handler.ts). Owner only: the Lambda takes the owner from identity.sub; there is
// no ownerId argument.
import { type Context, util } from '@aws-appsync/utils';
import { callerSub } from '../../../lib/appsync/identity';

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

/**
 * The Lambda's result; a user mistake it answered ({ error: { type, message } }, not a Lambda error, so
 * the function's Errors alarm counts only faults) or a fault it threw, raised with its errorType.
 */
export function credentialsFunctionResult<T>(ctx: Context): T {
  if (ctx.error) {
    const error = ctx.error as { message: string; type: string; unhandledErrorType?: string | null };
    const thrown = error.type === 'Lambda:Unhandled' ? error.unhandledErrorType : error.type;
    const type = thrown && ERROR_TYPES.indexOf(thrown) >= 0 ? thrown : 'InternalError';
    util.error(error.message, type);
  }
  const answer = ctx.result as { error?: { type?: unknown; message?: unknown } | null } | null;
  if (answer && typeof answer === 'object' && answer.error && typeof answer.error === 'object') {
    const t = answer.error.type;
    const type = typeof t === 'string' && ERROR_TYPES.indexOf(t) >= 0 ? t : 'InternalError';
    util.error(typeof answer.error.message === 'string' ? answer.error.message : 'The request failed.', type);
  }
  return ctx.result as T;
}

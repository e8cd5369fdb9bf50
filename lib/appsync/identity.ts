// The caller is ctx.identity.sub (Cognito user pools) and nothing else: ids in arguments only name
// *what* is wanted and are honoured after an authorization check.
import { util } from '@aws-appsync/utils';

interface IdentityLike {
  sub?: string | null;
}

/**
 * The calling user's sub. Callers without one (IAM, API key, no identity) are denied: every user-facing
 * operation needs a Cognito user.
 */
export function callerSub(identity: unknown): string {
  const sub = identity ? (identity as IdentityLike).sub : null;
  if (!sub || typeof sub !== 'string') {
    return util.unauthorized();
  }
  return sub;
}

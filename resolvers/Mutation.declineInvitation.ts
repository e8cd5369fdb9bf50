// Mutation.declineInvitation (pipeline: getCallerProfile → deleteInvitation): the invited user drops the
// invitation. Returns the teamId.
import { type Context } from '@aws-appsync/utils';

export function request(_ctx: Context) {
  return {};
}

export function response(ctx: Context) {
  return ctx.prev.result;
}

// Mutation.declineInvitation (pipeline: getCallerProfile → deleteInvitation): the invited user drops the
// invitation. Returns the teamId.
import { type Context } from '@aws-appsync/utils';
import { requireId } from '../../../lib/appsync/validation';

export function request(ctx: Context) {
  requireId(ctx.args.teamId, 'teamId');
  return {};
}

export function response(ctx: Context) {
  return ctx.prev.result;
}

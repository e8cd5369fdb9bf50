// Mutation.acceptInvitation (pipeline: getCallerProfile → getInvitation → acceptInvitationRows): the user
// whose verified email was invited joins the team with the invited role.
import { type Context } from '@aws-appsync/utils';
import { requireId } from '../../../lib/appsync/validation';

export function request(ctx: Context) {
  requireId(ctx.args.teamId, 'teamId');
  return {};
}

export function response(ctx: Context) {
  return ctx.prev.result;
}

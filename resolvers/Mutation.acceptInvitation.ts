// Mutation.acceptInvitation (pipeline: getCallerProfile → getInvitation → acceptInvitationRows): the user
// whose verified email was invited joins the team with the invited role.
import { type Context } from '@aws-appsync/utils';

export function request(_ctx: Context) {
  return {};
}

export function response(ctx: Context) {
  return ctx.prev.result;
}

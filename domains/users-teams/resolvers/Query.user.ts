// Query.user (pipeline: listMyMemberships → requireTeammate → getUserProfile): the caller's own profile
// or a teammate's (anyone sharing a team with the caller). Every User field is a public profile field.
import { type Context } from '@aws-appsync/utils';
import { requireId } from '../../../lib/appsync/validation';

export function request(ctx: Context) {
  requireId(ctx.args.userId, 'userId');
  return {};
}

export function response(ctx: Context) {
  return ctx.prev.result;
}

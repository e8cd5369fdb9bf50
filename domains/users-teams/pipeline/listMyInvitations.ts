// Pipeline function (teamsTableRead), after getCallerProfile: the pending invitations addressed to the
// caller's email (GSI userId-index under "INVITE#<lower email>"). The email is the one on the caller's
// sivera-users row, which the PostConfirmation trigger writes only for a verified address; a row not
// marked verified sees no invitations.
import { type Context, runtime } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import { raiseOnDataSourceError } from '../../../lib/appsync/errors';
import { invitationKey, toInvitation, USER_INDEX, type TeamRow } from '../../../lib/appsync/teams';
import { normalizeEmail } from '../../../lib/appsync/validation';
import type { TeamStash } from '../helpers/team-stash';

export function request(ctx: Context<unknown, TeamStash>) {
  const profile = ctx.stash.profile;
  if (!profile || !profile.email || profile.emailVerified !== true) {
    return runtime.earlyReturn([]);
  }
  return ddb.query<TeamRow>({
    index: USER_INDEX,
    query: { userId: { eq: invitationKey(normalizeEmail(profile.email)) } },
  });
}

export function response(ctx: Context<unknown, TeamStash>) {
  raiseOnDataSourceError(ctx.error);
  const rows = ((ctx.result && ctx.result.items) || []) as TeamRow[];
  return rows.map((r) => toInvitation(r));
}

// Pipeline function (teamsTable), after getCallerProfile: deletes the invitation to the caller's email
// for ctx.args.teamId. Nothing deleted → Unauthorized (only the invited email's user may decline).
import { type Context, util } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import type { MutationDeclineInvitationArgs } from '../../../api/generated/schema-types';
import { raiseOnDataSourceError } from '../../../lib/appsync/errors';
import { invitationKey, type TeamRow } from '../../../lib/appsync/teams';
import { inviteeEmail } from '../helpers/invitee';
import type { TeamStash } from '../helpers/team-stash';

export function request(ctx: Context<MutationDeclineInvitationArgs, TeamStash>) {
  const email = inviteeEmail(ctx.stash.profile);
  // No condition: DeleteItem returns the deleted item, and null when there was none.
  return ddb.remove<TeamRow>({ key: { teamId: ctx.args.teamId, userId: invitationKey(email) } });
}

export function response(ctx: Context<MutationDeclineInvitationArgs, TeamStash>) {
  raiseOnDataSourceError(ctx.error);
  if (!ctx.result) {
    util.unauthorized();
  }
  return ctx.args.teamId;
}

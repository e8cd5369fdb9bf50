// Pipeline function (teamsTableRead), after getCallerProfile: the invitation to the caller's email for
// ctx.args.teamId, the team's meta row and the caller's member row, in one BatchGetItem. No invitation →
// Unauthorized (only the invited email's user may accept); already a member → Conflict.
import { type Context, util } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import type { MutationAcceptInvitationArgs } from '../../../api/generated/schema-types';
import { conflict, raiseOnDataSourceError } from '../../../lib/appsync/errors';
import { tableFromEnv } from '../helpers/env';
import { invitationKey, META_KEY, type TeamRow } from '../../../lib/appsync/teams';
import { inviteeEmail } from '../helpers/invitee';
import type { TeamStash } from '../helpers/team-stash';

interface AcceptStash extends TeamStash {
  invitation?: TeamRow;
}

export function request(ctx: Context<MutationAcceptInvitationArgs, AcceptStash>) {
  const email = inviteeEmail(ctx.stash.profile);
  ctx.stash.email = email;
  const teamId = ctx.args.teamId;
  const keys = [
    { teamId, userId: invitationKey(email) },
    { teamId, userId: META_KEY },
    { teamId, userId: ctx.stash.callerId as string },
  ];
  return ddb.batchGet({ tables: { [tableFromEnv(ctx.env, 'TEAMS_TABLE')]: { keys, consistentRead: true } } });
}

export function response(ctx: Context<MutationAcceptInvitationArgs, AcceptStash>) {
  raiseOnDataSourceError(ctx.error);
  const rows = ((ctx.result && ctx.result.data && ctx.result.data[tableFromEnv(ctx.env, 'TEAMS_TABLE')]) ||
    []) as (TeamRow | null)[];
  const key = invitationKey(ctx.stash.email as string);
  const invitation = rows.find((r) => !!r && r.userId === key);
  const meta = rows.find((r) => !!r && r.userId === META_KEY);
  const mine = rows.find((r) => !!r && r.userId === ctx.stash.callerId);
  if (!invitation || !meta) {
    util.unauthorized();
  }
  if (mine) {
    conflict('You are already a member of this team', 'alreadyMember');
  }
  ctx.stash.invitation = invitation as TeamRow;
  ctx.stash.meta = meta as TeamRow;
  return ctx.prev.result;
}

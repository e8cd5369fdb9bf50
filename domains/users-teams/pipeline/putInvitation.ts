// Pipeline function (teamsTable), after loadTeam: writes the invitation row "INVITE#<email>" with a copy
// of the team's name and owner. Conflict when the email already belongs to a member or has a pending
// invitation, or the team is full. The transaction re-checks what loadTeam saw: no invitation row yet,
// the meta row's rev unchanged (bumped here, so concurrent invitations cannot overfill the team), and
// the caller still holding the role that allowed it.
import { type Context, util } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import type { MutationInviteMemberArgs } from '../../../api/generated/schema-types';
import { conflict } from '../../../lib/appsync/errors';
import { tableFromEnv } from '../helpers/env';
import { failedConditionIndex } from '../helpers/transactions';
import { nowIso } from '../helpers/time';
import { invitationKey, isMemberRow, MAX_TEAM_ROWS, META_KEY, toInvitation, type TeamRow } from '../../../lib/appsync/teams';
import { nextRev, revCondition } from '../helpers/rev';
import { normalizeEmail } from '../../../lib/appsync/validation';
import type { TeamStash } from '../helpers/team-stash';

interface InviteStash extends TeamStash {
  invitation?: TeamRow;
}

export function request(ctx: Context<MutationInviteMemberArgs, InviteStash>) {
  const rows = ctx.stash.teamRows || [];
  const email = ctx.stash.email as string;
  const key = invitationKey(email);
  if (rows.some((r) => isMemberRow(r) && !!r.email && normalizeEmail(r.email) === email)) {
    conflict('This email already belongs to a member of the team', 'alreadyMember', { field: 'email' });
  }
  if (rows.some((r) => r.userId === key)) {
    conflict('This email already has a pending invitation to the team', 'alreadyInvited', { field: 'email' });
  }
  if ((ctx.prev.result && ctx.prev.result.tooLarge) || rows.length >= MAX_TEAM_ROWS) {
    conflict(`A team holds at most ${MAX_TEAM_ROWS - 1} members and pending invitations`, 'teamFull');
  }
  const table = tableFromEnv(ctx.env, 'TEAMS_TABLE');
  const teamId = ctx.args.teamId;
  const meta = ctx.stash.meta as TeamRow;
  const mine = ctx.stash.myRow as TeamRow;
  const invitation: TeamRow = {
    teamId,
    userId: key,
    email,
    role: ctx.stash.role,
    invitedBy: mine.userId,
    invitedAt: nowIso(),
    teamName: meta.teamName,
    ownerId: meta.ownerId,
  };
  ctx.stash.invitation = invitation;
  return ddb.transactWrite({
    items: [
      {
        putItem: {
          table,
          key: { teamId, userId: key },
          item: {
            email,
            role: invitation.role,
            invitedBy: invitation.invitedBy,
            invitedAt: invitation.invitedAt,
            teamName: invitation.teamName,
            ownerId: invitation.ownerId,
          },
          condition: { userId: { attributeExists: false } },
        },
      },
      { updateItem: { table, key: { teamId, userId: META_KEY }, update: { rev: nextRev(meta) }, condition: revCondition(meta) } },
      { conditionCheck: { table, key: { teamId, userId: mine.userId }, condition: { role: { eq: mine.role } } } },
    ],
  });
}

export function response(ctx: Context<MutationInviteMemberArgs, InviteStash>) {
  const failed = failedConditionIndex(ctx.result, ctx.error);
  if (failed === 0) conflict('This email already has a pending invitation to the team', 'alreadyInvited', { field: 'email' });
  if (failed === 1) conflict('The team changed while inviting; retry', 'concurrentUpdate');
  if (failed === 2) util.unauthorized();
  return toInvitation(ctx.stash.invitation as TeamRow);
}

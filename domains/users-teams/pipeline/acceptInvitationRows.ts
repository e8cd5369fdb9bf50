// Pipeline function (teamsTable), after getInvitation: turns the invitation into a member row in one
// transaction — delete the invitation (still there, same role), put the member row (not a member yet),
// bump the meta row's rev (team still exists; a concurrent deleteTeam then fails instead of leaving
// this row behind).
import { type Context, util } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import type { MutationAcceptInvitationArgs } from '../../../api/generated/schema-types';
import { conflict } from '../../../lib/appsync/errors';
import { tableFromEnv } from '../helpers/env';
import { failedConditionIndex } from '../helpers/transactions';
import { nowIso } from '../helpers/time';
import { META_KEY, toTeam, type TeamRow } from '../../../lib/appsync/teams';
import { toTeamRole } from '../../../lib/appsync/validation';
import type { TeamStash } from '../helpers/team-stash';

interface AcceptStash extends TeamStash {
  invitation?: TeamRow;
}

export function request(ctx: Context<MutationAcceptInvitationArgs, AcceptStash>) {
  const table = tableFromEnv(ctx.env, 'TEAMS_TABLE');
  const teamId = ctx.args.teamId;
  const invitation = ctx.stash.invitation as TeamRow;
  const meta = ctx.stash.meta as TeamRow;
  const profile = ctx.stash.profile;
  const caller = ctx.stash.callerId as string;
  const member: Record<string, unknown> = {
    role: invitation.role,
    invitedBy: invitation.invitedBy,
    joinedAt: nowIso(),
    email: ctx.stash.email,
    teamName: meta.teamName,
    ownerId: meta.ownerId,
  };
  if (profile && profile.name) member.name = profile.name;
  return ddb.transactWrite({
    items: [
      { deleteItem: { table, key: { teamId, userId: invitation.userId }, condition: { role: { eq: invitation.role } } } },
      { putItem: { table, key: { teamId, userId: caller }, item: member, condition: { userId: { attributeExists: false } } } },
      {
        updateItem: {
          table,
          key: { teamId, userId: META_KEY },
          update: { rev: ddb.operations.increment(1) },
          condition: { rev: { attributeExists: true } },
        },
      },
    ],
  });
}

export function response(ctx: Context<MutationAcceptInvitationArgs, AcceptStash>) {
  const failed = failedConditionIndex(ctx.result, ctx.error);
  if (failed === 1) conflict('You are already a member of this team', 'alreadyMember');
  if (failed >= 0) util.unauthorized();
  const invitation = ctx.stash.invitation as TeamRow;
  return toTeam(ctx.args.teamId, ctx.stash.meta as TeamRow, toTeamRole(invitation.role));
}

// Pipeline function (teamsTable), after getCallerProfile: creates the team's meta row and the caller's
// OWNER member row in one transaction.
import { type Context, util } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import { internalError, notFound } from '../../../lib/appsync/errors';
import { tableFromEnv } from '../helpers/env';
import { failedConditionIndex } from '../helpers/transactions';
import { nowIso } from '../helpers/time';
import { META_KEY, toTeam, type TeamRow } from '../../../lib/appsync/teams';
import { normalizeEmail } from '../../../lib/appsync/validation';
import type { TeamStash } from '../helpers/team-stash';

interface CreateStash extends TeamStash {
  created?: TeamRow;
}

export function request(ctx: Context<unknown, CreateStash>) {
  const profile = ctx.stash.profile;
  const caller = ctx.stash.callerId as string;
  if (!profile) {
    return notFound('No profile exists for this user', { reason: 'profileMissing' });
  }
  const table = tableFromEnv(ctx.env, 'TEAMS_TABLE');
  const teamId = util.autoId();
  const now = nowIso();
  const teamName = ctx.stash.teamName as string;
  const meta: TeamRow = { teamId, userId: META_KEY, teamName, ownerId: caller, createdAt: now, updatedAt: now, rev: 0 };
  ctx.stash.created = meta;
  const owner: Record<string, unknown> = {
    role: 'owner',
    joinedAt: now,
    email: normalizeEmail(profile.email),
    teamName,
    ownerId: caller,
  };
  if (profile.name) owner.name = profile.name;
  return ddb.transactWrite({
    items: [
      {
        putItem: {
          table,
          key: { teamId, userId: META_KEY },
          item: { teamName, ownerId: caller, createdAt: now, updatedAt: now, rev: 0 },
          condition: { teamId: { attributeExists: false } },
        },
      },
      { putItem: { table, key: { teamId, userId: caller }, item: owner, condition: { teamId: { attributeExists: false } } } },
    ],
  });
}

export function response(ctx: Context<unknown, CreateStash>) {
  if (failedConditionIndex(ctx.result, ctx.error) >= 0) {
    // Only a team id collision can get here.
    return internalError('Could not create the team; retry');
  }
  const meta = ctx.stash.created as TeamRow;
  return toTeam(meta.teamId, meta, 'OWNER');
}

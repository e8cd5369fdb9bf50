// syncCampaigns step 3 (platformCredentialsTable): reserves the account's sync lease under a new syncId
// and stores the QUEUED status as lastSync, in one conditional UpdateItem, so two callers can never
// both start a sync. The sync function takes the lease over under the same syncId; if it never runs,
// the reservation expires after QUEUED_LEASE_MS.
import { type Context, util } from '@aws-appsync/utils';
import type { MutationSyncCampaignsArgs, SyncStatus } from '../../../api/generated/schema-types';
import { conflict, isConditionFailure, raiseOnDataSourceError } from '../../../lib/appsync/errors';
import { encodeSyncId, QUEUED_LEASE_MS } from '../helpers/sync';
import { accountItemKey } from '../rules';

export function request(ctx: Context<MutationSyncCampaignsArgs>) {
  const ownerId = ctx.stash.ownerId as string;
  const now = util.time.nowEpochMilliSeconds();
  const status: SyncStatus = {
    syncId: encodeSyncId(ownerId, ctx.args.platform, ctx.args.accountId),
    ownerId,
    platform: ctx.args.platform,
    accountId: ctx.args.accountId,
    state: 'QUEUED',
    progress: 0,
    campaignsSynced: 0,
    message: null,
    startedAt: util.time.nowISO8601(),
    finishedAt: null,
  };
  ctx.stash.syncStatus = status;
  return {
    operation: 'UpdateItem',
    key: util.dynamodb.toMapValues(accountItemKey(ownerId, ctx.args.platform, ctx.args.accountId)),
    update: {
      expression: 'SET #lease = :lease, #last = :last',
      expressionNames: { '#lease': 'syncLease', '#last': 'lastSync' },
      expressionValues: util.dynamodb.toMapValues({
        ':lease': { syncId: status.syncId, expiresAt: now + QUEUED_LEASE_MS },
        ':last': status,
      }),
    },
    condition: {
      expression: 'attribute_exists(#a) AND (attribute_not_exists(#lease) OR #lease.#exp < :now)',
      expressionNames: { '#a': 'accountId', '#lease': 'syncLease', '#exp': 'expiresAt' },
      expressionValues: util.dynamodb.toMapValues({ ':now': now }),
    },
  };
}

export function response(ctx: Context<MutationSyncCampaignsArgs>) {
  if (isConditionFailure(ctx.error)) conflict('A sync of this account is already running', 'syncInProgress');
  raiseOnDataSourceError(ctx.error);
  return ctx.prev.result;
}

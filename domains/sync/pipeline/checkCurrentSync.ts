// publishSyncStatus step (platformCredentialsTableRead): the published status must be the account's
// current sync (its lastSync), so a sync that was superseded or ended cannot reach subscribers. A read,
// not a write: the sync Lambdas stored the status before publishing it (lambda/store.ts).
import { type Context, util } from '@aws-appsync/utils';
import type { MutationPublishSyncStatusArgs, SyncStatus } from '../../../api/generated/schema-types';
import { conflict, raiseOnDataSourceError } from '../../../lib/appsync/errors';
import { accountItemKey } from '../rules';

export function request(ctx: Context<MutationPublishSyncStatusArgs>) {
  const s = ctx.stash.syncStatus as SyncStatus;
  return {
    operation: 'GetItem',
    key: util.dynamodb.toMapValues(accountItemKey(s.ownerId, s.platform, s.accountId)),
    consistentRead: true,
    projection: { expression: '#last.#sid', expressionNames: { '#last': 'lastSync', '#sid': 'syncId' } },
  };
}

export function response(ctx: Context<MutationPublishSyncStatusArgs>) {
  raiseOnDataSourceError(ctx.error);
  const item = ctx.result as { lastSync?: { syncId?: string } } | null;
  const current = item && item.lastSync ? item.lastSync.syncId : undefined;
  if (current !== (ctx.stash.syncStatus as SyncStatus).syncId) conflict('This sync is not the account\'s current sync', 'staleSync');
  return ctx.prev.result;
}

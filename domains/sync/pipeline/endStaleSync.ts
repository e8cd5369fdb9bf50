// syncStatus step (syncFailedFunction): when getSyncStatus found the sync stale, starts the sync-failed
// Lambda asynchronously; it stores FAILED (re-checking the lease, so a reader never fails a live sync)
// and publishes it through publishSyncStatus, so onSyncStatusChanged subscribers see it too. A Query
// cannot publish to subscriptions itself. Otherwise nothing is invoked.
import { type Context, runtime } from '@aws-appsync/utils';
import type { QuerySyncStatusArgs, SyncStatus } from '../../../api/generated/schema-types';

export function request(ctx: Context<QuerySyncStatusArgs>) {
  const syncId = ctx.stash.staleSyncId as string | undefined;
  if (!syncId) runtime.earlyReturn(ctx.prev.result);
  return { operation: 'Invoke', invocationType: 'Event', payload: { staleSyncId: syncId } };
}

export function response(ctx: Context<QuerySyncStatusArgs>): SyncStatus | null {
  // The answer stands either way; a failed start only delays the publish to the next read.
  if (ctx.error) console.error('stale sync end could not be started', ctx.error.type);
  return ctx.prev.result as SyncStatus | null;
}

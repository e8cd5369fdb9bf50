// syncStatus step (platformCredentialsTableRead): reads lastSync (and the lease) of the account the syncId
// names, keyed by the verified owner. Staleness rule: a QUEUED/RUNNING sync whose lease has run out (no
// live sync renews it) is answered as FAILED, and ctx.stash.staleSyncId asks the next step to end it for
// good and publish it (docs/ARCHITECTURE.md, "A sync always ends").
import { type Context, util } from '@aws-appsync/utils';
import type { QuerySyncStatusArgs, SyncStatus } from '../../../api/generated/schema-types';
import { raiseOnDataSourceError } from '../../../lib/appsync/errors';
import { accountItemKey } from '../rules';
import { isStale, staleFailure, type StoredLease, type SyncKey } from '../helpers/sync';

export function request(ctx: Context<QuerySyncStatusArgs>) {
  const key = ctx.stash.syncKey as SyncKey;
  return {
    operation: 'GetItem',
    key: util.dynamodb.toMapValues(accountItemKey(ctx.stash.ownerId as string, key.platform, key.accountId)),
    consistentRead: true,
    projection: { expression: '#l, #lease', expressionNames: { '#l': 'lastSync', '#lease': 'syncLease' } },
  };
}

export function response(ctx: Context<QuerySyncStatusArgs>): SyncStatus | null {
  raiseOnDataSourceError(ctx.error);
  const item = ctx.result as { lastSync?: SyncStatus; syncLease?: StoredLease } | null;
  const last = item ? item.lastSync : null;
  if (!last || last.syncId !== ctx.args.syncId) return null;
  if (isStale(last, item ? item.syncLease : undefined, util.time.nowEpochMilliSeconds())) {
    ctx.stash.staleSyncId = last.syncId;
    return staleFailure(last, util.time.nowISO8601());
  }
  return last;
}

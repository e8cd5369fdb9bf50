// syncStatus(syncId): pipeline authorizeOwner (read) → getSyncStatus. The syncId names owner, platform
// and account; the caller must be allowed to read that owner's data, then the account's lastSync is
// returned when it is this sync (null for an older, superseded sync).
import type { Context } from '@aws-appsync/utils';
import type { QuerySyncStatusArgs, SyncStatus } from '../../../api/generated/schema-types';
import { validationError } from '../../../lib/appsync/errors';
import { decodeSyncId } from '../helpers/sync';

export function request(ctx: Context<QuerySyncStatusArgs>) {
  const key = decodeSyncId(ctx.args.syncId);
  if (!key) return validationError('Not a valid syncId', 'syncId', 'format');
  ctx.stash.syncKey = key;
  ctx.stash.action = 'read';
  ctx.stash.requestedOwnerId = key.ownerId;
  return {};
}

export function response(ctx: Context<QuerySyncStatusArgs>): SyncStatus | null {
  return ctx.prev.result as SyncStatus | null;
}

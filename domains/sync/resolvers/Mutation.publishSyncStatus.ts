// publishSyncStatus(input): @aws_iam only (the sync function's role). Pipeline persistSyncStatus: stores
// the status as the account's lastSync, then returns it, which AppSync publishes to onSyncStatusChanged.
// (A NONE data source cannot write, hence the one DynamoDB step.)
import { type Context, util } from '@aws-appsync/utils';
import type { MutationPublishSyncStatusArgs, SyncStatus } from '../../../api/generated/schema-types';
import { checkId } from '../../../lib/appsync/campaigns';
import { validationError } from '../../../lib/appsync/errors';
import { decodeSyncId, syncStatusValue } from '../helpers/sync';

export function request(ctx: Context<MutationPublishSyncStatusArgs>) {
  // Defence in depth behind @aws_iam: a user-pool caller (a sub) never publishes.
  const identity = ctx.identity as { sub?: string } | null;
  if (identity && identity.sub) util.unauthorized();
  const input = ctx.args.input;
  checkId('input.accountId', input.accountId);
  const key = decodeSyncId(input.syncId);
  if (!key || key.ownerId !== input.ownerId || key.platform !== input.platform || key.accountId !== input.accountId) {
    validationError('syncId does not belong to this account', 'input.syncId', 'mismatch');
  }
  if (input.progress < 0 || input.progress > 100) validationError('progress must be 0-100', 'input.progress', 'range');
  if (input.campaignsSynced < 0) validationError('campaignsSynced must not be negative', 'input.campaignsSynced', 'range');
  if (input.message && input.message.length > 2000) validationError('message is too long', 'input.message', 'tooLong');
  ctx.stash.syncStatus = syncStatusValue(input as SyncStatus);
  return {};
}

export function response(ctx: Context<MutationPublishSyncStatusArgs>): SyncStatus {
  return ctx.stash.syncStatus as SyncStatus;
}

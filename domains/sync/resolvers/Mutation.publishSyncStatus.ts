// publishSyncStatus(input): @aws_iam only (the sync function's role). Pipeline checkCurrentSync: the
// status must be of the account's current sync; it is returned, which AppSync publishes to
// onSyncStatusChanged. Nothing is stored here: the sync Lambdas store each status as lastSync before
// publishing it (lambda/store.ts), so every state has one writer.
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

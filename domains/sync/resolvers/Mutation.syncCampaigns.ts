// syncCampaigns(platform, accountId, ownerId, from, to): pipeline authorizeOwner (write: owner or admin)
// → getSyncAccount → reserveSyncLease → invokeSyncFunction (InvocationType Event). Returns the QUEUED
// SyncStatus at once; the sync Lambda does the work and reports through publishSyncStatus.
import type { Context } from '@aws-appsync/utils';
import type { MutationSyncCampaignsArgs, SyncStatus } from '../../../api/generated/schema-types';
import { checkId } from '../../../lib/appsync/campaigns';
import { validationError } from '../../../lib/appsync/errors';
import { dateMillis, isPlainDate, MAX_SYNC_RANGE_DAYS } from '../helpers/sync';

export function request(ctx: Context<MutationSyncCampaignsArgs>) {
  checkId('accountId', ctx.args.accountId);
  const from = ctx.args.from;
  const to = ctx.args.to;
  if (from && !isPlainDate(from)) validationError('from must be a date (YYYY-MM-DD)', 'from', 'format');
  if (to && !isPlainDate(to)) validationError('to must be a date (YYYY-MM-DD)', 'to', 'format');
  if (from && to) {
    const span = (dateMillis(to) - dateMillis(from)) / 86400000;
    if (span < 0) validationError('from must not be after to', 'from', 'afterTo');
    if (span >= MAX_SYNC_RANGE_DAYS) validationError(`a sync covers at most ${MAX_SYNC_RANGE_DAYS} days`, 'to', 'rangeTooLong');
  }
  ctx.stash.action = 'write';
  ctx.stash.requestedOwnerId = ctx.args.ownerId ?? undefined;
  return {};
}

export function response(ctx: Context<MutationSyncCampaignsArgs>): SyncStatus {
  return ctx.stash.syncStatus as SyncStatus;
}

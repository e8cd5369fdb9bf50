// syncCampaigns(platform, accountId, ownerId, from, to): pipeline authorizeOwner (write: owner or admin)
// → getSyncAccount → reserveSyncLease → invokeSyncFunction (InvocationType Event). Returns the QUEUED
// SyncStatus at once; the sync Lambda does the work and reports through publishSyncStatus.
import type { Context } from '@aws-appsync/utils';
import type { MutationSyncCampaignsArgs, SyncStatus } from '../../../api/generated/schema-types';
import { checkId } from '../../../lib/appsync/campaigns';
import { validationError } from '../../../lib/appsync/errors';
import { dateMillis, isPlainDate } from '../helpers/sync';
import { SYNC_RANGE_MESSAGES, syncRangeProblem } from '../rules';

export function request(ctx: Context<MutationSyncCampaignsArgs>) {
  checkId('accountId', ctx.args.accountId);
  const from = ctx.args.from;
  const to = ctx.args.to;
  if (from && !isPlainDate(from)) validationError('from must be a date (YYYY-MM-DD)', 'from', 'format');
  if (to && !isPlainDate(to)) validationError('to must be a date (YYYY-MM-DD)', 'to', 'format');
  // With one end missing, the Lambda fills it in from the account's time zone and checks the result.
  const problem = from && to ? syncRangeProblem((dateMillis(to) - dateMillis(from)) / 86400000) : null;
  if (problem) validationError(SYNC_RANGE_MESSAGES[problem], problem === 'afterTo' ? 'from' : 'to', problem);
  ctx.stash.action = 'write';
  ctx.stash.requestedOwnerId = ctx.args.ownerId ?? undefined;
  return {};
}

export function response(ctx: Context<MutationSyncCampaignsArgs>): SyncStatus {
  return ctx.stash.syncStatus as SyncStatus;
}

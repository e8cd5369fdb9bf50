// syncCampaigns step 4 (syncFunction): starts the sync Lambda asynchronously (invocationType Event, which
// APPSYNC_JS Lambda requests support), so the mutation returns QUEUED within AppSync's 30 s limit.
// The payload carries only the verified owner and the validated arguments.
import { type Context, util } from '@aws-appsync/utils';
import type { MutationSyncCampaignsArgs, SyncStatus } from '../../../api/generated/schema-types';

export function request(ctx: Context<MutationSyncCampaignsArgs>) {
  const status = ctx.stash.syncStatus as SyncStatus;
  return {
    operation: 'Invoke',
    invocationType: 'Event',
    payload: {
      syncId: status.syncId,
      ownerId: status.ownerId,
      platform: status.platform,
      accountId: status.accountId,
      from: ctx.args.from ?? null,
      to: ctx.args.to ?? null,
    },
  };
}

export function response(ctx: Context<MutationSyncCampaignsArgs>) {
  if (ctx.error) {
    console.error('sync invoke failed', ctx.error.type);
    util.error('The sync could not be started; try again in a few minutes', 'InternalError');
  }
  return ctx.prev.result;
}

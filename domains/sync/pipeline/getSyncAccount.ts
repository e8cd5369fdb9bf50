// syncCampaigns step 2 (platformCredentialsTableRead): the account must be connected, active and not
// already syncing. Reads only the attributes it needs (never the ciphertext).
import { type Context, util } from '@aws-appsync/utils';
import type { MutationSyncCampaignsArgs } from '../../../api/generated/schema-types';
import { conflict, notFound, raiseOnDataSourceError } from '../../../lib/appsync/errors';
import { ACCOUNT_INACTIVE_MESSAGE, accountCanSync, accountItemKey } from '../rules';

export function request(ctx: Context<MutationSyncCampaignsArgs>) {
  return {
    operation: 'GetItem',
    key: util.dynamodb.toMapValues(accountItemKey(ctx.stash.ownerId as string, ctx.args.platform, ctx.args.accountId)),
    consistentRead: true,
    projection: { expression: '#a, #s, #l', expressionNames: { '#a': 'accountId', '#s': 'status', '#l': 'syncLease' } },
  };
}

export function response(ctx: Context<MutationSyncCampaignsArgs>) {
  raiseOnDataSourceError(ctx.error);
  const item = ctx.result as { status?: string; syncLease?: { syncId: string; expiresAt: number } } | null;
  if (!item) notFound('No such connected account', { platform: ctx.args.platform, accountId: ctx.args.accountId });
  const account = item as { status?: string; syncLease?: { syncId: string; expiresAt: number } };
  if (!accountCanSync(account.status)) conflict(ACCOUNT_INACTIVE_MESSAGE, 'accountInactive');
  const lease = account.syncLease;
  if (lease && lease.expiresAt >= util.time.nowEpochMilliSeconds()) {
    conflict('A sync of this account is already running', 'syncInProgress', { syncId: lease.syncId });
  }
  return ctx.prev.result;
}

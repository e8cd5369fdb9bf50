// syncStatus step (platformCredentialsTableRead): reads lastSync of the account the syncId names, keyed by
// the verified owner.
import { type Context, util } from '@aws-appsync/utils';
import type { QuerySyncStatusArgs, SyncStatus } from '../../api/generated/schema-types';
import { raiseOnDataSourceError } from '../lib/errors';
import type { SyncKey } from '../lib/sync';

export function request(ctx: Context<QuerySyncStatusArgs>) {
  const key = ctx.stash.syncKey as SyncKey;
  return {
    operation: 'GetItem',
    key: util.dynamodb.toMapValues({ userPlatform: `${ctx.stash.ownerId}#${key.platform}`, accountId: key.accountId }),
    consistentRead: true,
    projection: { expression: '#l', expressionNames: { '#l': 'lastSync' } },
  };
}

export function response(ctx: Context<QuerySyncStatusArgs>): SyncStatus | null {
  raiseOnDataSourceError(ctx.error);
  const item = ctx.result as { lastSync?: SyncStatus } | null;
  const last = item ? item.lastSync : null;
  return last && last.syncId === ctx.args.syncId ? last : null;
}

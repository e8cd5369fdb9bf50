// publishSyncStatus step (platformCredentialsTable): lastSync = the published status, only while the
// stored lastSync is this same sync (a stale sync cannot overwrite a newer one's state).
import { type Context, util } from '@aws-appsync/utils';
import type { MutationPublishSyncStatusArgs, SyncStatus } from '../../../api/generated/schema-types';
import { conflict, isConditionFailure, raiseOnDataSourceError } from '../../../lib/appsync/errors';

export function request(ctx: Context<MutationPublishSyncStatusArgs>) {
  const s = ctx.stash.syncStatus as SyncStatus;
  return {
    operation: 'UpdateItem',
    key: util.dynamodb.toMapValues({ userPlatform: `${s.ownerId}#${s.platform}`, accountId: s.accountId }),
    update: {
      expression: 'SET #last = :last',
      expressionNames: { '#last': 'lastSync' },
      expressionValues: util.dynamodb.toMapValues({ ':last': s }),
    },
    condition: {
      expression: 'attribute_exists(#a) AND #last.#sid = :sid',
      expressionNames: { '#a': 'accountId', '#last': 'lastSync', '#sid': 'syncId' },
      expressionValues: util.dynamodb.toMapValues({ ':sid': s.syncId }),
    },
  };
}

export function response(ctx: Context<MutationPublishSyncStatusArgs>) {
  if (isConditionFailure(ctx.error)) conflict('This sync is not the account\'s current sync', 'staleSync');
  raiseOnDataSourceError(ctx.error);
  return ctx.prev.result;
}

// Connected accounts from sivera-platform-credentials (PK userPlatform = `${ownerSub}#${PLATFORM}`,
// SK accountId). The Query names the public attributes in a projection expression, so the
// `credentials` ciphertext (and the sync lease) never reaches the resolver, let alone a response.
// Without a platform argument the pipeline runs one step per platform (listPlatformAccounts1..4,
// each an AppSync function with this code): four Queries on four known partitions, no Scan.
import { runtime, util, type Context } from '@aws-appsync/utils';
import type { AccountStatus, Platform, PlatformAccount } from '../../../api/generated/schema-types';
import { raiseOnDataSourceError } from '../../../lib/appsync/errors';

/** The attributes a PlatformAccount is made of: never `credentials`. */
export const PUBLIC_ACCOUNT_PROJECTION = {
  expression: '#accountId, #displayName, #status, #statusReason, #createdAt, #lastSyncAt',
  expressionNames: {
    '#accountId': 'accountId',
    '#displayName': 'displayName',
    '#status': 'status',
    '#statusReason': 'statusReason',
    '#createdAt': 'createdAt',
    '#lastSyncAt': 'lastSyncAt',
  },
};

export interface AccountsState {
  /** platforms still to read, in order */
  platforms: Platform[];
  current?: Platform;
  accounts: PlatformAccount[];
}

function accountStatus(value: unknown): AccountStatus {
  return typeof value === 'string' && value.toUpperCase() === 'ACTIVE' ? 'ACTIVE' : 'INACTIVE';
}

export function accountsStepRequest(ctx: Context) {
  const state = ctx.stash.accountsState as AccountsState;
  if (state.platforms.length === 0) return runtime.earlyReturn(ctx.prev.result);
  const platform = state.platforms.shift() as Platform;
  state.current = platform;
  return {
    operation: 'Query',
    query: {
      expression: '#pk = :pk',
      expressionNames: { '#pk': 'userPlatform' },
      expressionValues: util.dynamodb.toMapValues({ ':pk': `${ctx.stash.ownerId}#${platform}` }),
    },
    // DynamoDB requires SPECIFIC_ATTRIBUTES with a projection on Query (AppSync projections doc).
    select: 'SPECIFIC_ATTRIBUTES',
    projection: PUBLIC_ACCOUNT_PROJECTION,
  };
}

export function accountsStepResponse(ctx: Context) {
  raiseOnDataSourceError(ctx.error);
  const state = ctx.stash.accountsState as AccountsState;
  const platform = state.current as Platform;
  const items = ((ctx.result && ctx.result.items) || []) as Record<string, unknown>[];
  items.forEach((item) => {
    state.accounts.push({
      ownerId: ctx.stash.ownerId as string,
      platform,
      accountId: item.accountId as string,
      displayName: (item.displayName as string | undefined) ?? null,
      status: accountStatus(item.status),
      statusReason: (item.statusReason as string | undefined) ?? null,
      createdAt: item.createdAt as string,
      lastSyncAt: (item.lastSyncAt as string | undefined) ?? null,
    });
  });
  return ctx.prev.result;
}

// The seed's five tables. infra/ and the local stack both create them from this list, so the key
// schemas cannot drift. Names take an optional per-environment prefix ("dev-" → "dev-sivera-users").

export interface TableDef {
  /** Logical name used in code, wiring and env vars. */
  key: TableKey;
  /** Name without prefix, as in the seed. */
  name: string;
  partitionKey: string;
  sortKey?: string;
  globalSecondaryIndexes?: { indexName: string; partitionKey: string; sortKey?: string }[];
  /** LSIs share the table's partition key; they must exist from table creation. */
  localSecondaryIndexes?: { indexName: string; sortKey: string }[];
}

export type TableKey = 'users' | 'teams' | 'platformConfigs' | 'platformCredentials' | 'campaigns';

export const tables: Record<TableKey, TableDef> = {
  users: { key: 'users', name: 'sivera-users', partitionKey: 'userId' },
  teams: {
    key: 'teams',
    name: 'sivera-teams',
    partitionKey: 'teamId',
    sortKey: 'userId',
    globalSecondaryIndexes: [{ indexName: 'userId-index', partitionKey: 'userId' }],
  },
  platformConfigs: { key: 'platformConfigs', name: 'sivera-platform-configs', partitionKey: 'userPlatform' },
  platformCredentials: {
    key: 'platformCredentials',
    name: 'sivera-platform-credentials',
    partitionKey: 'userPlatform',
    sortKey: 'accountId',
  },
  campaigns: {
    key: 'campaigns',
    name: 'sivera-campaigns',
    partitionKey: 'userPlatformAccount',
    sortKey: 'campaignId',
    // Newest-updated-first listing: updatedSort = `${updatedAt}#${campaignId}` (unique, so the order is stable).
    localSecondaryIndexes: [{ indexName: 'updatedAt-index', sortKey: 'updatedSort' }],
  },
};

export function tableName(key: TableKey, prefix = ''): string {
  return `${prefix}${tables[key].name}`;
}

/**
 * Environment variables every resolver sees as ctx.env and every Lambda as process.env, naming the
 * tables (resolvers need them for transactions and batches, which name tables explicitly).
 */
export const tableEnvVar: Record<TableKey, string> = {
  users: 'USERS_TABLE',
  teams: 'TEAMS_TABLE',
  platformConfigs: 'PLATFORM_CONFIGS_TABLE',
  platformCredentials: 'PLATFORM_CREDENTIALS_TABLE',
  campaigns: 'CAMPAIGNS_TABLE',
};

export function tableEnv(prefix = ''): Record<string, string> {
  return Object.fromEntries(
    (Object.keys(tables) as TableKey[]).map((k) => [tableEnvVar[k], tableName(k, prefix)]),
  );
}

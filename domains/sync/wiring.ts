// Campaign sync (issue 8): syncCampaigns reserves the account and starts the sync Lambda asynchronously;
// the Lambda stores each status as lastSync and reports it through publishSyncStatus (IAM only), which
// checks it is the account's current sync and feeds onSyncStatusChanged; syncStatus reads lastSync and, when the sync is stale, has the sync-failed Lambda
// end it as FAILED and publish it. authorizeOwner is shared (lib/appsync/pipeline).
import type { DomainWiring, FieldResolverSpec } from '../../api/wiring/types.js';
import type { SharedFunctionName } from '../../lib/appsync/pipeline/wiring.js';

const functions = {
  getSyncAccount: { dataSource: 'platformCredentialsTableRead' },
  reserveSyncLease: { dataSource: 'platformCredentialsTable' },
  invokeSyncFunction: { dataSource: 'syncFunction' },
  checkCurrentSync: { dataSource: 'platformCredentialsTableRead' },
  getSyncStatus: { dataSource: 'platformCredentialsTableRead' },
  endStaleSync: { dataSource: 'syncFailedFunction' },
} as const;

type Step = keyof typeof functions | SharedFunctionName;

const resolvers: FieldResolverSpec<Step>[] = [
  { typeName: 'Mutation', fieldName: 'syncCampaigns', kind: 'PIPELINE', functions: ['authorizeOwner', 'getSyncAccount', 'reserveSyncLease', 'invokeSyncFunction'] },
  // IAM callers have no team: publishing is not an owner-data operation, so no authorizeOwner here.
  { typeName: 'Mutation', fieldName: 'publishSyncStatus', kind: 'PIPELINE', functions: ['checkCurrentSync'] },
  { typeName: 'Query', fieldName: 'syncStatus', kind: 'PIPELINE', functions: ['authorizeOwner', 'getSyncStatus', 'endStaleSync'] },
  { typeName: 'Subscription', fieldName: 'onSyncStatusChanged', kind: 'PIPELINE', functions: ['authorizeOwner'] },
];

export const sync: DomainWiring<keyof typeof functions, SharedFunctionName> = { domain: 'sync', functions, resolvers };

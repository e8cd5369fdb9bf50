// Campaign sync (issue 8): syncCampaigns reserves the account and starts the sync Lambda asynchronously;
// the Lambda reports through publishSyncStatus (IAM only), which stores lastSync and feeds
// onSyncStatusChanged; syncStatus reads lastSync and, when the sync is stale, has the sync-failed Lambda
// end it as FAILED and publish it. authorizeOwner is declared by users-teams.
import type { FunctionDef, ResolverDef } from './types.js';

export const functions: FunctionDef[] = [
  { name: 'getSyncAccount', dataSource: 'platformCredentialsTableRead' },
  { name: 'reserveSyncLease', dataSource: 'platformCredentialsTable' },
  { name: 'invokeSyncFunction', dataSource: 'syncFunction' },
  { name: 'persistSyncStatus', dataSource: 'platformCredentialsTable' },
  { name: 'getSyncStatus', dataSource: 'platformCredentialsTableRead' },
  { name: 'endStaleSync', dataSource: 'syncFailedFunction' },
];

export const resolvers: ResolverDef[] = [
  { typeName: 'Mutation', fieldName: 'syncCampaigns', kind: 'PIPELINE', functions: ['authorizeOwner', 'getSyncAccount', 'reserveSyncLease', 'invokeSyncFunction'] },
  // IAM callers have no team: publishing is not an owner-data operation, so no authorizeOwner here.
  { typeName: 'Mutation', fieldName: 'publishSyncStatus', kind: 'PIPELINE', functions: ['persistSyncStatus'] },
  { typeName: 'Query', fieldName: 'syncStatus', kind: 'PIPELINE', functions: ['authorizeOwner', 'getSyncStatus', 'endStaleSync'] },
  { typeName: 'Subscription', fieldName: 'onSyncStatusChanged', kind: 'PIPELINE', functions: ['authorizeOwner'] },
];

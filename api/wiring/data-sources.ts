import type { DataSourceDef } from './types.js';

// One data source per table and access mode (least privilege: read resolvers get read-only roles).
export const dataSources = {
  none: { type: 'NONE' },
  usersTable: { type: 'AMAZON_DYNAMODB', table: 'users' },
  usersTableRead: { type: 'AMAZON_DYNAMODB', table: 'users', readOnly: true },
  teamsTable: { type: 'AMAZON_DYNAMODB', table: 'teams' },
  teamsTableRead: { type: 'AMAZON_DYNAMODB', table: 'teams', readOnly: true },
  platformConfigsTable: { type: 'AMAZON_DYNAMODB', table: 'platformConfigs' },
  platformConfigsTableRead: { type: 'AMAZON_DYNAMODB', table: 'platformConfigs', readOnly: true },
  platformCredentialsTable: { type: 'AMAZON_DYNAMODB', table: 'platformCredentials' },
  platformCredentialsTableRead: { type: 'AMAZON_DYNAMODB', table: 'platformCredentials', readOnly: true },
  campaignsTableRead: { type: 'AMAZON_DYNAMODB', table: 'campaigns', readOnly: true },
  credentialsFunction: { type: 'AWS_LAMBDA', lambda: 'credentials' },
  syncFunction: { type: 'AWS_LAMBDA', lambda: 'sync' },
  syncFailedFunction: { type: 'AWS_LAMBDA', lambda: 'syncFailed' },
} as const satisfies Record<string, DataSourceDef>;

/** A data source a resolver or pipeline function names. */
export type DataSourceName = keyof typeof dataSources;

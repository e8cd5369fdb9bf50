// Who may do what, in one reviewable place. The constructs turn these declarations into IAM
// statements scoped to table/index ARNs; test/infra checks the template against them and checks
// that each Lambda's source uses exactly the DynamoDB/KMS commands granted here.
import type { LambdaKey } from '../api/lambdas.js';
import type { TableKey } from '../api/tables.js';

export type DynamoAction =
  | 'dynamodb:GetItem'
  | 'dynamodb:BatchGetItem'
  | 'dynamodb:Query'
  | 'dynamodb:PutItem'
  | 'dynamodb:UpdateItem'
  | 'dynamodb:DeleteItem'
  | 'dynamodb:BatchWriteItem'
  | 'dynamodb:ConditionCheckItem';

/**
 * What an AppSync DynamoDB data source may do. APPSYNC_JS resolvers can issue any DynamoDB operation,
 * so the data source's mode (wiring `readOnly`) decides. TransactGetItems/TransactWriteItems are not
 * IAM actions: DynamoDB authorizes each item as GetItem/PutItem/UpdateItem/DeleteItem/ConditionCheckItem.
 * Scan is deliberately absent: every access in a multi-tenant API is keyed, and a full-table read
 * from a resolver would be a bug worth an AccessDenied.
 */
export const dataSourceActions = {
  read: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'],
  readWrite: [
    'dynamodb:GetItem',
    'dynamodb:BatchGetItem',
    'dynamodb:Query',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:BatchWriteItem',
    'dynamodb:ConditionCheckItem',
  ],
} satisfies Record<string, DynamoAction[]>;

/** Only Query runs against an index. */
export const indexActions: DynamoAction[] = ['dynamodb:Query'];

export interface TableAccess {
  actions: DynamoAction[];
  /** Indexes the function queries (GSI/LSI names from api/tables.ts). */
  indexes?: string[];
}

export interface LambdaAccess {
  tables: Partial<Record<TableKey, TableAccess>>;
  /** Credential key use, always under the encryption-context conditions (style-and-security B4). */
  kms?: ('kms:Encrypt' | 'kms:GenerateDataKey' | 'kms:Decrypt')[];
  /** Reads the app-level platform secrets (infra/platform-secrets.ts) and calls the platform APIs. */
  platformSecrets?: boolean;
  /** May call Mutation.publishSyncStatus with IAM auth. */
  publishSyncStatus?: boolean;
}

export const lambdaAccess: Record<LambdaKey, LambdaAccess> = {
  // Creates the users row once a sign-up is confirmed.
  postConfirmation: {
    tables: { users: { actions: ['dynamodb:PutItem'] } },
  },
  // connect (envelope-encrypt, conditional upsert), disconnect, set status.
  credentials: {
    tables: { platformCredentials: { actions: ['dynamodb:UpdateItem', 'dynamodb:DeleteItem'] } },
    kms: ['kms:GenerateDataKey'],
  },
  // Takes the account lease and records status on the credentials item, decrypts its credentials,
  // merges campaigns (Query/BatchGet the stored daily figures, BatchWrite pages, mark missing ones
  // REMOVED), and reports progress through publishSyncStatus.
  sync: {
    tables: {
      platformCredentials: { actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'] },
      campaigns: { actions: ['dynamodb:Query', 'dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem', 'dynamodb:UpdateItem'] },
    },
    kms: ['kms:Decrypt'],
    platformSecrets: true,
    publishSyncStatus: true,
  },
  // Ends an unfinished sync as FAILED (one conditional UpdateItem on the account's lastSync and lease)
  // and publishes it. (The sync role's lambda:InvokeFunction on it comes from api/lambdas.ts `async`.)
  syncFailed: {
    tables: { platformCredentials: { actions: ['dynamodb:UpdateItem'] } },
    publishSyncStatus: true,
  },
};

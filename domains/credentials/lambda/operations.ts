// connect / disconnect / setStatus on sivera-platform-credentials. The caller (`ownerId`) always
// comes from the verified identity; each operation is one conditional DynamoDB write, so a failure
// leaves either the previous item or the new one, never a mix.
//
// Item: PK userPlatform = `${ownerId}#${platform}`, SK accountId → credentials (base64 sealed by
// credential-crypto), status (active|inactive), statusReason, displayName, ownerId, platform,
// createdAt (kept on re-connect), updatedAt, lastSyncAt, and the sync's syncLease/lastSync (never
// touched here).
//
// Disconnect deletes the item, and with it the only copy of the secret. The account's campaigns
// in sivera-campaigns are KEPT (historical reporting) and are no longer synced: nothing can
// decrypt credentials for the account any more. Re-connecting the same account id resumes syncing
// into the same campaign partition. Deleting campaigns is not done here: an account can hold tens
// of thousands of campaign items, more than one Lambda resolver call (30 s AppSync cap) can
// delete reliably, and this function's role has no access to the campaigns table.
import { DeleteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AccountStatus, Platform, PlatformAccount } from '../../../api/generated/schema-types.js';
import { AppError } from '../../../lib/node/errors.js';
import { CredentialCryptoError, type CredentialContext } from '../../../lib/node/credential-crypto.js';
import type { Logger } from '../../../lib/node/logger.js';
import { normalizeAccountId, validateConnectInput, validatePlatform, validateStatus } from './validation.js';

export interface CredentialsDeps {
  ddb: DynamoDBDocumentClient;
  table: string;
  encrypt: (context: CredentialContext, credentials: object) => Promise<string>;
  log: Logger;
  now?: () => Date;
}

/** What the owner sees in statusReason after deactivating an account themselves. */
export const OWNER_DEACTIVATED_REASON = 'Deactivated by the owner';

interface StoredAccount {
  userPlatform: string;
  accountId: string;
  ownerId: string;
  platform: Platform;
  status: 'active' | 'inactive';
  statusReason?: string;
  displayName?: string;
  createdAt: string;
  lastSyncAt?: string;
}

export function partitionKey(ownerId: string, platform: Platform): string {
  return `${ownerId}#${platform}`;
}

/** Explicit field list: the stored `credentials` attribute can never reach a response. */
export function toPlatformAccount(item: StoredAccount): PlatformAccount {
  return {
    ownerId: item.ownerId,
    platform: item.platform,
    accountId: item.accountId,
    displayName: item.displayName ?? null,
    status: item.status === 'inactive' ? 'INACTIVE' : 'ACTIVE',
    statusReason: item.statusReason ?? null,
    createdAt: item.createdAt,
    lastSyncAt: item.lastSyncAt ?? null,
  };
}

function cryptoFailure(err: CredentialCryptoError): AppError {
  return err.reason === 'KMS_ACCESS_DENIED'
    ? new AppError('Unauthorized', 'The credentials key refused this request; nothing was stored.', { kms: err.kmsErrorName })
    : new AppError('InternalError', 'Credentials could not be encrypted right now; nothing was stored. Please try again later.', {
        kms: err.kmsErrorName,
      });
}

// By name: lib-dynamodb rethrows client-dynamodb's class, and a second copy of that package in a
// bundle would defeat instanceof.
function conditionFailed(err: unknown): boolean {
  return (err as { name?: string } | null)?.name === 'ConditionalCheckFailedException';
}

function storageFailure(action: string): AppError {
  return new AppError('InternalError', `The account could not be ${action} right now; nothing was changed. Please try again later.`);
}

export async function connectPlatformAccount(deps: CredentialsDeps, ownerId: string, input: unknown): Promise<PlatformAccount> {
  const v = validateConnectInput(input);
  const ctx: CredentialContext = { userId: ownerId, platform: v.platform, accountId: v.accountId };
  const log = deps.log.child({ op: 'connectPlatformAccount', userId: ownerId, platform: v.platform, accountId: v.accountId });

  let sealed: string;
  try {
    sealed = await deps.encrypt(ctx, v.credentials);
  } catch (err) {
    if (err instanceof CredentialCryptoError) {
      log.error('credential encryption failed', { outcome: 'kms-error', reason: err.reason, kmsError: err.kmsErrorName });
      throw cryptoFailure(err);
    }
    throw err;
  }

  const now = (deps.now?.() ?? new Date()).toISOString();
  const names: Record<string, string> = {
    '#credentials': 'credentials',
    '#status': 'status',
    '#statusReason': 'statusReason',
    '#ownerId': 'ownerId',
    '#platform': 'platform',
    '#createdAt': 'createdAt',
    '#updatedAt': 'updatedAt',
  };
  const values: Record<string, unknown> = { ':c': sealed, ':active': 'active', ':o': ownerId, ':p': v.platform, ':now': now };
  const sets = [
    '#credentials = :c',
    '#status = :active',
    '#ownerId = :o',
    '#platform = :p',
    '#updatedAt = :now',
    '#createdAt = if_not_exists(#createdAt, :now)',
  ];
  if (v.displayName !== undefined) {
    names['#displayName'] = 'displayName';
    values[':dn'] = v.displayName;
    sets.push('#displayName = :dn');
  }
  try {
    // One UpdateItem: the new secret, status and timestamps land together or not at all. Fresh
    // credentials make the account active again (clearing a sync's "credentials revoked" reason);
    // createdAt, lastSyncAt and the sync state survive a re-connect.
    const out = await deps.ddb.send(
      new UpdateCommand({
        TableName: deps.table,
        Key: { userPlatform: partitionKey(ownerId, v.platform), accountId: v.accountId },
        UpdateExpression: `SET ${sets.join(', ')} REMOVE #statusReason`,
        ConditionExpression: 'attribute_not_exists(userPlatform) OR #ownerId = :o',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      }),
    );
    const item = out.Attributes as StoredAccount;
    log.info('account connected', { outcome: 'ok', reconnect: item.createdAt !== now });
    return toPlatformAccount(item);
  } catch (err) {
    if (conditionFailed(err)) {
      log.error('stored item has another owner', { outcome: 'owner-mismatch' });
      throw new AppError('Conflict', 'This account record belongs to another owner.');
    }
    log.error('credential write failed', { outcome: 'ddb-error', err });
    throw storageFailure('connected');
  }
}

export async function disconnectPlatformAccount(
  deps: CredentialsDeps,
  ownerId: string,
  args: { platform?: unknown; accountId?: unknown },
): Promise<string> {
  const platform = validatePlatform(args.platform);
  const accountId = normalizeAccountId(platform, args.accountId);
  const log = deps.log.child({ op: 'disconnectPlatformAccount', userId: ownerId, platform, accountId });
  try {
    await deps.ddb.send(
      new DeleteCommand({
        TableName: deps.table,
        Key: { userPlatform: partitionKey(ownerId, platform), accountId },
        ConditionExpression: 'attribute_exists(userPlatform)',
      }),
    );
  } catch (err) {
    if (conditionFailed(err)) {
      log.info('no such account', { outcome: 'not-found' });
      throw new AppError('NotFound', `No connected ${platform} account ${accountId}.`);
    }
    log.error('delete failed', { outcome: 'ddb-error', err });
    throw storageFailure('disconnected');
  }
  log.info('account disconnected', { outcome: 'ok' });
  return accountId;
}

export async function setPlatformAccountStatus(
  deps: CredentialsDeps,
  ownerId: string,
  args: { platform?: unknown; accountId?: unknown; status?: unknown },
): Promise<PlatformAccount> {
  const platform = validatePlatform(args.platform);
  const accountId = normalizeAccountId(platform, args.accountId);
  const status: AccountStatus = validateStatus(args.status);
  const log = deps.log.child({ op: 'setPlatformAccountStatus', userId: ownerId, platform, accountId, status });
  const now = (deps.now?.() ?? new Date()).toISOString();
  const active = status === 'ACTIVE';
  try {
    // The secret is not touched; attribute_exists keeps this from creating a credential-less item.
    const out = await deps.ddb.send(
      new UpdateCommand({
        TableName: deps.table,
        Key: { userPlatform: partitionKey(ownerId, platform), accountId },
        UpdateExpression: active
          ? 'SET #status = :s, #updatedAt = :now REMOVE #statusReason'
          : 'SET #status = :s, #updatedAt = :now, #statusReason = :r',
        ConditionExpression: 'attribute_exists(userPlatform)',
        ExpressionAttributeNames: { '#status': 'status', '#updatedAt': 'updatedAt', '#statusReason': 'statusReason' },
        ExpressionAttributeValues: active
          ? { ':s': 'active', ':now': now }
          : { ':s': 'inactive', ':now': now, ':r': OWNER_DEACTIVATED_REASON },
        ReturnValues: 'ALL_NEW',
      }),
    );
    log.info('status set', { outcome: 'ok' });
    return toPlatformAccount(out.Attributes as StoredAccount);
  } catch (err) {
    if (conditionFailed(err)) {
      log.info('no such account', { outcome: 'not-found' });
      throw new AppError('NotFound', `No connected ${platform} account ${accountId}.`);
    }
    log.error('status update failed', { outcome: 'ddb-error', err });
    throw storageFailure('updated');
  }
}

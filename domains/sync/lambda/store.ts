// DynamoDB side of the sync: the per-account lease on the credentials item, batched campaign writes,
// the merge read of stored daily figures, the REMOVED sweep and the final account update.
// The account's lastSync has one writer per state: syncCampaigns' reservation stores QUEUED (with the
// lease, before any Lambda runs), and every later state is written here, by the sync Lambdas, before
// they publish it (takeLease: RUNNING 0, saveProgress: RUNNING, finish: the end, failUnfinished: FAILED
// for a sync that died). publishSyncStatus only checks and publishes; domains/sync/test/last-sync.test.ts
// fails when another writer appears.
import { BatchWriteItemCommand, ConditionalCheckFailedException, type AttributeValue, type DynamoDBClient, type WriteRequest } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  GetCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { Platform, SyncStatus } from '../../../api/generated/schema-types.js';
import { accountItemKey } from '../rules.js';
import { METRICS_FORMAT, partitionKey, type StoredDay } from './items.js';

export interface Tables {
  credentials: string;
  campaigns: string;
}

export interface AccountKey {
  ownerId: string;
  platform: Platform;
  accountId: string;
}

const credKey = (k: AccountKey) => accountItemKey(k.ownerId, k.platform, k.accountId);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface CredentialsItem {
  credentials?: string;
  status?: string;
  syncLease?: { syncId: string; expiresAt: number };
  lastSync?: SyncStatus;
  lastSyncAt?: string;
}

export async function loadAccount(ddb: DynamoDBDocumentClient, tables: Tables, k: AccountKey): Promise<CredentialsItem | undefined> {
  const r = await ddb.send(new GetCommand({ TableName: tables.credentials, Key: credKey(k), ConsistentRead: true }));
  return r.Item as CredentialsItem | undefined;
}

/**
 * Takes (or renews) the lease and stores `running` (RUNNING, 0 %) as lastSync in the same update. Free
 * when absent, expired, or already ours (syncCampaigns reserves it under the same syncId; a retried
 * Lambda event renews it). Two live syncs can never both hold it.
 */
export async function takeLease(ddb: DynamoDBDocumentClient, tables: Tables, k: AccountKey, running: SyncStatus, now: number, leaseMs: number): Promise<boolean> {
  const syncId = running.syncId;
  try {
    await ddb.send(
      new UpdateCommand({
        TableName: tables.credentials,
        Key: credKey(k),
        UpdateExpression: 'SET syncLease = :lease, lastSync = :running',
        // A sync already reported as ended (e.g. FAILED by the staleness rule while its event waited in
        // Lambda's queue) never starts late: the user was told it is over.
        ConditionExpression:
          'attribute_exists(accountId) AND (attribute_not_exists(syncLease) OR syncLease.syncId = :sid OR syncLease.expiresAt < :now) ' +
          'AND NOT (lastSync.syncId = :sid AND lastSync.#state IN (:ok, :partial, :failed))',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':lease': { syncId, expiresAt: now + leaseMs }, ':running': running, ':sid': syncId, ':now': now, ':ok': 'SUCCEEDED', ':partial': 'PARTIAL', ':failed': 'FAILED' },
      }),
    );
    return true;
  } catch (e) {
    if (e instanceof ConditionalCheckFailedException) return false;
    throw e;
  }
}

/** Extends our lease; false when it is no longer ours (it expired and another sync took it). */
export async function renewLease(ddb: DynamoDBDocumentClient, tables: Tables, k: AccountKey, syncId: string, now: number, leaseMs: number): Promise<boolean> {
  try {
    await ddb.send(
      new UpdateCommand({
        TableName: tables.credentials,
        Key: credKey(k),
        UpdateExpression: 'SET syncLease.expiresAt = :exp',
        ConditionExpression: 'syncLease.syncId = :sid',
        ExpressionAttributeValues: { ':exp': now + leaseMs, ':sid': syncId },
      }),
    );
    return true;
  } catch (e) {
    if (e instanceof ConditionalCheckFailedException) return false;
    throw e;
  }
}

/** Stores a RUNNING status as lastSync while this sync holds the lease; false when it no longer does. */
export async function saveProgress(ddb: DynamoDBDocumentClient, tables: Tables, k: AccountKey, status: SyncStatus): Promise<boolean> {
  try {
    await ddb.send(
      new UpdateCommand({
        TableName: tables.credentials,
        Key: credKey(k),
        UpdateExpression: 'SET lastSync = :s',
        ConditionExpression: 'syncLease.syncId = :sid',
        ExpressionAttributeValues: { ':s': status, ':sid': status.syncId },
      }),
    );
    return true;
  } catch (e) {
    if (e instanceof ConditionalCheckFailedException) return false;
    throw e;
  }
}

/**
 * Stores the final status, releases the lease and, after a run that fetched data, sets lastSyncAt; on
 * revoked credentials also marks the account inactive with the reason. Conditional on still holding the
 * lease, so a sync that lost it cannot overwrite the newer sync's state.
 */
export async function finish(
  ddb: DynamoDBDocumentClient,
  tables: Tables,
  k: AccountKey,
  status: SyncStatus,
  opts: { lastSyncAt?: string; inactiveReason?: string },
): Promise<boolean> {
  const sets = ['lastSync = :s'];
  const values: Record<string, unknown> = { ':s': status, ':sid': status.syncId };
  const names: Record<string, string> = {};
  if (opts.lastSyncAt) {
    sets.push('lastSyncAt = :at');
    values[':at'] = opts.lastSyncAt;
  }
  if (opts.inactiveReason) {
    sets.push('#status = :inactive', 'statusReason = :reason');
    names['#status'] = 'status';
    values[':inactive'] = 'inactive';
    values[':reason'] = opts.inactiveReason;
  }
  try {
    await ddb.send(
      new UpdateCommand({
        TableName: tables.credentials,
        Key: credKey(k),
        UpdateExpression: `SET ${sets.join(', ')} REMOVE syncLease`,
        ConditionExpression: 'syncLease.syncId = :sid',
        ExpressionAttributeValues: values,
        ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
      }),
    );
    return true;
  } catch (e) {
    if (e instanceof ConditionalCheckFailedException) return false;
    throw e;
  }
}

/** Whether the account has any stored campaign (if not, nothing needs merging). */
export async function hasCampaigns(ddb: DynamoDBDocumentClient, tables: Tables, k: AccountKey): Promise<boolean> {
  const r = await ddb.send(
    new QueryCommand({
      TableName: tables.campaigns,
      KeyConditionExpression: 'userPlatformAccount = :pk',
      ExpressionAttributeValues: { ':pk': partitionKey(k.ownerId, k.platform, k.accountId) },
      ProjectionExpression: 'campaignId',
      Limit: 1,
    }),
  );
  return (r.Items?.length ?? 0) > 0;
}

/**
 * Stored daily maps of these campaigns (BatchGetItem, 100 keys a call, unprocessed keys retried). Kakao
 * items written before METRICS_FORMAT 2 hold a made-up 0 for every day's conversions (the adapter read
 * none then): those come back as null (unknown), so the merge never carries a fake zero forward.
 */
export async function storedDaily(
  ddb: DynamoDBDocumentClient,
  tables: Tables,
  k: AccountKey,
  campaignIds: string[],
): Promise<Map<string, Record<string, StoredDay>>> {
  const out = new Map<string, Record<string, StoredDay>>();
  const pk = partitionKey(k.ownerId, k.platform, k.accountId);
  for (let i = 0; i < campaignIds.length; i += 100) {
    let keys: Record<string, unknown>[] | undefined = campaignIds.slice(i, i + 100).map((campaignId) => ({ userPlatformAccount: pk, campaignId }));
    for (let attempt = 0; keys?.length; attempt++) {
      if (attempt > 10) throw new Error('BatchGetItem kept returning unprocessed keys');
      if (attempt) await sleep(Math.min(5_000, 50 * 2 ** attempt) * Math.random());
      const r = await ddb.send(
        new BatchGetCommand({
          RequestItems: {
            [tables.campaigns]: { Keys: keys, ProjectionExpression: 'campaignId, #m.#d, metricsFormat', ExpressionAttributeNames: { '#m': 'metrics', '#d': 'daily' } },
          },
        }),
      );
      for (const item of r.Responses?.[tables.campaigns] ?? []) {
        const daily = (item.metrics as { daily?: Record<string, StoredDay> } | undefined)?.daily;
        if (daily && k.platform === 'KAKAO' && item.metricsFormat !== METRICS_FORMAT) {
          for (const day of Object.values(daily)) {
            day.conversions = null;
            day.conversionValueMicros = null;
          }
        }
        if (daily) out.set(String(item.campaignId), daily);
      }
      keys = r.UnprocessedKeys?.[tables.campaigns]?.Keys as Record<string, unknown>[] | undefined;
    }
  }
  return out;
}

/** An item already marshalled (see marshal.ts): written as is, retried as is. */
export type MarshalledItem = Record<string, AttributeValue>;

/**
 * Writes marshalled items with the low-level BatchWriteItem in groups of 25, `maxInFlight` requests at
 * a time, retrying UnprocessedItems (already marshalled, so never converted again) with full-jitter
 * backoff. Up to `maxQueued` full batches wait in a queue, so the producer (fetching the next platform
 * page) overlaps with the writes; `put` waits only when that queue is full, which bounds memory however
 * many items stream through.
 */
export class BatchWriter {
  calls = 0;
  retries = 0;
  written = 0;
  private buffer: WriteRequest[] = [];
  private queue: WriteRequest[][] = [];
  private active = 0;
  private failure: unknown = null;
  private waiters: (() => void)[] = [];
  /** The document client's stack is the low-level client's: it sends low-level commands unchanged. */
  private readonly client: DynamoDBClient;

  constructor(
    ddb: DynamoDBDocumentClient | DynamoDBClient,
    private readonly table: string,
    private readonly maxInFlight = 4,
    private readonly maxQueued = 40,
    private readonly maxAttempts = 12,
  ) {
    this.client = ddb as DynamoDBClient;
  }

  /** Resolves at once unless the queue is full (then when a batch has gone out). */
  put(item: MarshalledItem): Promise<void> | undefined {
    if (this.failure) return Promise.reject(this.failure);
    this.buffer.push({ PutRequest: { Item: item } });
    if (this.buffer.length < 25) return undefined;
    const batch = this.buffer;
    this.buffer = [];
    return this.enqueue(batch);
  }

  async flush(): Promise<void> {
    if (this.buffer.length) {
      const batch = this.buffer;
      this.buffer = [];
      await this.enqueue(batch);
    }
    while ((this.queue.length || this.active) && !this.failure) await this.changed();
    if (this.failure) throw this.failure;
  }

  private changed(): Promise<void> {
    return new Promise((r) => this.waiters.push(r));
  }

  private notify(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  private enqueue(batch: WriteRequest[]): Promise<void> | undefined {
    if (this.queue.length < this.maxQueued) {
      this.queue.push(batch);
      this.pump();
      return undefined;
    }
    return (async () => {
      while (this.queue.length >= this.maxQueued && !this.failure) await this.changed();
      if (this.failure) throw this.failure;
      this.queue.push(batch);
      this.pump();
    })();
  }

  private pump(): void {
    while (this.active < this.maxInFlight && this.queue.length && !this.failure) {
      const batch = this.queue.shift()!;
      this.active++;
      this.write(batch)
        .catch((e: unknown) => {
          this.failure = e;
        })
        .finally(() => {
          this.active--;
          this.pump();
          this.notify();
        });
    }
  }

  private async write(items: WriteRequest[]): Promise<void> {
    let pending = items;
    for (let attempt = 0; pending.length; attempt++) {
      if (attempt >= this.maxAttempts) throw new Error(`BatchWriteItem left ${pending.length} items unprocessed after ${attempt} attempts`);
      if (attempt) {
        this.retries++;
        await sleep(Math.random() * Math.min(5_000, 50 * 2 ** attempt));
      }
      this.calls++;
      const r = await this.client.send(new BatchWriteItemCommand({ RequestItems: { [this.table]: pending } }));
      const left = r.UnprocessedItems?.[this.table] ?? [];
      this.written += pending.length - left.length;
      pending = left;
    }
  }
}

/**
 * Items read per page of markMissingRemoved's Query. On DynamoDB it only caps a page, which stops at
 * 1 MB anyway (~270 campaigns of 30 days). DynamoDB Local without a Limit reads every remaining item of
 * the partition for each page: 11 s for the first page of a 10,000-campaign account and 84 s for all of
 * it, against under 0.2 s a page with a Limit.
 */
export const REMOVAL_SCAN_PAGE = 200;

/**
 * After a complete campaign listing: every stored campaign this sync did not see is gone on the
 * platform, so it becomes REMOVED (data kept). Reads the partition with a projection and a filter,
 * page by page.
 */
export async function markMissingRemoved(ddb: DynamoDBDocumentClient, tables: Tables, k: AccountKey, syncId: string, updatedAt: string): Promise<number> {
  const pk = partitionKey(k.ownerId, k.platform, k.accountId);
  let removed = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await ddb.send(
      new QueryCommand({
        TableName: tables.campaigns,
        KeyConditionExpression: 'userPlatformAccount = :pk',
        FilterExpression: '(attribute_not_exists(seenBySync) OR seenBySync <> :sid) AND #status <> :removed',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':pk': pk, ':sid': syncId, ':removed': 'REMOVED' },
        ProjectionExpression: 'campaignId',
        Limit: REMOVAL_SCAN_PAGE,
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) {
      const campaignId = String(item.campaignId);
      try {
        await ddb.send(
          new UpdateCommand({
            TableName: tables.campaigns,
            Key: { userPlatformAccount: pk, campaignId },
            UpdateExpression: 'SET #status = :removed, campaignData.#status = :removed, updatedAt = :at, updatedSort = :sort',
            // Not if this sync (or a newer one) wrote it meanwhile.
            ConditionExpression: 'attribute_exists(campaignId) AND (attribute_not_exists(seenBySync) OR seenBySync <> :sid)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':removed': 'REMOVED', ':at': updatedAt, ':sort': `${updatedAt}#${campaignId}`, ':sid': syncId },
          }),
        );
        removed++;
      } catch (e) {
        if (!(e instanceof ConditionalCheckFailedException)) throw e;
      }
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return removed;
}


/**
 * Ends a sync that cannot finish any more as FAILED: only while lastSync is still this sync and still
 * QUEUED/RUNNING, and with `onlyIfStale` only when its lease has also run out (or belongs to no live
 * sync of this id), so a live sync is never failed by a reader. Releases the lease. Returns the stored
 * status, or null when there was nothing to end.
 */
export async function failUnfinished(
  ddb: DynamoDBDocumentClient,
  tables: Tables,
  k: AccountKey,
  syncId: string,
  opts: { now: number; message: string; onlyIfStale: boolean },
): Promise<SyncStatus | null> {
  const condition = ['lastSync.syncId = :sid', 'lastSync.#state IN (:queued, :running)'];
  if (opts.onlyIfStale) condition.push('(attribute_not_exists(syncLease) OR syncLease.syncId <> :sid OR syncLease.expiresAt < :now)');
  try {
    const r = await ddb.send(
      new UpdateCommand({
        TableName: tables.credentials,
        Key: credKey(k),
        UpdateExpression: 'SET lastSync.#state = :failed, lastSync.message = :msg, lastSync.finishedAt = :at REMOVE syncLease',
        ConditionExpression: condition.join(' AND '),
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':sid': syncId,
          ':queued': 'QUEUED',
          ':running': 'RUNNING',
          ':failed': 'FAILED',
          ':msg': opts.message,
          ':at': new Date(opts.now).toISOString(),
          ...(opts.onlyIfStale ? { ':now': opts.now } : {}),
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return (r.Attributes?.lastSync as SyncStatus | undefined) ?? null;
  } catch (e) {
    if (e instanceof ConditionalCheckFailedException) return null;
    throw e;
  }
}

// Shared by the sync and adapter tests: the stack's DynamoDB Local, KMS endpoint and fake platforms,
// driven directly (no GraphQL), with a fresh owner and a fresh fake account per test.
import { randomUUID } from 'node:crypto';
import { PutCommand, QueryCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { runSync, type SyncDeps, type SyncResult } from '../lambda/engine.js';
import type { CampaignItem } from '../lambda/items.js';
import type { SyncStatus } from '../../../api/generated/schema-types.js';
import type { StatusSink } from '../lambda/status.js';
import { encodeSyncId } from '../lambda/sync-id.js';
import type { CredentialsItem } from '../lambda/store.js';
import { credentialKms, decryptCredentials, encryptCredentials, type CredentialKms } from '../../../lib/node/credential-crypto.js';
import { lambdaConfigOf } from '../../../local/lambda-config.js';
import { createLogger } from '../../../lib/node/logger.js';
import { fakeControl, makeAccount, type FakeControl, type FakeUrls, type SeedAccount } from '../../../local/fakes/index.js';
import type { FakePlatform } from '../../../local/fakes/types.js';
import { docClient, outputs, table } from '../../../test/support/stack.js';

let kms: CredentialKms | undefined;
/** The stack's KMS client and key, as the stack's sync Lambda gets them (the engine decrypts with it here). */
export function stackKms(): CredentialKms {
  const c = lambdaConfigOf(outputs());
  return (kms ??= credentialKms(c.aws, c.kmsKeyId));
}

export function fakes(): FakeControl {
  const p = outputs().platforms;
  if (!p) throw new Error('the test stack runs no fake platforms');
  return fakeControl(p as unknown as FakeUrls, { credentials: outputs().iam, region: outputs().region });
}

/** Account id as stored (Meta ids carry act_, as connectPlatformAccount normalizes them). */
export const storedAccountId = (a: SeedAccount) => (a.platform === 'META' ? `act_${a.accountId}` : a.accountId);

export async function seedAccount(platform: FakePlatform, opts: Parameters<typeof makeAccount>[1] = {}): Promise<SeedAccount> {
  const account = makeAccount(platform, { suffix: randomUUID().slice(0, 8), ...opts });
  await fakes().seed(account);
  return account;
}

/** What connectPlatformAccount leaves behind: a credentials item with the sealed secret. */
export async function connectDirect(ownerId: string, a: SeedAccount, extra: Record<string, unknown> = {}): Promise<void> {
  const accountId = storedAccountId(a);
  const sealed = await encryptCredentials(stackKms(), { userId: ownerId, platform: a.platform, accountId }, a.credentials);
  await docClient().send(
    new PutCommand({
      TableName: table('platformCredentials'),
      Item: {
        userPlatform: `${ownerId}#${a.platform}`,
        accountId,
        credentials: sealed,
        status: 'active',
        ownerId,
        platform: a.platform,
        displayName: a.name,
        createdAt: new Date().toISOString(),
        ...extra,
      },
    }),
  );
}

export function recordingSink(): StatusSink & { statuses: SyncStatus[] } {
  const statuses: SyncStatus[] = [];
  return { statuses, publish: async (s) => void statuses.push(structuredClone(s)) };
}

export const FAST_RETRY = { attempts: 4, baseMs: 20, capMs: 200 };

export function deps(sink: StatusSink, over: Partial<SyncDeps> = {}): SyncDeps {
  const o = outputs();
  return {
    ddb: docClient(),
    tables: { credentials: table('platformCredentials'), campaigns: table('campaigns') },
    decrypt: (ctx, sealed) => decryptCredentials(stackKms(), ctx, sealed),
    sink,
    adapter: {
      env: o.platforms as Record<string, string>,
      retry: FAST_RETRY,
      timeoutMs: 2_000,
      kakaoReportIntervalMs: 50,
      naverMinIntervalMs: 5,
    },
    log: createLogger({ test: 'sync' }, { level: 'error' }),
    ...over,
  };
}

export interface RunOpts {
  from?: string;
  to?: string;
  deps?: Partial<SyncDeps>;
  syncId?: string;
}

export async function syncNow(ownerId: string, a: SeedAccount, opts: RunOpts = {}): Promise<{ result: SyncResult | null; statuses: SyncStatus[]; syncId: string }> {
  const sink = recordingSink();
  const accountId = storedAccountId(a);
  const syncId = opts.syncId ?? encodeSyncId({ ownerId, platform: a.platform, accountId });
  const result = await runSync(deps(sink, opts.deps), { syncId, ownerId, platform: a.platform, accountId, from: opts.from, to: opts.to });
  return { result, statuses: sink.statuses, syncId };
}

export async function storedCampaigns(ownerId: string, a: SeedAccount): Promise<CampaignItem[]> {
  const items: CampaignItem[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const r = await docClient().send(
      new QueryCommand({
        TableName: table('campaigns'),
        KeyConditionExpression: 'userPlatformAccount = :pk',
        ExpressionAttributeValues: { ':pk': `${ownerId}#${a.platform}#${storedAccountId(a)}` },
        ExclusiveStartKey: start,
      }),
    );
    items.push(...((r.Items ?? []) as CampaignItem[]));
    start = r.LastEvaluatedKey;
  } while (start);
  return items;
}

export async function accountItem(ownerId: string, a: SeedAccount): Promise<CredentialsItem & { statusReason?: string }> {
  const r = await docClient().send(
    new GetCommand({ TableName: table('platformCredentials'), Key: { userPlatform: `${ownerId}#${a.platform}`, accountId: storedAccountId(a) }, ConsistentRead: true }),
  );
  return r.Item as CredentialsItem & { statusReason?: string };
}

export const newOwner = () => `owner-${randomUUID()}`;

/** Decimal currency units → integer micros, written independently of the production parser. */
export function microsOf(v: string | number): number {
  const s = typeof v === 'number' ? v.toFixed(6) : v;
  const [w, f = ''] = s.split('.');
  return Number(BigInt(w!) * 1_000_000n + BigInt((f + '000000').slice(0, 6)));
}

export function dateIn(zone: string, ms = Date.now()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(new Date(ms));
}

export function shift(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

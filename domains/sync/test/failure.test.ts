// A sync always ends (issue 17): a crashed or timed-out asynchronous invocation of the sync function is
// retried, then Lambda's invocation record goes to the on-failure destination (sivera-sync-failed), which
// stores FAILED with a reason and publishes it; a QUEUED/RUNNING sync past its lease is answered FAILED by
// syncStatus, and the read has the sync-failed Lambda end it for good and publish it to subscribers.
// The failing invocations run through a real local Invoke service whose sync handler fails; the
// sync-failed handler is the real one, against the shared stack's DynamoDB and GraphQL endpoint.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambdas } from '../../../api/lambdas.js';
import { createHandler } from '../lambda/failed-handler.js';
import { UNFINISHED_MESSAGE } from '../rules.js';
import type { SyncStatus } from '../../../api/generated/schema-types.js';
import { encodeSyncId } from '../lambda/sync-id.js';
import { lambdaConfigOf } from '../../../local/lambda-config.js';
import { startLambdaService, type LambdaService } from '../../../local/services/lambda.js';
import { createStackLog } from '../../../local/services/log.js';
import { docClient, gql, newUser, outputs, subscribe, table, type TestUser } from '../../../test/support/stack.js';
import { connectDirect, seedAccount, storedAccountId, syncNow } from './helpers.js';
import type { SeedAccount } from '../../../local/fakes/index.js';

const FIELDS = 'syncId ownerId platform accountId state progress campaignsSynced message startedAt finishedAt';
const SUB = `subscription S($ownerId: ID!, $platform: Platform, $accountId: ID) { onSyncStatusChanged(ownerId: $ownerId, platform: $platform, accountId: $accountId) { ${FIELDS} } }`;
const STATUS = `query Status($syncId: ID!) { syncStatus(syncId: $syncId) { ${FIELDS} } }`;

let owner: TestUser;
let made: ReturnType<typeof createHandler> | undefined;
/** The real sync-failed handler, made with the shared stack's config as the stack makes its own. */
const syncFailedHandler = () => (made ??= createHandler(lambdaConfigOf(outputs())));
const logDir = mkdtempSync(join(tmpdir(), 'sivera-sync-failure-'));
const closers: (() => void | Promise<void>)[] = [() => rmSync(logDir, { recursive: true, force: true })];

beforeAll(async () => {
  owner = await newUser('sync-failure');
});
afterAll(async () => {
  for (const c of closers.reverse()) await c();
});

async function connected(): Promise<{ account: SeedAccount; accountId: string }> {
  const account = await seedAccount('META', { campaigns: 3 });
  await connectDirect(owner.sub, account);
  return { account, accountId: storedAccountId(account) };
}

/** What syncCampaigns leaves behind (reserveSyncLease), or a RUNNING sync whose lease ends at `expiresAt`. */
async function reserve(account: SeedAccount, state: 'QUEUED' | 'RUNNING', expiresAt: number): Promise<SyncStatus> {
  const accountId = storedAccountId(account);
  const status: SyncStatus = {
    syncId: encodeSyncId({ ownerId: owner.sub, platform: account.platform, accountId }),
    ownerId: owner.sub,
    platform: account.platform,
    accountId,
    state,
    progress: state === 'RUNNING' ? 40 : 0,
    campaignsSynced: state === 'RUNNING' ? 2 : 0,
    message: null,
    startedAt: new Date().toISOString(),
    finishedAt: null,
  };
  await docClient().send(
    new UpdateCommand({
      TableName: table('platformCredentials'),
      Key: { userPlatform: `${owner.sub}#${account.platform}`, accountId },
      UpdateExpression: 'SET syncLease = :lease, lastSync = :last',
      ExpressionAttributeValues: { ':lease': { syncId: status.syncId, expiresAt }, ':last': status },
    }),
  );
  return status;
}

async function stored(account: SeedAccount) {
  const r = await docClient().send(
    new GetCommand({ TableName: table('platformCredentials'), Key: { userPlatform: `${owner.sub}#${account.platform}`, accountId: storedAccountId(account) }, ConsistentRead: true }),
  );
  return r.Item as { lastSync?: SyncStatus; syncLease?: unknown };
}

async function subscribeTo(accountId: string) {
  const sub = await subscribe(owner, SUB, { ownerId: owner.sub, platform: 'META', accountId });
  closers.push(sub.close);
  await sub.ready;
  return sub;
}

/** A local Invoke service whose sync function fails as `sync` does; the failure destination is the real handler. */
async function serviceWith(sync: () => Promise<unknown>, timeout = lambdas.sync.timeout): Promise<{ service: LambdaService; attempts: () => number }> {
  let attempts = 0;
  const o = outputs();
  const service = await startLambdaService({
    root: process.cwd(),
    region: o.region,
    credentials: o.iam,
    log: createStackLog(join(logDir, 'stack.log'), false),
    asyncRetryDelayMs: 20,
    handlers: {
      [lambdas.sync.functionName]: {
        def: { ...lambdas.sync, timeout },
        load: async () => async () => {
          attempts++;
          return sync();
        },
      },
      [lambdas.syncFailed.functionName]: { def: lambdas.syncFailed, load: async () => syncFailedHandler() as never },
    },
  });
  closers.push(() => service.stop());
  return { service, attempts: () => attempts };
}

describe('a failed asynchronous sync invocation ends FAILED (on-failure destination)', () => {
  it.each([
    ['crashes', () => Promise.reject(new TypeError('boom')), lambdas.sync.timeout, 'TypeError'],
    ['times out', () => new Promise(() => undefined), 0.3, 'Sandbox.Timedout'],
  ] as const)('the sync function %s: retried once, then FAILED with the reason, published and answered by syncStatus', async (_, fail, timeout, errorType) => {
    const { account, accountId } = await connected();
    const queued = await reserve(account, 'QUEUED', Date.now() + 120_000);
    const sub = await subscribeTo(accountId);
    const { service, attempts } = await serviceWith(fail, timeout);

    await service.invoke(lambdas.sync.functionName, { syncId: queued.syncId, ownerId: owner.sub, platform: 'META', accountId }, 'Event');

    const published = ((await sub.next(60_000)) as { data: { onSyncStatusChanged: SyncStatus } }).data.onSyncStatusChanged;
    const message = `sync did not finish: the sync function failed (${errorType}) 2 times; start a new sync`;
    expect(published).toMatchObject({ syncId: queued.syncId, state: 'FAILED', message, startedAt: queued.startedAt });
    expect(published.finishedAt).not.toBeNull();
    expect(attempts()).toBe(1 + lambdas.sync.async!.retryAttempts);
    const answer = await gql(owner, STATUS, { syncId: queued.syncId });
    expect(answer.errors).toBeUndefined();
    expect(answer.data.syncStatus).toEqual(published);
    const item = await stored(account);
    expect(item.lastSync).toEqual(published);
    expect(item.syncLease).toBeUndefined(); // the account can be synced again at once
  }, 120_000);

  it('a sync that ended by itself is left as it is when a late failure record arrives', async () => {
    const { account, accountId } = await connected();
    const queued = await reserve(account, 'QUEUED', Date.now() + 120_000);
    const done = await syncNow(owner.sub, account, { syncId: queued.syncId });
    expect(done.result?.status.state).toBe('SUCCEEDED');
    const r = await syncFailedHandler()({
      requestContext: { condition: 'RetriesExhausted', approximateInvokeCount: 2 },
      requestPayload: { syncId: queued.syncId, ownerId: owner.sub, platform: 'META', accountId },
      responsePayload: { errorType: 'Error' },
    });
    expect(r.ended).toBe(false);
    expect((await stored(account)).lastSync?.state).toBe('SUCCEEDED');
  });
});

describe('staleness rule: QUEUED/RUNNING past its lease', () => {
  it('syncStatus answers FAILED, subscribers receive it, and a late event of that sync never runs', async () => {
    const { account, accountId } = await connected();
    const running = await reserve(account, 'RUNNING', Date.now() - 1);
    const sub = await subscribeTo(accountId);

    const answer = await gql(owner, STATUS, { syncId: running.syncId });
    expect(answer.errors).toBeUndefined();
    expect(answer.data.syncStatus).toMatchObject({ syncId: running.syncId, state: 'FAILED', message: UNFINISHED_MESSAGE, progress: 40, campaignsSynced: 2 });

    // The read started the sync-failed Lambda: it stores FAILED and publishes it.
    const published = ((await sub.next(60_000)) as { data: { onSyncStatusChanged: SyncStatus } }).data.onSyncStatusChanged;
    expect(published).toMatchObject({ syncId: running.syncId, state: 'FAILED', message: UNFINISHED_MESSAGE });
    expect((await stored(account)).lastSync).toEqual(published);

    // The user was told it is over: the same sync's event arriving late does not start.
    const late = await syncNow(owner.sub, account, { syncId: running.syncId });
    expect(late.result).toBeNull();
    expect(late.statuses).toEqual([]);
    expect((await stored(account)).lastSync?.state).toBe('FAILED');
  }, 120_000);

  it('a live sync (lease still running) is answered as it is, and the stale check cannot fail it', async () => {
    const { account } = await connected();
    const running = await reserve(account, 'RUNNING', Date.now() + 60_000);
    const answer = await gql(owner, STATUS, { syncId: running.syncId });
    expect(answer.data.syncStatus).toEqual(running);
    expect((await syncFailedHandler()({ staleSyncId: running.syncId })).ended).toBe(false);
    expect((await stored(account)).lastSync).toEqual(running);
  });
});

// End to end through the local stack: syncCampaigns (GraphQL, Cognito user) → sync Lambda invoked
// asynchronously → statuses published with SigV4 through publishSyncStatus → delivered over the
// real-time endpoint to the owner and a teammate, in order; a stranger's subscription is refused.
import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docClient, gql, newUser, subscribe, table, type TestUser } from '../../../test/support/stack.js';
import { encodeSyncId } from '../lambda/sync-id.js';
import { accountItem, fakes, seedAccount, storedCampaigns } from './helpers.js';
import type { SeedAccount } from '../../../local/fakes/index.js';

const STATUS_FIELDS = 'syncId ownerId platform accountId state progress campaignsSynced message startedAt finishedAt';
const SUB = `subscription S($ownerId: ID!, $platform: Platform, $accountId: ID) { onSyncStatusChanged(ownerId: $ownerId, platform: $platform, accountId: $accountId) { ${STATUS_FIELDS} } }`;
const SYNC = `mutation Sync($platform: Platform!, $accountId: ID!, $ownerId: ID, $from: AWSDate, $to: AWSDate) { syncCampaigns(platform: $platform, accountId: $accountId, ownerId: $ownerId, from: $from, to: $to) { ${STATUS_FIELDS} } }`;
const STATUS = `query Status($syncId: ID!) { syncStatus(syncId: $syncId) { ${STATUS_FIELDS} } }`;
const CONNECT = `mutation Connect($input: ConnectPlatformAccountInput!) { connectPlatformAccount(input: $input) { accountId status } }`;
const PUBLISH = `mutation P($input: PublishSyncStatusInput!) { publishSyncStatus(input: $input) { syncId state } }`;

let owner: TestUser, admin: TestUser, member: TestUser, stranger: TestUser;
let account: SeedAccount;
const accountId = () => `act_${account.accountId}`;
const closers: (() => void)[] = [];

/** Team rows as the teams data model stores them (ARCHITECTURE.md): the owner's team with an admin and a member. */
async function team(ownerUser: TestUser, members: [TestUser, 'admin' | 'member'][]) {
  const teamId = randomUUID();
  const now = new Date().toISOString();
  const put = (Item: Record<string, unknown>) => docClient().send(new PutCommand({ TableName: table('teams'), Item }));
  await put({ teamId, userId: '#META', teamName: 'Sync team', ownerId: ownerUser.sub, createdAt: now, updatedAt: now });
  await put({ teamId, userId: ownerUser.sub, role: 'owner', ownerId: ownerUser.sub, teamName: 'Sync team', joinedAt: now, email: ownerUser.email });
  for (const [u, role] of members) await put({ teamId, userId: u.sub, role, ownerId: ownerUser.sub, teamName: 'Sync team', joinedAt: now, invitedBy: ownerUser.sub, email: u.email });
}

async function drain(sub: Awaited<ReturnType<typeof subscribe>>): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for (;;) {
    const msg = (await sub.next(20_000)) as { data: { onSyncStatusChanged: Record<string, unknown> } };
    const s = msg.data.onSyncStatusChanged;
    out.push(s);
    if (s.state !== 'QUEUED' && s.state !== 'RUNNING') return out;
  }
}

beforeAll(async () => {
  [owner, admin, member, stranger] = await Promise.all([newUser('owner'), newUser('admin'), newUser('member'), newUser('stranger')]);
  await team(owner, [[admin, 'admin'], [member, 'member']]);
  account = await seedAccount('META', { campaigns: 7 });
  const r = await gql(owner, CONNECT, { input: { platform: 'META', accountId: accountId(), displayName: 'e2e', credentials: JSON.stringify(account.credentials) } });
  expect(r.errors).toBeUndefined();
});

afterAll(() => closers.forEach((c) => c()));

describe('sync end to end', () => {
  it('an admin starts a sync; owner and member receive every status in order; a stranger is refused', async () => {
    const subOwner = await subscribe(owner, SUB, { ownerId: owner.sub });
    const subMember = await subscribe(member, SUB, { ownerId: owner.sub, platform: 'META', accountId: accountId() });
    const subStranger = await subscribe(stranger, SUB, { ownerId: owner.sub });
    closers.push(subOwner.close, subMember.close, subStranger.close);
    await Promise.all([subOwner.ready, subMember.ready]);
    const refusal = (await subStranger.error) as { errors?: { errorType?: string }[] };
    expect(refusal.errors?.[0]?.errorType).toBe('Unauthorized');
    await expect(subStranger.ready).rejects.toThrow();

    const started = await gql(admin, SYNC, { platform: 'META', accountId: accountId(), ownerId: owner.sub });
    expect(started.errors).toBeUndefined();
    const queued = started.data.syncCampaigns;
    expect(queued).toMatchObject({ ownerId: owner.sub, platform: 'META', accountId: accountId(), state: 'QUEUED', progress: 0, campaignsSynced: 0, finishedAt: null });

    const [seenByOwner, seenByMember] = await Promise.all([drain(subOwner), drain(subMember)]);
    expect(seenByMember).toEqual(seenByOwner);
    expect(seenByOwner[0]).toMatchObject({ syncId: queued.syncId, state: 'RUNNING', progress: 0 });
    const listed = (await fakes().META.raw(account.accountId)).campaigns.length; // Meta never lists DELETED campaigns
    expect(seenByOwner.at(-1)).toMatchObject({ syncId: queued.syncId, state: 'SUCCEEDED', progress: 100, campaignsSynced: listed, message: null });
    const progress = seenByOwner.map((s) => s.progress as number);
    expect([...progress].sort((x, y) => x - y)).toEqual(progress);
    for (const s of seenByOwner) expect(s.startedAt).toBe(seenByOwner[0]!.startedAt);

    const status = await gql(member, STATUS, { syncId: queued.syncId });
    expect(status.data.syncStatus).toEqual(seenByOwner.at(-1));
    const denied = await gql(stranger, STATUS, { syncId: queued.syncId });
    expect(denied.errors?.[0]?.errorType).toBe('Unauthorized');
    expect(denied.data?.syncStatus ?? null).toBeNull();

    const items = await storedCampaigns(owner.sub, { ...account, platform: 'META' });
    expect(items).toHaveLength(listed);
    const raw = await fakes().META.raw(account.accountId);
    expect(items.map((i) => i.campaignId).sort()).toEqual(raw.campaigns.map((c) => String(c.id)).sort());
  });

  it('members and strangers cannot start a sync; a second start while one is queued is a Conflict', async () => {
    for (const who of [member, stranger]) {
      const r = await gql(who, SYNC, { platform: 'META', accountId: accountId(), ownerId: owner.sub });
      expect(r.errors?.[0]?.errorType).toBe('Unauthorized');
    }
    const first = await gql(owner, SYNC, { platform: 'META', accountId: accountId() });
    expect(first.data?.syncCampaigns.state).toBe('QUEUED');
    const second = await gql(admin, SYNC, { platform: 'META', accountId: accountId(), ownerId: owner.sub });
    expect(second.errors?.[0]?.errorType).toBe('Conflict');
    // Let the first finish before the next test reuses the account.
    for (let i = 0; i < 100; i++) {
      const s = await gql(owner, STATUS, { syncId: first.data.syncCampaigns.syncId });
      if (['SUCCEEDED', 'PARTIAL', 'FAILED'].includes(s.data?.syncStatus?.state)) break;
      await new Promise((r) => setTimeout(r, 200));
    }
  });

  it('validates input: unknown account → NotFound, bad range → ValidationError, garbage syncId → ValidationError', async () => {
    const missing = await gql(owner, SYNC, { platform: 'META', accountId: 'act_999999999' });
    expect(missing.errors?.[0]?.errorType).toBe('NotFound');
    const range = await gql(owner, SYNC, { platform: 'META', accountId: accountId(), from: '2026-11-20', to: '2026-11-01' });
    expect(range.errors?.[0]?.errorType).toBe('ValidationError');
    const bad = await gql(owner, STATUS, { syncId: 'not-a-sync-id!!' });
    expect(bad.errors?.[0]?.errorType).toBe('ValidationError');
  });

  it('publishSyncStatus is IAM-only: a signed-in user is refused and nothing is stored', async () => {
    const input = { syncId: 'x'.repeat(20), ownerId: owner.sub, platform: 'META', accountId: accountId(), state: 'FAILED', progress: 100, campaignsSynced: 0, startedAt: new Date().toISOString() };
    const r = await gql(owner, PUBLISH, { input });
    expect(r.errors?.[0]?.errorType).toBe('Unauthorized');
    // IAM with a syncId that is not the account's current sync: rejected, not published.
    const garbage = await gql('iam', PUBLISH, { input });
    expect(garbage.errors?.[0]?.errorType).toBe('ValidationError');
    // A well-formed id of a sync that is not the account's current one: Conflict, lastSync untouched.
    const before = (await accountItem(owner.sub, { ...account, platform: 'META' })).lastSync;
    const syncId = encodeSyncId({ ownerId: owner.sub, platform: 'META', accountId: accountId() });
    const stale = await gql('iam', PUBLISH, { input: { ...input, syncId } });
    expect(stale.errors?.[0]?.errorType).toBe('Conflict');
    expect((await accountItem(owner.sub, { ...account, platform: 'META' })).lastSync).toEqual(before);
  });
});

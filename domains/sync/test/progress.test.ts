// Real progress (issues 17/18): the sync publishes RUNNING statuses as listing pages, metrics pages and
// write rounds complete, never backwards, throttled (one per 500 ms unless it moved 10 points), and a
// subscriber of a multi-page sync started through GraphQL sees the intermediate values.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../../api/generated/schema-types.js';
import { gql, newUser, subscribe, type TestUser } from '../../../test/support/stack.js';
import type { SeedAccount } from '../../../local/fakes/index.js';
import { connectDirect, fakes, seedAccount, storedAccountId, syncNow } from './helpers.js';

const FIELDS = 'syncId state progress campaignsSynced message';
const SUB = `subscription S($ownerId: ID!, $platform: Platform, $accountId: ID) { onSyncStatusChanged(ownerId: $ownerId, platform: $platform, accountId: $accountId) { ${FIELDS} } }`;
const SYNC = `mutation Sync($platform: Platform!, $accountId: ID!, $from: AWSDate, $to: AWSDate) { syncCampaigns(platform: $platform, accountId: $accountId, from: $from, to: $to) { ${FIELDS} } }`;
// Meta lists 500 campaigns a page: 560 campaigns (Meta leaves out the deleted ones) are two listing pages and two metrics/write rounds.
// One day of figures keeps the run short on a loaded machine.
const CAMPAIGNS = 560;
const DAY = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);

let owner: TestUser;
let account: SeedAccount;
const closers: (() => void)[] = [];
// One account for every run (seeding 560 campaigns is the slow part); later runs merge into it.
beforeAll(async () => {
  [owner, account] = await Promise.all([newUser('progress'), seedAccount('META', { campaigns: CAMPAIGNS })]);
  await connectDirect(owner.sub, account);
});
afterAll(() => closers.forEach((c) => c()));

const running = (statuses: Pick<SyncStatus, 'state' | 'progress'>[]) => statuses.filter((s) => s.state === 'RUNNING').map((s) => s.progress);

function expectRising(progress: number[]) {
  expect(progress[0]).toBe(0);
  for (let i = 1; i < progress.length; i++) expect(progress[i]).toBeGreaterThan(progress[i - 1]!);
  expect(progress.at(-1)).toBeLessThanOrEqual(95);
}

describe('sync progress', () => {
  it('a multi-page sync publishes rising intermediate progress; a stopped clock still gets a status per 10 points, no more', async () => {
    const listed = (await fakes().META.raw(account.accountId)).campaigns.length;
    expect(listed).toBeGreaterThan(500);

    // The clock never moves: only the 10-point rule lets a status out.
    const frozen = Date.now();
    const a = await syncNow(owner.sub, account, { from: DAY, to: DAY, deps: { now: () => frozen } });
    expect(a.result?.status).toMatchObject({ state: 'SUCCEEDED', progress: 100, campaignsSynced: listed });
    const stepped = running(a.statuses);
    expectRising(stepped);
    expect(stepped.filter((p) => p > 0).length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < stepped.length; i++) expect(stepped[i]! - stepped[i - 1]!).toBeGreaterThanOrEqual(10);

    // A clock that moves a second per reading: every completed page or write round may publish.
    let t = Date.now();
    const b = await syncNow(owner.sub, account, { from: DAY, to: DAY, deps: { now: () => (t += 1000) } });
    expect(b.result?.status.state).toBe('SUCCEEDED');
    const each = running(b.statuses);
    expectRising(each);
    expect(each.length).toBeGreaterThan(stepped.length);
    // Bounded by the work units (listing pages, metrics pages, 25-item write rounds), never per campaign.
    // The page counts depend on the shared fake's page sizes, which other files' tests may set while
    // this one runs, so the bound is a fifth of one status per campaign.
    expect(each.length).toBeLessThan(Math.ceil(listed / 5));
  }, 120_000);

  it('a subscriber sees intermediate progress of a multi-page sync started through GraphQL', async () => {
    const accountId = storedAccountId(account);
    const sub = await subscribe(owner, SUB, { ownerId: owner.sub, platform: 'META', accountId });
    closers.push(sub.close);
    await sub.ready;
    const started = await gql(owner, SYNC, { platform: 'META', accountId, from: DAY, to: DAY });
    expect(started.errors).toBeUndefined();
    const seen: SyncStatus[] = [];
    for (;;) {
      const s = ((await sub.next(60_000)) as { data: { onSyncStatusChanged: SyncStatus } }).data.onSyncStatusChanged;
      seen.push(s);
      if (s.state !== 'RUNNING') break;
    }
    expect(seen.at(-1)).toMatchObject({ state: 'SUCCEEDED', progress: 100 });
    const progress = running(seen);
    expectRising(progress);
    expect(progress.filter((p) => p > 0 && p < 100).length).toBeGreaterThanOrEqual(2);
  }, 120_000);
});

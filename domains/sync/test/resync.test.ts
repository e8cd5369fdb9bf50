// Re-running syncs: idempotent upserts, restated days, merged history, disappearing campaigns, and the
// per-account lease (a crashed sync does not block the next; two never run at once).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { markMissingRemoved, REMOVAL_SCAN_PAGE } from '../lambda/store.js';
import { encodeSyncId } from '../lambda/sync-id.js';
import { docClient, outputs, table } from '../../../test/support/stack.js';
import { accountItem, connectDirect, dateIn, fakes, newOwner, seedAccount, shift, storedAccountId, storedCampaigns, syncNow } from './helpers.js';
import type { SeedAccount } from '../../../local/fakes/index.js';


const days = (items: { metrics: { daily: Record<string, unknown> } }[]) => items.reduce((n, i) => n + Object.keys(i.metrics.daily).length, 0);

async function setLease(owner: string, a: SeedAccount, lease: { syncId: string; expiresAt: number }) {
  await docClient().send(
    new UpdateCommand({
      TableName: table('platformCredentials'),
      Key: { userPlatform: `${owner}#${a.platform}`, accountId: storedAccountId(a) },
      UpdateExpression: 'SET syncLease = :l',
      ExpressionAttributeValues: { ':l': lease },
    }),
  );
}

describe('re-running a sync', () => {
  it('never duplicates: same items, same days; a restated day is replaced; older days are kept', async () => {
    const owner = newOwner();
    const a = await seedAccount('NAVER', { campaigns: 4 });
    await connectDirect(owner, a);
    const today = dateIn('Asia/Seoul');
    const early = { from: shift(today, -20), to: shift(today, -11) };
    const late = { from: shift(today, -6), to: today };
    await syncNow(owner, a, early);
    const first = await storedCampaigns(owner, a);
    await syncNow(owner, a, late);
    await syncNow(owner, a, late); // twice: nothing may double
    const items = await storedCampaigns(owner, a);
    expect(items).toHaveLength(4);
    const rawEarly = await fakes().NAVER.raw(a.accountId, early.from, early.to);
    const rawLate = await fakes().NAVER.raw(a.accountId, late.from, late.to);
    expect(days(first)).toBe(rawEarly.daily.length);
    expect(days(items)).toBe(rawEarly.daily.length + rawLate.daily.length);

    // The platform restates yesterday for one campaign: the next sync replaces that day only.
    const c = a.campaigns[0]!;
    const restated = { campaignId: c.id, date: shift(today, -1), impressions: 999, clicks: 77, cost: '12345', conversions: 3, conversionValue: '45000' };
    await fakes().NAVER.patch(a.accountId, { dailyOverrides: { [`${c.id}|${restated.date}`]: restated } });
    await syncNow(owner, a, late);
    const after = await storedCampaigns(owner, a);
    expect(days(after)).toBe(days(items) + (items.find((i) => i.campaignId === c.id)!.metrics.daily[restated.date] ? 0 : 1));
    expect(after.find((i) => i.campaignId === c.id)!.metrics.daily[restated.date]).toEqual({
      impressions: 999, clicks: 77, costMicros: 12_345_000_000, conversions: 3, conversionValueMicros: 45_000_000_000, vatIncluded: false, provisional: true,
    });
    // Old days are no longer provisional (outside Naver's 7-day window); totals cover every stored day.
    const item = after.find((i) => i.campaignId === c.id)!;
    expect(item.metrics.daily[shift(today, -15)]?.provisional ?? false).toBe(false);
    expect(item.metrics.totals.from! <= early.to).toBe(true);
    expect(item.metrics.totals.impressions).toBe(Object.values(item.metrics.daily).reduce((s, d) => s + d.impressions, 0));
  });

  it('marks campaigns that disappeared from the platform as REMOVED and keeps their data', async () => {
    const owner = newOwner();
    const a = await seedAccount('GOOGLE_ADS', { campaigns: 5 });
    await connectDirect(owner, a);
    await syncNow(owner, a);
    const before = await storedCampaigns(owner, a);
    const gone = a.campaigns.find((c) => c.state === 'ACTIVE')!;
    await fakes().GOOGLE_ADS.patch(a.accountId, { campaigns: a.campaigns.filter((c) => c.id !== gone.id) });
    const { result } = await syncNow(owner, a);
    expect(result?.status).toMatchObject({ state: 'SUCCEEDED', campaignsSynced: 4 });
    expect(result?.removed).toBe(1);
    const after = await storedCampaigns(owner, a);
    expect(after).toHaveLength(5);
    const item = after.find((i) => i.campaignId === gone.id)!;
    expect(item.status).toBe('REMOVED');
    expect(item.campaignData.status).toBe('REMOVED');
    expect(item.metrics).toEqual(before.find((i) => i.campaignId === gone.id)!.metrics);
    expect(after.filter((i) => i.campaignId !== gone.id).map((i) => i.status)).toEqual(
      before.filter((i) => i.campaignId !== gone.id).map((i) => i.status),
    );
  });

  it('reads a large account for missing campaigns page by page, each page capped (DynamoDB Local reads the whole rest of the partition for an uncapped page)', async () => {
    const ownerId = newOwner();
    const k = { ownerId, platform: 'GOOGLE_ADS' as const, accountId: '5550001111' };
    const pk = `${ownerId}#GOOGLE_ADS#${k.accountId}`;
    const missing = 2 * REMOVAL_SCAN_PAGE + 50;
    const items = Array.from({ length: missing + 10 }, (_, i) => ({
      userPlatformAccount: pk,
      campaignId: String(10_000 + i),
      status: 'ENABLED',
      campaignData: { status: 'ENABLED' },
      // The last 10 were listed by this sync: they stay.
      seenBySync: i < missing ? 'sync-before' : 'sync-now',
    }));
    for (let i = 0; i < items.length; i += 25) {
      await docClient().send(new BatchWriteCommand({ RequestItems: { [table('campaigns')]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
    }
    const o = outputs();
    const client = new DynamoDBClient({ endpoint: o.dynamodb.endpoint, region: o.region, credentials: o.iam });
    const limits: unknown[] = [];
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'QueryCommand') limits.push((args.input as { Limit?: number }).Limit);
        return next(args);
      },
      { step: 'initialize' },
    );
    const ddb = DynamoDBDocumentClient.from(client);
    try {
      const removed = await markMissingRemoved(ddb, { credentials: table('platformCredentials'), campaigns: table('campaigns') }, k, 'sync-now', '2026-12-05T00:00:00.000Z');
      expect(removed).toBe(missing);
    } finally {
      ddb.destroy();
    }
    expect(limits.length).toBeGreaterThanOrEqual(Math.ceil((missing + 10) / REMOVAL_SCAN_PAGE));
    expect(limits.every((l) => l === REMOVAL_SCAN_PAGE)).toBe(true);
    const stored = await storedCampaigns(ownerId, { platform: 'GOOGLE_ADS', accountId: k.accountId } as SeedAccount);
    expect(stored.filter((i) => i.status === 'REMOVED').map((i) => i.campaignId)).toEqual(items.slice(0, missing).map((i) => i.campaignId));
    expect(stored.filter((i) => i.status === 'ENABLED').map((i) => i.campaignId)).toEqual(items.slice(missing).map((i) => i.campaignId));
  });
});

describe('the per-account lease', () => {
  it('a sync killed mid-way (its lease expired, half its items written) does not block the next one, which completes', async () => {
    const owner = newOwner();
    const a = await seedAccount('META', { campaigns: 8 });
    await connectDirect(owner, a);
    // The killed run: it got through half the campaigns, then died holding the lease.
    await fakes().META.patch(a.accountId, { campaigns: a.campaigns.slice(0, 4) });
    const dead = await syncNow(owner, a);
    expect(dead.result?.status.state).toBe('SUCCEEDED');
    await fakes().META.patch(a.accountId, { campaigns: a.campaigns });
    await setLease(owner, a, { syncId: dead.syncId, expiresAt: Date.now() - 1 });

    const { result } = await syncNow(owner, a);
    const to = dateIn(a.timeZone);
    const raw = await fakes().META.raw(a.accountId, shift(to, -27), to);
    const listed = new Set(raw.campaigns.map((c) => String(c.id)));
    expect(result?.status).toMatchObject({ state: 'SUCCEEDED', campaignsSynced: listed.size });
    const items = await storedCampaigns(owner, a);
    expect(items).toHaveLength(listed.size);
    expect(new Set(items.map((i) => i.campaignId))).toEqual(listed);
    expect(days(items)).toBe(raw.daily.filter((r) => listed.has(String(r.campaign_id))).length);
    const acct = await accountItem(owner, a);
    expect(acct.syncLease).toBeUndefined();
    expect(acct.lastSync?.state).toBe('SUCCEEDED');
  });

  it('a live lease held by another sync: this one does nothing at all', async () => {
    const owner = newOwner();
    const a = await seedAccount('KAKAO', { campaigns: 2 });
    await connectDirect(owner, a);
    const other = encodeSyncId({ ownerId: owner, platform: 'KAKAO', accountId: a.accountId });
    await setLease(owner, a, { syncId: other, expiresAt: Date.now() + 60_000 });
    const { result, statuses } = await syncNow(owner, a);
    expect(result).toBeNull();
    expect(statuses).toEqual([]);
    expect(await fakes().KAKAO.requests(a.accountId)).toHaveLength(0);
    expect((await accountItem(owner, a)).syncLease?.syncId).toBe(other);
  });

  it('two syncs started together: exactly one runs', async () => {
    const owner = newOwner();
    const a = await seedAccount('GOOGLE_ADS', { campaigns: 3 });
    await connectDirect(owner, a);
    const [x, y] = await Promise.all([syncNow(owner, a), syncNow(owner, a)]);
    const ran = [x, y].filter((r) => r.result !== null);
    expect(ran).toHaveLength(1);
    expect(ran[0]!.result!.status.state).toBe('SUCCEEDED');
    expect(await storedCampaigns(owner, a)).toHaveLength(3);
    expect((await accountItem(owner, a)).lastSync?.syncId).toBe(ran[0]!.syncId);
  });
});

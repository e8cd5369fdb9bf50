// Kakao adapter + sync engine against the Kakao fake: Bearer token + adAccountId header, campaigns per
// config value, the report in ≤ 31-day spans without today, one report call per interval.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeAccount } from '../../../../local/fakes/index.js';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { docClient, gql, newUser, table } from '../../../../test/support/stack.js';
import { connectDirect, dateIn, fakes, newOwner, seedAccount, shift, storedCampaigns, syncNow } from '../helpers.js';

const CAMPAIGN = `query C($platform: Platform!, $accountId: ID!, $campaignId: ID!) { campaign(platform: $platform, accountId: $accountId, campaignId: $campaignId) {
  metrics { conversions conversionValueMicros impressions } daily { date conversions conversionValueMicros } } }`;

beforeAll(async () => {
  // The fake enforces the report interval the adapter is configured with in these tests (50 ms).
  await fakes().KAKAO.setOptions({ kakaoReportIntervalMs: 50 });
});

type Obj = Record<string, unknown>;
const dashed = (s: string) => `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;

describe('Kakao sync', () => {
  it('stores every campaign and report day, field by field, splitting long ranges and never asking for today', async () => {
    const owner = newOwner();
    const a = await seedAccount('KAKAO', { campaigns: 7 });
    await connectDirect(owner, a);
    const yesterday = shift(dateIn('Asia/Seoul'), -1);
    const from = shift(yesterday, -39); // 40 days: two report spans
    const { result } = await syncNow(owner, a, { from, to: dateIn('Asia/Seoul') });
    expect(result?.status).toMatchObject({ state: 'SUCCEEDED', campaignsSynced: 7 });

    const raw = await fakes().KAKAO.raw(a.accountId, from, yesterday);
    const items = await storedCampaigns(owner, a);
    const byId = new Map(items.map((i) => [i.campaignId, i]));
    expect(items).toHaveLength(7);
    for (const c of raw.campaigns as Obj[]) {
      const item = byId.get(String(c.id))!;
      const status = c.config === 'DEL' ? 'REMOVED' : c.config === 'OFF' || c.systemConfig !== 'ON' ? 'PAUSED' : 'ACTIVE';
      const tg = c.campaignTypeGoal as { campaignType: string; goal: string };
      expect(item.status).toBe(status);
      expect(item.campaignData).toEqual({
        name: c.name,
        status,
        rawStatus: `${c.config}/${c.systemConfig}`,
        objective: `${tg.campaignType}/${tg.goal}`,
        budgetMicros: c.dailyBudgetAmount !== undefined ? String(Number(c.dailyBudgetAmount) * 1_000_000) : null,
        budgetPeriod: c.dailyBudgetAmount !== undefined ? 'DAILY' : null,
        currency: 'KRW',
        startDate: null,
        endDate: null,
        timeZone: 'Asia/Seoul',
        platformUpdatedAt: null,
      });
    }
    for (const r of raw.daily as Obj[]) {
      const m = r.metrics as Obj;
      const id = String((r.dimensions as Obj).campaign_id);
      const date = dashed(String(r.start));
      expect(byId.get(id)!.metrics.daily[date], `${id} ${date}`).toEqual({
        impressions: m.imp,
        clicks: m.click,
        costMicros: Number(m.cost) * 1_000_000,
        // The Pixel & SDK conversion group's purchases (7-day attribution), amount in KRW.
        conversions: m.conv_purchase_7d,
        conversionValueMicros: Number(m.conv_purchase_p_7d) * 1_000_000,
        vatIncluded: false,
        provisional: (Date.parse(dateIn('Asia/Seoul')) - Date.parse(date)) / 86_400_000 < 2,
      });
    }
    expect(items.reduce((n, i) => n + Object.keys(i.metrics.daily).length, 0)).toBe(raw.daily.length);
    // Real conversions, not a constant: the fixture has some, and the totals add them up.
    expect((raw.daily as Obj[]).some((r) => Number((r.metrics as Obj).conv_purchase_7d) > 0)).toBe(true);
    for (const i of items) {
      const days = Object.values(i.metrics.daily);
      expect(i.metrics.totals.conversions).toBe(days.reduce((n, d) => n + (d.conversions ?? 0), 0));
      expect(i.metrics.totals.conversionValueMicros).toBe(days.reduce((n, d) => n + Number(d.conversionValueMicros ?? 0), 0));
    }

    const log = await fakes().KAKAO.requests(a.credentials.accessToken);
    for (const r of log) {
      expect(r.headers.authorization).toBe(`Bearer ${a.credentials.accessToken}`);
      expect(r.headers.adaccountid).toBe(a.accountId);
      expect(r.status).toBe(200);
    }
    const reports = log.filter((r) => r.path.endsWith('/campaigns/report')).map((r) => new URLSearchParams(r.query));
    for (const q of reports) expect(q.get('metricsGroup')).toBe('BASIC,PIXEL_SDK_CONVERSION');
    expect(reports.map((q) => [q.get('start'), q.get('end')])).toEqual([
      [from.replaceAll('-', ''), shift(from, 30).replaceAll('-', '')],
      [shift(from, 31).replaceAll('-', ''), yesterday.replaceAll('-', '')],
    ]);
    expect(log.filter((r) => r.path.endsWith('/campaigns')).map((r) => new URLSearchParams(r.query).get('config'))).toEqual(['ON', 'OFF', 'DEL']);
  });

  it('an account whose report carries no conversions: conversions and their value are null (unknown), day by day, in the totals and through GraphQL; never 0', async () => {
    const owner = await newUser('kakao-unknown');
    const a = makeAccount('KAKAO', { suffix: randomUUID().slice(0, 8), campaigns: 3 });
    a.noConversionTracking = true;
    await fakes().seed(a);
    await connectDirect(owner.sub, a);
    const yesterday = shift(dateIn('Asia/Seoul'), -1);
    const { result } = await syncNow(owner.sub, a, { from: shift(yesterday, -4), to: yesterday });
    expect(result?.status.state).toBe('SUCCEEDED');
    const raw = await fakes().KAKAO.raw(a.accountId, shift(yesterday, -4), yesterday);
    expect((raw.daily as Obj[]).every((r) => !('conv_purchase_7d' in (r.metrics as Obj)))).toBe(true);

    const items = await storedCampaigns(owner.sub, a);
    expect(items).toHaveLength(3);
    for (const i of items) {
      expect(Object.keys(i.metrics.daily).length).toBeGreaterThan(0);
      for (const d of Object.values(i.metrics.daily)) expect([d.conversions, d.conversionValueMicros]).toEqual([null, null]);
      expect([i.metrics.totals.conversions, i.metrics.totals.conversionValueMicros]).toEqual([null, null]);
      expect(i.metrics.totals.impressions).toBeGreaterThan(0); // the rest of the figures are there
    }
    const r = await gql(owner, CAMPAIGN, { platform: 'KAKAO', accountId: a.accountId, campaignId: items[0]!.campaignId });
    expect(r.errors).toBeUndefined();
    expect(r.data.campaign.metrics).toMatchObject({ conversions: null, conversionValueMicros: null });
    expect(r.data.campaign.daily.length).toBeGreaterThan(0);
    for (const d of r.data.campaign.daily) expect([d.conversions, d.conversionValueMicros]).toEqual([null, null]);
  }, 120_000);

  it('days stored before conversions were read (a made-up 0) become unknown on the next sync; the re-fetched days carry the reported figures', async () => {
    const owner = newOwner();
    const a = await seedAccount('KAKAO', { campaigns: 2 });
    await connectDirect(owner, a);
    const yesterday = shift(dateIn('Asia/Seoul'), -1);
    const old = shift(yesterday, -10);
    const c = a.campaigns.find((x) => x.state !== 'REMOVED') ?? a.campaigns[0]!;
    // As the previous adapter wrote it: every day's conversions 0, no metricsFormat.
    const day = { impressions: 5, clicks: 1, costMicros: 1_000_000, conversions: 0, conversionValueMicros: 0, vatIncluded: false, provisional: false };
    await docClient().send(
      new PutCommand({
        TableName: table('campaigns'),
        Item: {
          userPlatformAccount: `${owner}#KAKAO#${a.accountId}`, campaignId: c.id, ownerId: owner, platform: 'KAKAO', accountId: a.accountId, status: 'ACTIVE',
          campaignData: { name: c.name }, updatedAt: '2026-01-01T00:00:00.000Z', updatedSort: `2026-01-01T00:00:00.000Z#${c.id}`, seenBySync: 'old',
          metrics: { totals: { ...day, from: old, to: old }, daily: { [old]: day } },
        },
      }),
    );
    // Five days: a generated day is idle (no row) one time in ten, so a two-day window left the campaign
    // without a fresh row about once in a hundred runs.
    const { result } = await syncNow(owner, a, { from: shift(yesterday, -4), to: yesterday });
    expect(result?.status.state).toBe('SUCCEEDED');
    const item = (await storedCampaigns(owner, a)).find((i) => i.campaignId === c.id)!;
    expect(item.metricsFormat).toBe(2);
    expect(item.metrics.daily[old]).toMatchObject({ impressions: 5, conversions: null, conversionValueMicros: null });
    const raw = await fakes().KAKAO.raw(a.accountId, shift(yesterday, -4), yesterday);
    const fresh = (raw.daily as Obj[]).filter((r) => String((r.dimensions as Obj).campaign_id) === c.id);
    expect(fresh.length).toBeGreaterThan(0);
    for (const r of fresh) expect(item.metrics.daily[dashed(String(r.start))]!.conversions).toBe((r.metrics as Obj).conv_purchase_7d);
    expect([item.metrics.totals.conversions, item.metrics.totals.conversionValueMicros]).toEqual([null, null]);
  }, 120_000);
});

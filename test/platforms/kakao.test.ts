// Kakao adapter + sync engine against the Kakao fake: Bearer token + adAccountId header, campaigns per
// config value, the report in ≤ 31-day spans without today, one report call per interval.
import { beforeAll, describe, expect, it } from 'vitest';
import { connectDirect, dateIn, fakes, newOwner, seedAccount, shift, storedCampaigns, syncNow, useStackEnv } from '../sync/helpers.js';

beforeAll(async () => {
  useStackEnv();
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
        conversions: 0,
        conversionValueMicros: 0,
        vatIncluded: false,
        provisional: (Date.parse(dateIn('Asia/Seoul')) - Date.parse(date)) / 86_400_000 < 2,
      });
    }
    expect(items.reduce((n, i) => n + Object.keys(i.metrics.daily).length, 0)).toBe(raw.daily.length);

    const log = await fakes().KAKAO.requests(a.credentials.accessToken);
    for (const r of log) {
      expect(r.headers.authorization).toBe(`Bearer ${a.credentials.accessToken}`);
      expect(r.headers.adaccountid).toBe(a.accountId);
      expect(r.status).toBe(200);
    }
    const reports = log.filter((r) => r.path.endsWith('/campaigns/report')).map((r) => new URLSearchParams(r.query));
    expect(reports.map((q) => [q.get('start'), q.get('end')])).toEqual([
      [from.replaceAll('-', ''), shift(from, 30).replaceAll('-', '')],
      [shift(from, 31).replaceAll('-', ''), yesterday.replaceAll('-', '')],
    ]);
    expect(log.filter((r) => r.path.endsWith('/campaigns')).map((r) => new URLSearchParams(r.query).get('config'))).toEqual(['ON', 'OFF', 'DEL']);
  });
});

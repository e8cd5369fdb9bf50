// Naver adapter + sync engine against the Naver fake, which recomputes every HMAC signature.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { connectDirect, dateIn, fakes, newOwner, seedAccount, shift, storedCampaigns, syncNow } from '../helpers.js';


type Obj = Record<string, unknown>;
const kst = (instant: unknown) => (typeof instant === 'string' ? dateIn('Asia/Seoul', Date.parse(instant)) : null);

function expectedStatus(c: Obj, today: string): string {
  const end = c.usePeriod ? kst(c.periodEndDt) : null;
  if (c.status === 'DELETED' || c.delFlag) return 'REMOVED';
  if (c.statusReason === 'CAMPAIGN_ENDED' || (end && end < today)) return 'ENDED';
  if (c.userLock) return 'PAUSED';
  if (c.status === 'ELIGIBLE') return 'ACTIVE';
  if (String(c.statusReason).includes('LIMITED_BY') && String(c.statusReason).endsWith('BUDGET')) return 'ACTIVE';
  return 'PAUSED';
}

describe('Naver sync', () => {
  it('stores every campaign and per-campaign /stats day, field by field; every request correctly signed', async () => {
    const owner = newOwner();
    const a = await seedAccount('NAVER', { campaigns: 8 });
    await connectDirect(owner, a);
    const today = dateIn('Asia/Seoul');
    const from = shift(today, -9);
    const { result } = await syncNow(owner, a, { from, to: today });
    expect(result?.status).toMatchObject({ state: 'SUCCEEDED', campaignsSynced: 8 });

    const raw = await fakes().NAVER.raw(a.accountId, from, today);
    const items = await storedCampaigns(owner, a);
    const byId = new Map(items.map((i) => [i.campaignId, i]));
    expect(items).toHaveLength(8);
    for (const c of raw.campaigns as Obj[]) {
      const item = byId.get(String(c.nccCampaignId))!;
      const status = expectedStatus(c, today);
      expect(item.status).toBe(status);
      expect(item.campaignData).toEqual({
        name: c.name,
        status,
        rawStatus: `${c.status}/${c.statusReason}/userLock=${c.userLock}`,
        objective: c.campaignTp,
        budgetMicros: c.useDailyBudget ? String(Number(c.dailyBudget) * 1_000_000) : null,
        budgetPeriod: c.useDailyBudget ? 'DAILY' : null,
        currency: 'KRW',
        startDate: c.usePeriod ? kst(c.periodStartDt) : null,
        endDate: c.usePeriod ? kst(c.periodEndDt) : null,
        timeZone: 'Asia/Seoul',
        platformUpdatedAt: c.editTm,
      });
    }
    // A PAUSED campaign that only ran out of today's budget stays ACTIVE.
    const limited = (raw.campaigns as Obj[]).find((c) => c.statusReason === 'CAMPAIGN_LIMITED_BY_BUDGET')!;
    expect(byId.get(String(limited.nccCampaignId))!.status).toBe('ACTIVE');

    for (const r of raw.daily as Obj[]) {
      const date = String(r.dateStart);
      expect(byId.get(String(r.id))!.metrics.daily[date], `${r.id} ${date}`).toEqual({
        impressions: r.impCnt,
        clicks: r.clkCnt,
        costMicros: Number(r.salesAmt) * 1_000_000,
        conversions: r.ccnt,
        conversionValueMicros: Number(r.convAmt) * 1_000_000,
        vatIncluded: false,
        provisional: (Date.parse(today) - Date.parse(date)) / 86_400_000 < 7,
      });
    }
    expect(items.reduce((n, i) => n + Object.keys(i.metrics.daily).length, 0)).toBe(raw.daily.length);

    const log = await fakes().NAVER.requests(a.credentials.apiKey);
    expect(log.filter((r) => r.path === '/stats')).toHaveLength(8); // timeIncrement=1 takes one id per call
    for (const r of log) {
      const h = r.headers;
      expect(h['x-customer']).toBe(a.accountId);
      expect(h['x-signature']).toBe(createHmac('sha256', a.credentials.secretKey!).update(`${h['x-timestamp']}.${r.method}.${r.path}`).digest('base64'));
      expect(r.status).toBe(200);
    }
  });
});

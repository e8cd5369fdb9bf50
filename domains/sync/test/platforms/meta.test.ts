// Meta adapter + sync engine against the Meta fake: cursor paging (absolute next links), insights with
// time_increment=1 and overlapping action types, budgets in minor units by currency offset.
import { describe, expect, it } from 'vitest';
import { connectDirect, dateIn, fakes, microsOf, newOwner, seedAccount, shift, storedCampaigns, syncNow } from '../helpers.js';


type Obj = Record<string, unknown>;

function dateOf(instant: unknown, zone: string): string | null {
  if (typeof instant !== 'string') return null;
  return dateIn(zone, Date.parse(instant.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')));
}

function expectedStatus(c: Obj, today: string, zone: string): string {
  const stop = dateOf(c.stop_time, zone);
  if (c.effective_status === 'DELETED' || c.effective_status === 'ARCHIVED') return 'REMOVED';
  if (stop && stop < today) return 'ENDED';
  if (c.effective_status === 'PAUSED') return 'PAUSED';
  return 'ACTIVE';
}

const sumType = (list: unknown, type: string) =>
  ((list as { action_type: string; value: string }[] | undefined) ?? []).filter((x) => x.action_type === type).map((x) => x.value);

describe('Meta sync', () => {
  for (const currency of ['KRW', 'USD']) {
    it(`stores every campaign (all statuses) and insight day, field by field (${currency})`, async () => {
      const owner = newOwner();
      const a = await seedAccount('META', { campaigns: 12, currency, timeZone: currency === 'USD' ? 'America/Los_Angeles' : 'Asia/Seoul' });
      await connectDirect(owner, a);
      const today = dateIn(a.timeZone);
      const from = shift(today, -6);
      // Small pages so the sync has to follow several absolute `paging.next` links.
      await fakes().META.setOptions({ metaMaxPageSize: 4 });
      const { result } = await syncNow(owner, a, { from, to: today });
      const listed = (await fakes().META.raw(a.accountId)).campaigns.length; // DELETED ones are not listed by Meta
      expect(listed).toBe(11); // of the two REMOVED campaigns, the DELETED one is not listed
      expect(result?.status).toMatchObject({ state: 'SUCCEEDED', campaignsSynced: listed });

      const raw = await fakes().META.raw(a.accountId, from, today);
      const items = await storedCampaigns(owner, a);
      const byId = new Map(items.map((i) => [i.campaignId, i]));
      expect(items).toHaveLength(listed);
      const offset = currency === 'KRW' ? 1 : 100;
      for (const c of raw.campaigns as Obj[]) {
        const item = byId.get(String(c.id))!;
        expect(item, `campaign ${c.id}`).toBeDefined();
        const status = expectedStatus(c, today, a.timeZone);
        expect(item.status).toBe(status);
        expect(item.campaignData).toEqual({
          name: c.name,
          status,
          rawStatus: c.effective_status,
          objective: c.objective,
          budgetMicros: c.daily_budget ? String((BigInt(c.daily_budget as string) * 1_000_000n) / BigInt(offset)) : null,
          budgetPeriod: c.daily_budget ? 'DAILY' : null,
          currency,
          startDate: dateOf(c.start_time, a.timeZone),
          endDate: dateOf(c.stop_time, a.timeZone),
          timeZone: a.timeZone,
          platformUpdatedAt: new Date(String(c.updated_time).replace('+0000', 'Z')).toISOString(),
        });
      }
      // ARCHIVED campaigns are only listed with an explicit effective_status filter.
      expect(items.filter((i) => i.status === 'REMOVED').length).toBeGreaterThan(0);

      for (const r of (raw.daily as Obj[]).filter((x) => byId.has(String(x.campaign_id)))) {
        const day = byId.get(String(r.campaign_id))!.metrics.daily[String(r.date_start)];
        // One purchase is reported under several overlapping types: only omni_purchase counts.
        const conv = sumType(r.actions, 'omni_purchase');
        const value = sumType(r.action_values, 'omni_purchase');
        expect(day, `${r.campaign_id} ${r.date_start}`).toEqual({
          impressions: Number(r.impressions),
          clicks: Number(r.clicks),
          costMicros: microsOf(String(r.spend)),
          conversions: conv.length ? Number(conv[0]) : 0,
          conversionValueMicros: value.length ? microsOf(value[0]!) : 0,
          vatIncluded: false,
          provisional: true,
        });
      }
      const served = (raw.daily as Obj[]).filter((r) => byId.has(String(r.campaign_id))).length;
      const stored = items.reduce((n, i) => n + Object.keys(i.metrics.daily).length, 0);
      expect(stored).toBe(served);

      const log = await fakes().META.requests(a.credentials.accessToken);
      const campaignCalls = log.filter((r) => r.path.endsWith('/campaigns'));
      expect(campaignCalls.length).toBeGreaterThanOrEqual(3);
      for (const r of log) expect(new URLSearchParams(r.query).get('access_token')).toBe(a.credentials.accessToken);
      const insights = log.filter((r) => r.path.endsWith('/insights'));
      expect(insights.length).toBeGreaterThan(0);
      for (const r of insights) {
        const q = new URLSearchParams(r.query);
        expect(q.get('time_increment')).toBe('1');
        expect(q.get('level')).toBe('campaign');
      }
    });
  }

  it('splits the range when Meta answers "too much data" (100/1487534) and still gets every day', async () => {
    const owner = newOwner();
    const a = await seedAccount('META', { campaigns: 3 });
    await connectDirect(owner, a);
    const today = dateIn(a.timeZone);
    const from = shift(today, -9);
    await fakes().META.fault({ path: `act_${a.accountId}/insights$`, times: 1, status: 400, body: { error: { message: "Please reduce the amount of data you're asking for", type: 'OAuthException', code: 100, error_subcode: 1487534, fbtrace_id: 'Atrace1' } } });
    const { result } = await syncNow(owner, a, { from, to: today });
    expect(result?.status.state).toBe('SUCCEEDED');
    const raw = await fakes().META.raw(a.accountId, from, today);
    const items = await storedCampaigns(owner, a);
    const listedIds = new Set(raw.campaigns.map((c) => String(c.id)));
    expect(items.reduce((n, i) => n + Object.keys(i.metrics.daily).length, 0)).toBe(raw.daily.filter((r) => listedIds.has(String(r.campaign_id))).length);
    const ranges = (await fakes().META.requests(a.accountId)).filter((r) => r.path.endsWith('/insights')).map((r) => new URLSearchParams(r.query).get('time_range'));
    expect(ranges).toContain(JSON.stringify({ since: from, until: shift(from, 4) }));
  });
});

// Google Ads adapter + sync engine against the Google fake (OAuth token endpoint, GAQL searchStream),
// DynamoDB Local and the KMS endpoint: the stored items must match, field by field, what the fake served.
import { describe, expect, it } from 'vitest';
import { googleMetricRow, googleMetricRowJson } from '../../../../local/fakes/google-ads.js';
import { makeAccount, type SeedDaily } from '../../../../local/fakes/index.js';
import { accountItem, connectDirect, dateIn, fakes, microsOf, newOwner, seedAccount, shift, storedCampaigns, syncNow } from '../helpers.js';


type Row = Record<string, Record<string, unknown>>;

function expectedStatus(c: Record<string, unknown>, today: string): string {
  const end = typeof c.endDateTime === 'string' ? c.endDateTime.slice(0, 10) : null;
  if (c.status === 'REMOVED') return 'REMOVED';
  if (c.servingStatus === 'ENDED' || c.primaryStatus === 'ENDED' || (end && end < today)) return 'ENDED';
  if (c.status === 'PAUSED') return 'PAUSED';
  return 'ACTIVE';
}

describe('Google Ads sync', () => {
  it('stores every campaign and every served day, field by field', async () => {
    const owner = newOwner();
    const a = await seedAccount('GOOGLE_ADS', { campaigns: 13 });
    await connectDirect(owner, a);
    const today = dateIn(a.timeZone);
    const from = shift(today, -9);
    const { result, statuses } = await syncNow(owner, a, { from, to: today });
    expect(result?.status.state).toBe('SUCCEEDED');

    const raw = await fakes().GOOGLE_ADS.raw(a.accountId, from, today);
    const items = await storedCampaigns(owner, a);
    const byId = new Map(items.map((i) => [i.campaignId, i]));
    expect(items).toHaveLength(raw.campaigns.length);
    expect(raw.campaigns.length).toBe(13);

    for (const row of raw.campaigns as Row[]) {
      const c = row.campaign!;
      const item = byId.get(String(c.id));
      expect(item, `campaign ${c.id}`).toBeDefined();
      // Ids above 2^53 survive as exact strings.
      expect(item!.campaignId).toBe(c.id);
      expect(item!.status).toBe(expectedStatus(c, today));
      expect(item!.campaignData).toEqual({
        name: c.name,
        status: expectedStatus(c, today),
        rawStatus: `${c.status}/serving=${c.servingStatus}/primary=${c.primaryStatus}`,
        objective: c.advertisingChannelType,
        budgetMicros: row.campaignBudget ? row.campaignBudget.amountMicros : null,
        budgetPeriod: row.campaignBudget ? 'DAILY' : null,
        currency: 'USD',
        startDate: typeof c.startDateTime === 'string' ? c.startDateTime.slice(0, 10) : null,
        endDate: typeof c.endDateTime === 'string' ? c.endDateTime.slice(0, 10) : null,
        timeZone: 'America/New_York',
        platformUpdatedAt: null,
      });
      expect(item!.ownerId).toBe(owner);
      expect(item!.updatedSort).toBe(`${item!.updatedAt}#${item!.campaignId}`);
    }

    const perCampaign = new Map<string, number>();
    for (const row of raw.daily as Row[]) {
      const id = String(row.campaign!.id);
      const date = String(row.segments!.date);
      const m = row.metrics!;
      perCampaign.set(id, (perCampaign.get(id) ?? 0) + 1);
      expect(byId.get(id)!.metrics.daily[date], `${id} ${date}`).toEqual({
        impressions: Number(m.impressions),
        clicks: Number(m.clicks),
        costMicros: Number(m.costMicros),
        conversions: m.conversions,
        conversionValueMicros: microsOf(m.conversionsValue as number),
        vatIncluded: false,
        provisional: true, // inside Google's 30-day restatement window
      });
    }
    expect(raw.daily.length).toBeGreaterThan(50);
    for (const item of items) {
      const days = Object.keys(item.metrics.daily);
      expect(days.length).toBe(perCampaign.get(item.campaignId) ?? 0);
      const sum = days.reduce((s, d) => s + Number(item.metrics.daily[d]!.costMicros), 0);
      expect(Number(item.metrics.totals.costMicros)).toBe(sum);
    }

    expect(statuses[0]).toMatchObject({ state: 'RUNNING', progress: 0, campaignsSynced: 0 });
    expect(statuses.at(-1)).toMatchObject({ state: 'SUCCEEDED', progress: 100, campaignsSynced: 13, message: null });
    const acct = await accountItem(owner, a);
    expect(acct.syncLease).toBeUndefined();
    expect(acct.lastSync).toMatchObject({ state: 'SUCCEEDED', campaignsSynced: 13 });
    expect(acct.lastSyncAt).toBeTruthy();
  });

  it('speaks the documented wire format: one token refresh, Bearer auth, no developer-token, searchStream on v26', async () => {
    const owner = newOwner();
    const a = await seedAccount('GOOGLE_ADS', { campaigns: 3 });
    await connectDirect(owner, a);
    const { result } = await syncNow(owner, a);
    expect(result?.status.state).toBe('SUCCEEDED');
    const log = await fakes().GOOGLE_ADS.requests(a.accountId);
    const tokenCalls = (await fakes().GOOGLE_ADS.requests(a.credentials.clientId)).filter((r) => r.path === '/token');
    expect(tokenCalls).toHaveLength(1);
    expect(new URLSearchParams(tokenCalls[0]!.body).get('grant_type')).toBe('refresh_token');
    const api = log.filter((r) => r.path.includes('googleAds:'));
    expect(api.length).toBeGreaterThanOrEqual(3); // customer, campaigns, metrics
    for (const r of api) {
      expect(r.path).toBe(`/v26/customers/${a.accountId}/googleAds:searchStream`);
      expect(r.headers.authorization).toMatch(/^Bearer ya29\./);
      expect(r.headers['developer-token']).toBeUndefined();
      expect(JSON.parse(r.body)).not.toHaveProperty('pageSize');
    }
  });

  it("the fake's stream writes each metrics row as JSON.stringify writes the row object", () => {
    const a = makeAccount('GOOGLE_ADS', { suffix: 'rowtext' });
    const prefixes = new Map<string, string>();
    let seed = 7;
    const r = () => ((seed = Math.imul(seed ^ (seed >>> 13), 0x5bd1e995) + 0x6b43a9b5) >>> 0) / 2 ** 32;
    const ids = ['9007199254740993', 'a"b\\c', '캠페인\u2028', ''];
    for (let i = 0; i < 2_000; i++) {
      const d: SeedDaily = {
        campaignId: ids[i % ids.length]!,
        date: i % 50 ? `2026-11-${String(1 + (i % 28)).padStart(2, '0')}` : 'x"\\y',
        impressions: Math.floor(r() * 1e7),
        clicks: i % 97 ? Math.floor(r() * 1e4) : 1.5,
        cost: [`${Math.floor(r() * 1e6)}.${Math.floor(r() * 100)}`, String(Math.floor(r() * 1e12)), '0', '-3.1234567'][i % 4]!,
        conversions: [Math.floor(r() * 100), r() * 10, 0, Number.NaN][i % 4]!,
        conversionValue: [(r() * 1e5).toFixed(2), '0', 'not a number', '12345678901234.5'][i % 4]!,
      };
      expect(googleMetricRowJson(a, d, prefixes), `row ${i}`).toBe(JSON.stringify(googleMetricRow(a, d)));
    }
  });
});

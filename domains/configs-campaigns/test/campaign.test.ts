// campaign() and Campaign.daily(from, to): the stored item mapped field by field, the daily map
// filtered on the parent value, and argument validation.
import { beforeAll, describe, expect, it } from 'vitest';
import { gql, newUser, type GqlResult, type TestUser } from '../../../test/support/stack.js';
import { CAMPAIGN } from './operations.js';
import { campaignItem, putItems } from './seed.js';

let owner: TestUser;
const DAYS = ['2026-02-26', '2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02'];

beforeAll(async () => {
  owner = await newUser('campaign detail');
  const daily = Object.fromEntries(
    DAYS.map((d, i) => [
      d,
      { impressions: 100 + i, clicks: 10 + i, costMicros: String(1500000 * (i + 1)), conversions: i === 0 ? null : 0.5 * i, conversionValueMicros: '0', costIncludesVat: i >= 3, provisional: i === 4 },
    ]),
  );
  await putItems([
    campaignItem(owner.sub, 'NAVER', '4242', 'cmp-1', '2026-03-02T10:00:00.000Z', 'PAUSED', {
      campaignData: {
        name: '봄 세일',
        rawStatus: 'PAUSED/CAMPAIGN_LIMITED_BY_BUDGET/userLock=true',
        objective: 'WEB_SITE',
        budgetMicros: '12345678901234567',
        budgetPeriod: 'DAILY',
        currency: 'KRW',
        startDate: '2026-02-01',
        endDate: null,
        timeZone: 'Asia/Seoul',
      },
      metrics: {
        totals: { impressions: 510, clicks: 60, costMicros: '22500000', conversions: 5, conversionValueMicros: 0, from: '2026-02-26', to: '2026-03-02' },
        daily,
      },
    }),
    // An item the sync wrote without metrics yet, with a status spelled in lower case.
    { ...campaignItem(owner.sub, 'NAVER', '4242', 'cmp-2', '2026-03-01T00:00:00.000Z', 'active'), metrics: undefined, campaignData: { rawStatus: 'ELIGIBLE' } },
  ]);
});

const vars = (extra: Record<string, unknown> = {}) => ({ platform: 'NAVER', accountId: '4242', campaignId: 'cmp-1', ...extra });

describe('campaign', () => {
  it('maps the stored item', async () => {
    const r = await gql(owner, CAMPAIGN, vars());
    expect(r.errors).toBeUndefined();
    const c = r.data.campaign;
    expect(c).toMatchObject({
      campaignId: 'cmp-1',
      ownerId: owner.sub,
      platform: 'NAVER',
      accountId: '4242',
      name: '봄 세일',
      status: 'PAUSED',
      rawStatus: 'PAUSED/CAMPAIGN_LIMITED_BY_BUDGET/userLock=true',
      objective: 'WEB_SITE',
      budgetMicros: 12345678901234568,
      currency: 'KRW',
      startDate: '2026-02-01',
      endDate: null,
      updatedAt: '2026-03-02T10:00:00.000Z',
      metrics: { impressions: 510, clicks: 60, costMicros: 22500000, conversions: 5, conversionValueMicros: 0, from: '2026-02-26', to: '2026-03-02' },
    });
    expect(c.daily.map((d: { date: string }) => d.date)).toEqual(DAYS);
    // A day stored without conversions (null) is unknown, not 0; its value goes with it.
    expect(c.daily[0]).toEqual({ date: '2026-02-26', impressions: 100, clicks: 10, costMicros: 1500000, conversions: null, conversionValueMicros: null, vatIncluded: false, provisional: false });
    expect(c.daily[4]).toMatchObject({ date: '2026-03-02', costMicros: 7500000, conversions: 2, vatIncluded: true, provisional: true });
  });

  it('filters daily figures by an inclusive range (offsets ignored, across a month end)', async () => {
    const dates = async (from?: string, to?: string) => {
      const r = await gql(owner, CAMPAIGN, vars({ from, to }));
      expect(r.errors).toBeUndefined();
      return r.data.campaign.daily.map((d: { date: string }) => d.date);
    };
    expect(await dates('2026-02-28', '2026-03-01')).toEqual(['2026-02-28', '2026-03-01']);
    expect(await dates('2026-03-01')).toEqual(['2026-03-01', '2026-03-02']);
    expect(await dates(undefined, '2026-02-26')).toEqual(['2026-02-26']);
    expect(await dates('2026-02-27+09:00', '2026-02-27Z')).toEqual(['2026-02-27']);
    expect(await dates('2025-01-01', '2025-12-31')).toEqual([]);
  });

  it('validates the range: from <= to, at most 366 days', async () => {
    for (const [from, to, field, reason] of [
      ['2026-03-02', '2026-03-01', 'from', 'order'],
      ['2025-01-01', '2026-01-03', 'to', 'span'],
    ] as const) {
      const r = await gql(owner, CAMPAIGN, vars({ from, to }));
      expect(r.errors?.[0]).toMatchObject({ errorType: 'ValidationError', errorInfo: { field, reason }, path: ['campaign', 'daily'] });
    }
    const ok = await gql(owner, CAMPAIGN, vars({ from: '2025-03-02', to: '2026-03-02' }));
    expect(ok.errors).toBeUndefined();
  });

  it('tolerates items without metrics and normalizes the stored status', async () => {
    const r = await gql(owner, CAMPAIGN, vars({ campaignId: 'cmp-2' }));
    expect(r.errors).toBeUndefined();
    expect(r.data.campaign).toMatchObject({ campaignId: 'cmp-2', name: 'cmp-2', status: 'ACTIVE', rawStatus: 'ELIGIBLE', metrics: null, daily: [] });
  });

  it('is null when absent, including under another owner or platform', async () => {
    const other = await newUser('campaign other');
    for (const [who, v] of [
      [owner, vars({ campaignId: 'nope' })],
      [owner, vars({ platform: 'KAKAO' })],
      [other, vars()],
    ] as const) {
      const r = await gql(who, CAMPAIGN, v);
      expect(r.errors).toBeUndefined();
      expect(r.data.campaign).toBeNull();
    }
  });

  it('campaigns items carry their daily figures however the client selects them (alias, fragments)', async () => {
    const list = (selection: string, fragments = '') =>
      gql(owner, `query { campaigns(platform: NAVER, accountId: "4242") { items { campaignId ${selection} } } } ${fragments}`);
    const first = (r: Awaited<ReturnType<typeof list>>) => {
      expect(r.errors).toBeUndefined();
      return r.data.campaigns.items.find((i: { campaignId: string }) => i.campaignId === 'cmp-1');
    };
    expect(first(await list('daily { date }')).daily).toHaveLength(5);
    expect(first(await list('d: daily(from: "2026-03-01") { date }')).d).toEqual([{ date: '2026-03-01' }, { date: '2026-03-02' }]);
    expect(first(await list('...F', 'fragment F on Campaign { days: daily { costMicros } }')).days).toHaveLength(5);
    expect(first(await list('... on Campaign { daily { date } }')).daily).toHaveLength(5);
    // Without daily the figures are not read, but totals still are.
    expect(first(await list('metrics { impressions }'))).toEqual({ campaignId: 'cmp-1', metrics: { impressions: 510 } });
  });

  it('pages of campaigns with large daily maps stop at DynamoDB\'s 1 MB read, and the walk still sees each once', async () => {
    const heavy = await newUser('campaign heavy');
    const daily: Record<string, unknown> = {};
    for (let d = 0; d < 300; d++) {
      daily[new Date(Date.UTC(2025, 0, 1) + d * 86_400_000).toISOString().slice(0, 10)] = {
        impressions: 123456 + d, clicks: 2345 + d, costMicros: 98765432100 + d, conversions: 12.5, conversionValueMicros: 123456789000, vatIncluded: true, provisional: false,
      };
    }
    const ids = Array.from({ length: 30 }, (_, i) => `big-${String(i).padStart(2, '0')}`);
    await putItems(ids.map((id, i) => ({ ...campaignItem(heavy.sub, 'GOOGLE_ADS', '5555555555', id, new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(), 'ACTIVE'), metrics: { totals: {}, daily } })));
    const seen: string[] = [];
    const sizes: number[] = [];
    let nextToken: string | null = null;
    do {
      const r: GqlResult<{ campaigns: { items: { campaignId: string; daily: unknown[] }[]; nextToken: string | null } }> = await gql(
        heavy,
        `query($t: String) { campaigns(platform: GOOGLE_ADS, accountId: "5555555555", limit: 100, nextToken: $t) { items { campaignId daily { date costMicros } } nextToken } }`,
        { t: nextToken },
      );
      expect(r.errors).toBeUndefined();
      sizes.push(r.data!.campaigns.items.length);
      for (const i of r.data!.campaigns.items) {
        expect(i.daily).toHaveLength(300);
        seen.push(i.campaignId);
      }
      nextToken = r.data!.campaigns.nextToken;
    } while (nextToken);
    expect(seen).toEqual([...ids].reverse());
    expect(sizes.length).toBeGreaterThan(1);
    expect(Math.max(...sizes)).toBeLessThan(30);
  }, 90_000);

  it('rejects ids that could reach outside the partition', async () => {
    for (const [v, field] of [
      [vars({ accountId: '4242#cmp' }), 'accountId'],
      [vars({ campaignId: '' }), 'campaignId'],
      [vars({ campaignId: 'x'.repeat(65) }), 'campaignId'],
    ] as const) {
      const r = await gql(owner, CAMPAIGN, v);
      expect(r.errors?.[0]).toMatchObject({ errorType: 'ValidationError', errorInfo: { field } });
    }
  });
});

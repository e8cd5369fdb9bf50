// The sync's item builder and marshaller, without a stack: what a campaign item holds, and that the
// hand-written marshaller (marshal.ts) gives exactly what @aws-sdk/util-dynamodb's `marshall` gives.
import { marshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { buildItem, MAX_DAILY_DAYS, type BuildContext, type StoredDay } from '../lambda/items.js';
import { marshalItem } from '../lambda/marshal.js';
import { addDays } from '../../../lib/node/platforms/dates.js';
import type { DailyMetric, NormalizedCampaign } from '../../../lib/node/platforms/types.js';

const ctx: BuildContext = { ownerId: 'owner-1', platform: 'GOOGLE_ADS', accountId: '1234567890', syncId: 'sync-1', today: '2026-12-05', restatementWindowDays: 30, updatedAt: '2026-12-05T01:02:03.000Z' };
const campaign: NormalizedCampaign = {
  campaignId: '9007199254740993', // above 2^53: kept as a string
  name: 'Winter "sale" — 겨울',
  status: 'ENABLED' as NormalizedCampaign['status'],
  rawStatus: 'ENABLED',
  objective: null,
  budgetMicros: '5000000',
  budgetPeriod: 'DAILY',
  currency: 'KRW',
  startDate: '2026-01-01',
  endDate: null,
  timeZone: 'Asia/Seoul',
  platformUpdatedAt: null,
};
const day = (date: string, over: Partial<DailyMetric> = {}): DailyMetric => ({
  campaignId: campaign.campaignId, date, impressions: 100, clicks: 7, costMicros: '1500000', conversions: 1.5, conversionValueMicros: '2250000', vatIncluded: false, ...over,
});

describe('buildItem', () => {
  it('keys, totals and provisional days (inside the restatement window)', () => {
    const item = buildItem(ctx, campaign, [day('2026-12-05'), day('2026-11-06'), day('2026-11-05', { costMicros: '99999999999999999999' })], undefined);
    expect(item.userPlatformAccount).toBe('owner-1#GOOGLE_ADS#1234567890');
    expect(item.updatedSort).toBe(`${ctx.updatedAt}#${campaign.campaignId}`);
    expect(item.campaignData).not.toHaveProperty('campaignId');
    expect(Object.keys(item.metrics.daily)).toEqual(['2026-11-05', '2026-11-06', '2026-12-05']);
    expect(item.metrics.daily['2026-12-05']!.provisional).toBe(true);
    expect(item.metrics.daily['2026-11-06']!.provisional).toBe(true); // 29 days before today
    expect(item.metrics.daily['2026-11-05']!.provisional).toBe(false); // 30 days: outside the window
    // A micros value beyond 2^53 stays exact: as a string, and the totals add it up in bigint.
    expect(item.metrics.daily['2026-11-05']!.costMicros).toBe('99999999999999999999');
    expect(item.metrics.totals).toEqual({ impressions: 300, clicks: 21, costMicros: '100000000000002999999', conversions: 4.5, conversionValueMicros: 6750000, from: '2026-11-05', to: '2026-12-05' });
  });

  it('merges with the stored days (a re-fetched day replaces its stored one) and keeps the newest MAX_DAILY_DAYS', () => {
    const stored: Record<string, StoredDay> = {};
    for (let i = 0; i < MAX_DAILY_DAYS; i++) {
      stored[addDays('2025-01-01', i)] = { impressions: 1, clicks: 0, costMicros: 0, conversions: null, conversionValueMicros: null, vatIncluded: false, provisional: false };
    }
    const item = buildItem(ctx, campaign, [day('2026-12-05'), day('2025-01-02', { impressions: 5 })], stored);
    const dates = Object.keys(item.metrics.daily);
    expect(dates).toHaveLength(MAX_DAILY_DAYS);
    expect(dates[0]).toBe('2025-01-02'); // the oldest stored day dropped
    expect(item.metrics.daily['2025-01-02']!.impressions).toBe(5);
    // One stored day's conversions are unknown: the totals say so rather than understate.
    expect(item.metrics.totals.conversions).toBeNull();
    expect(item.metrics.totals.conversionValueMicros).toBeNull();
    expect(stored['2025-01-02']!.impressions).toBe(1); // the stored map is not changed
  });

  it("gives stored days today's provisional flag and keeps the days in date order", () => {
    const stored: Record<string, StoredDay> = {
      '2026-12-01': { impressions: 1, clicks: 0, costMicros: 0, conversions: 0, conversionValueMicros: 0, vatIncluded: false, provisional: false },
      '2026-10-01': { impressions: 2, clicks: 0, costMicros: 0, conversions: 0, conversionValueMicros: 0, vatIncluded: false, provisional: true },
    };
    const item = buildItem(ctx, campaign, [day('2026-11-20'), day('2026-09-30')], stored);
    expect(Object.keys(item.metrics.daily)).toEqual(['2026-09-30', '2026-10-01', '2026-11-20', '2026-12-01']);
    expect(item.metrics.daily['2026-12-01']!.provisional).toBe(true); // inside the window now
    expect(item.metrics.daily['2026-10-01']!.provisional).toBe(false); // outside it now
    expect(stored['2026-12-01']!.provisional).toBe(false); // the stored map is not changed
    expect(item.metrics.totals).toMatchObject({ impressions: 203, from: '2026-09-30', to: '2026-12-01' });
  });
});

describe('marshalItem', () => {
  it('gives what @aws-sdk/util-dynamodb marshall gives (removeUndefinedValues), for built items', () => {
    const items = [
      buildItem(ctx, campaign, [day('2026-12-05'), day('2026-12-04', { conversions: null, conversionValueMicros: null })], undefined),
      buildItem(ctx, { ...campaign, objective: 'SEARCH', endDate: '2027-01-01' }, [], undefined),
    ];
    for (const item of items) expect(marshalItem(item)).toEqual(marshall(item, { removeUndefinedValues: true }));
  });

  it('covers every JSON-like shape, leaves out undefined, and refuses what marshall refuses', () => {
    const value = { s: '', n: -1.25, z: 0, b: false, nul: null, list: [1, 'a', null, undefined, [true], { x: 1 }], map: { nested: { deep: 'y' }, gone: undefined }, empty: {}, none: [] };
    expect(marshalItem(value)).toEqual(marshall(value, { removeUndefinedValues: true }));
    expect(() => marshalItem({ n: Number.NaN })).toThrow(/not allowed/);
    expect(() => marshalItem({ n: 2 ** 60 })).toThrow(/MAX_SAFE_INTEGER/);
    const set = { tags: new Set(['a', 'b']) };
    expect(marshalItem(set)).toEqual(marshall(set, { removeUndefinedValues: true }));
  });
});

// Builds sivera-campaigns items from normalized campaigns and daily figures (plain, testable).
// Item: PK userPlatformAccount = owner#PLATFORM#accountId, SK campaignId; status; ownerId, platform,
// accountId; campaignData (normalized campaign); metrics = { totals, daily: { date: {...} } };
// updatedAt; updatedSort = `${updatedAt}#${campaignId}` (LSI); seenBySync (the last sync that listed it).
//
// Size: DynamoDB items are at most 400 KB. A daily entry is ~150 bytes, so the stored window is capped
// at MAX_DAILY_DAYS most recent days (older days are dropped on write), and if an item would still
// exceed MAX_ITEM_BYTES (it cannot with today's fields; a guard against future fields) the oldest
// days are dropped until it fits. Totals are over the stored days, with their from/to.
import type { Platform } from '../../../api/generated/schema-types.js';
import { daysBetween } from '../../../lib/node/platforms/dates.js';
import type { DailyMetric, NormalizedCampaign } from '../../../lib/node/platforms/types.js';

export const MAX_DAILY_DAYS = 400;
export const MAX_ITEM_BYTES = 350_000;

export interface StoredDay {
  impressions: number;
  clicks: number;
  costMicros: number | string;
  /** null: the platform reported no conversions for the day (unknown, shown as such; never 0). */
  conversions: number | null;
  conversionValueMicros: number | string | null;
  vatIncluded: boolean;
  provisional: boolean;
}

export interface CampaignItem {
  userPlatformAccount: string;
  campaignId: string;
  ownerId: string;
  platform: Platform;
  accountId: string;
  status: string;
  campaignData: Omit<NormalizedCampaign, 'campaignId'>;
  metrics: {
    /** conversions/conversionValueMicros are null when any stored day's are unknown (a partial sum would understate). */
    totals: { impressions: number; clicks: number; costMicros: number | string; conversions: number | null; conversionValueMicros: number | string | null; from: string | null; to: string | null };
    daily: Record<string, StoredDay>;
  };
  updatedAt: string;
  updatedSort: string;
  seenBySync: string;
  /** METRICS_FORMAT: unknown conversions are stored as null (before it, Kakao days held a made-up 0). */
  metricsFormat: number;
}

export const METRICS_FORMAT = 2;

export const partitionKey = (ownerId: string, platform: Platform, accountId: string) => `${ownerId}#${platform}#${accountId}`;

/** Micros as a DynamoDB number when exact in a JS number, else as the decimal string (the readers accept both). */
function micros(s: string | bigint): number | string {
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : String(s);
}

function sumMicros(values: (number | string)[]): number | string {
  let t = 0n;
  for (const v of values) t += BigInt(v);
  return micros(t);
}

/** One per sync, never changed (per-sync results are kept per context object). */
export interface BuildContext {
  readonly ownerId: string;
  readonly platform: Platform;
  readonly accountId: string;
  readonly syncId: string;
  readonly today: string;
  readonly restatementWindowDays: number;
  readonly updatedAt: string;
}

// Whether a day is provisional, per sync: every item of a sync has the same few dozen dates (date parsing
// for each of them was ~0.1 s of a 10,000-campaign sync's CPU).
const provisionalByContext = new WeakMap<BuildContext, Map<string, boolean>>();
function provisionalDays(ctx: BuildContext): Map<string, boolean> {
  let m = provisionalByContext.get(ctx);
  if (!m) provisionalByContext.set(ctx, (m = new Map()));
  return m;
}

export function buildItem(
  ctx: BuildContext,
  campaign: NormalizedCampaign,
  fresh: DailyMetric[],
  previousDaily: Record<string, StoredDay> | undefined,
): CampaignItem {
  const provisional = provisionalDays(ctx);
  const isProvisional = (d: string) => {
    let p = provisional.get(d);
    if (p === undefined) provisional.set(d, (p = daysBetween(d, ctx.today) < ctx.restatementWindowDays));
    return p;
  };
  // Stored days keep their figures (copied, with today's provisional flag); a re-fetched (restated) day
  // replaces the stored one. Each day object is made once, already final: a sync builds ~300,000.
  const daily: Record<string, StoredDay> = {};
  if (previousDaily) for (const d in previousDaily) daily[d] = { ...previousDaily[d]!, provisional: isProvisional(d) };
  for (const m of fresh) {
    daily[m.date] = {
      impressions: m.impressions,
      clicks: m.clicks,
      costMicros: micros(m.costMicros),
      conversions: m.conversions,
      conversionValueMicros: m.conversionValueMicros === null ? null : micros(m.conversionValueMicros),
      vatIncluded: m.vatIncluded,
      provisional: isProvisional(m.date),
    };
  }
  // Kept in date order, the most recent MAX_DAILY_DAYS; usually the days already came in order.
  const dates = Object.keys(daily);
  let kept = daily;
  if (!ascending(dates) || dates.length > MAX_DAILY_DAYS) {
    kept = {};
    for (const d of dates.sort().slice(-MAX_DAILY_DAYS)) kept[d] = daily[d]!;
  }

  const { campaignId, ...campaignData } = campaign;
  const item: CampaignItem = {
    userPlatformAccount: partitionKey(ctx.ownerId, ctx.platform, ctx.accountId),
    campaignId,
    ownerId: ctx.ownerId,
    platform: ctx.platform,
    accountId: ctx.accountId,
    status: campaign.status,
    campaignData,
    metrics: { totals: totalsOf(kept), daily: kept },
    updatedAt: ctx.updatedAt,
    updatedSort: `${ctx.updatedAt}#${campaignId}`,
    seenBySync: ctx.syncId,
    metricsFormat: METRICS_FORMAT,
  };
  if (surelyFits(item)) return item;
  while (Buffer.byteLength(JSON.stringify(item)) > MAX_ITEM_BYTES && Object.keys(item.metrics.daily).length > 0) {
    const oldest = Object.keys(item.metrics.daily).sort()[0]!;
    delete item.metrics.daily[oldest];
    item.metrics.totals = totalsOf(item.metrics.daily);
  }
  return item;
}

function ascending(xs: string[]): boolean {
  for (let i = 1; i < xs.length; i++) if (xs[i - 1]! >= xs[i]!) return false;
  return true;
}

/** Totals of a daily map whose keys are in ascending date order (as buildItem keeps them). */
function totalsOf(daily: Record<string, StoredDay>): CampaignItem['metrics']['totals'] {
  const days = Object.keys(daily);
  let impressions = 0;
  let clicks = 0;
  let conversions = 0;
  // Micros add up exactly as numbers while every value and the running sum are safe integers (the usual
  // case); otherwise in bigint, as before.
  let cost = 0;
  let value = 0;
  let exact = true;
  let known = true; // every day's conversions reported
  for (const d of days) {
    const v = daily[d]!;
    impressions += v.impressions;
    clicks += v.clicks;
    if (v.conversions === null || v.conversionValueMicros === null) known = false;
    else conversions += v.conversions;
    if (exact) {
      if (typeof v.costMicros === 'number' && (typeof v.conversionValueMicros === 'number' || !known)) {
        cost += v.costMicros;
        if (known) value += v.conversionValueMicros as number;
        exact = Number.isSafeInteger(cost) && Number.isSafeInteger(value) && Number.isSafeInteger(v.costMicros) && (!known || Number.isSafeInteger(v.conversionValueMicros));
      } else exact = false;
    }
  }
  const v = days.map((d) => daily[d]!);
  return {
    impressions,
    clicks,
    costMicros: exact ? cost : sumMicros(v.map((d) => d.costMicros)),
    conversions: known ? conversions : null,
    conversionValueMicros: !known ? null : exact ? value : sumMicros(v.map((d) => d.conversionValueMicros as number | string)),
    from: days[0] ?? null,
    to: days[days.length - 1] ?? null,
  };
}

/** An upper bound of a value's JSON size in UTF-8 bytes, without serialising it (numbers, booleans, null, short strings). */
function jsonBound(v: unknown): number {
  switch (typeof v) {
    case 'number':
      return 24; // the longest a finite double prints, e.g. -2.2250738585072014e-308
    case 'boolean':
      return 5;
    case 'string':
      return 2 + 6 * v.length; // every UTF-16 unit is at most 6 bytes escaped (\u00XX) or 3 in UTF-8
    default:
      return v === null ? 4 : Buffer.byteLength(JSON.stringify(v) ?? '');
  }
}

/**
 * Whether the item is certainly within MAX_ITEM_BYTES (as JSON), from an upper bound: the item without
 * its daily map serialised, plus a bound for each day entry. Only when the bound exceeds the limit does
 * the exact (serialising) check run, so the result is the same and the common item is not serialised.
 */
function surelyFits(item: CampaignItem): boolean {
  const { daily, totals } = item.metrics;
  let bound = Buffer.byteLength(JSON.stringify({ ...item, metrics: { totals } })) + 12; // ,"daily":{}
  for (const date in daily) {
    bound += 4 + 6 * date.length; // "date": and a comma
    const day = daily[date] as unknown as Record<string, unknown>;
    bound += 2; // {}
    for (const key in day) bound += 4 + 6 * key.length + jsonBound(day[key]);
    if (bound > MAX_ITEM_BYTES) return false;
  }
  return bound <= MAX_ITEM_BYTES;
}

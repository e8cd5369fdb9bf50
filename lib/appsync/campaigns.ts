// sivera-campaigns items, written by the sync (one per campaign):
//   userPlatformAccount = `${ownerSub}#${PLATFORM}#${accountId}` (PK), campaignId (SK),
//   ownerId, platform, accountId, status (CampaignStatus spelling), updatedAt (ISO 8601 UTC),
//   updatedSort = `${updatedAt}#${campaignId}` (sort key of the LSI `updatedAt-index`: unique, so the
//     newest-first order is total and stable),
//   campaignData = { name, rawStatus, objective, budgetMicros, budgetPeriod, currency, startDate,
//     endDate, timeZone, platformUpdatedAt } (ad-platforms notes §6; money as integer micros, number
//     or decimal string),
//   metrics = { totals: { impressions, clicks, costMicros, conversions, conversionValueMicros, from, to },
//     daily: { 'YYYY-MM-DD': { impressions, clicks, costMicros, conversions, conversionValueMicros,
//     costIncludesVat, provisional } } }.
import { util } from '@aws-appsync/utils';
import type { Campaign, CampaignMetrics, CampaignStatus, DailyMetric, Platform } from '../../api/generated/schema-types';
import { validationError } from './errors';

export const CAMPAIGNS_UPDATED_INDEX = 'updatedAt-index';

type Stored = Record<string, unknown>;

/**
 * The API's Campaign plus the stored daily figures under `_daily`, a property the schema does not
 * have: Campaign.daily filters it without reading the item again, and GraphQL never serializes it.
 */
export type CampaignValue = Omit<Campaign, 'daily'> & { _daily: Record<string, Stored> };

const STATUSES: CampaignStatus[] = ['ACTIVE', 'PAUSED', 'REMOVED', 'ENDED', 'UNKNOWN'];

export function campaignPartition(ownerId: string, platform: Platform, accountId: string): string {
  return `${ownerId}#${platform}#${accountId}`;
}

/** IDs go into the partition key after the verified owner: no '#' (or anything odd) is allowed in. */
export function checkId(field: string, value: unknown): string {
  if (typeof value !== 'string' || !util.matches('^[A-Za-z0-9_.:-]{1,64}$', value)) {
    return validationError(`${field} must be 1-64 letters, digits or _ . : -`, field, 'format');
  }
  return value;
}

export function campaignStatus(value: unknown): CampaignStatus {
  const upper = typeof value === 'string' ? value.toUpperCase() : '';
  return STATUSES.indexOf(upper as CampaignStatus) >= 0 ? (upper as CampaignStatus) : 'UNKNOWN';
}

/** Numbers arrive as numbers, or as decimal strings for micros beyond 2^53 (kept as Float). */
export function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && util.matches('^-?(0|[1-9][0-9]*)(\\.[0-9]+)?$', value)) {
    return JSON.parse(value) as number;
  }
  return null;
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

function toMetrics(totals: unknown): CampaignMetrics | null {
  if (typeof totals !== 'object' || totals === null) return null;
  const t = totals as Stored;
  return {
    impressions: toNumber(t.impressions) ?? 0,
    clicks: toNumber(t.clicks) ?? 0,
    costMicros: toNumber(t.costMicros) ?? 0,
    // Unknown stays unknown (null), never 0: see schema.graphql CampaignMetrics.
    conversions: toNumber(t.conversions),
    conversionValueMicros: toNumber(t.conversions) === null ? null : toNumber(t.conversionValueMicros),
    from: str(t.from),
    to: str(t.to),
  };
}

export function toDailyMetric(date: string, day: Stored): DailyMetric {
  return {
    date,
    impressions: toNumber(day.impressions) ?? 0,
    clicks: toNumber(day.clicks) ?? 0,
    costMicros: toNumber(day.costMicros) ?? 0,
    conversions: toNumber(day.conversions),
    conversionValueMicros: toNumber(day.conversions) === null ? null : toNumber(day.conversionValueMicros),
    vatIncluded: (day.costIncludesVat ?? day.vatIncluded) === true,
    provisional: day.provisional === true,
  };
}

/** Owner, platform and account come from the key that was read (verified), not from the item. */
export function toCampaign(item: Stored, ownerId: string, platform: Platform, accountId: string): CampaignValue {
  const data = (item.campaignData ?? {}) as Stored;
  const metrics = (item.metrics ?? {}) as Stored;
  return {
    campaignId: item.campaignId as string,
    ownerId,
    platform,
    accountId,
    name: str(data.name) ?? (item.campaignId as string),
    status: campaignStatus(item.status ?? data.status),
    rawStatus: str(data.rawStatus),
    objective: str(data.objective),
    budgetMicros: toNumber(data.budgetMicros),
    currency: str(data.currency),
    startDate: str(data.startDate),
    endDate: str(data.endDate),
    metrics: toMetrics(metrics.totals),
    updatedAt: item.updatedAt as string,
    _daily: (metrics.daily ?? {}) as Record<string, Stored>,
  };
}

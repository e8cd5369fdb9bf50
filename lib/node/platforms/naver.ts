// Naver Search Ad API (ad-platforms.md §3): every request HMAC-SHA256-signed over
// "{timestamp}.{METHOD}.{path}" (path without query, secret as UTF-8 bytes, base64 digest), campaigns
// from /ncc/campaigns (a bare array) and daily stats from /stats, one campaign per call because
// timeIncrement=1 works only with a single id. Requests are spaced to stay under the per-customer limit.
import type { CampaignStatus } from '../../../api/generated/schema-types.js';
import { createHmac } from 'node:crypto';
import { dateIn, instantToDate } from './dates.js';
import { realSleep, request, snippet, withRetry } from './http.js';
import { toMicros } from './money.js';
import {
  PlatformError,
  type AccountInfo,
  type AdapterOptions,
  type DailyMetric,
  type DateRange,
  type FailureClass,
  type MetricsPage,
  type NormalizedCampaign,
  type PlatformAdapter,
} from './types.js';

const P = 'NAVER' as const;
const ZONE = 'Asia/Seoul'; // Naver has no account zone field; the UI and reports are KST.

export interface NaverCredentials {
  apiKey: string;
  secretKey: string;
  customerId: string;
}

export function naverSignature(secretKey: string, timestamp: string, method: string, path: string): string {
  return createHmac('sha256', secretKey).update(`${timestamp}.${method.toUpperCase()}.${path}`).digest('base64');
}

/**
 * Problem bodies echo the API key and the signature (`apikey`, `signature`, `detail`): only the type
 * and title are kept, so no secret reaches a message or a log.
 */
export function classifyNaver(status: number, body: unknown, headers: Headers): PlatformError {
  const b = (body ?? {}) as { type?: string; title?: string; code?: number | string; message?: string };
  const problem = typeof b.type === 'string' ? b.type.replace('urn:naver:api:problem:', '') : undefined;
  const code = typeof b.code === 'number' ? b.code : undefined;
  let cls: FailureClass;
  if (problem === 'invalid-signature' || problem === 'invalid-apikey' || problem === 'auth-failed') cls = 'AUTH_INVALID';
  else if (problem === 'invalid-timestamp') cls = 'TRANSIENT'; // our clock; a fresh timestamp may pass
  else if (status === 429 || code === 429 || code === 1016) cls = 'RATE_LIMITED';
  else if (code === 1006 || code === 1018 || (status === 403 && !problem)) cls = 'ACCESS_DENIED';
  else if (status >= 500) cls = 'TRANSIENT';
  else cls = 'INVALID_REQUEST';
  const title = typeof b.title === 'string' && !b.title.includes('<') ? b.title : typeof b.message === 'string' ? b.message : `HTTP ${status}`;
  return new PlatformError(P, cls, snippet(title), {
    status,
    code: problem ?? (code !== undefined ? String(code) : undefined),
    requestId: headers.get('x-transaction-id') ?? undefined,
  });
}

function mapStatus(c: Record<string, unknown>, today: string): CampaignStatus {
  const end = c.usePeriod && typeof c.periodEndDt === 'string' ? instantToDate(c.periodEndDt, ZONE) : null;
  const reason = String(c.statusReason ?? '');
  if (c.status === 'DELETED' || c.delFlag === true) return 'REMOVED';
  if (reason === 'CAMPAIGN_ENDED' || (end !== null && end < today)) return 'ENDED';
  if (c.userLock === true) return 'PAUSED';
  if (c.status === 'ELIGIBLE') return 'ACTIVE';
  // Out of today's budget is still an ON campaign (else the UI would flip every evening).
  if (c.status === 'PAUSED' && /^CAMPAIGN_LIMITED_BY_.*BUDGET$/.test(reason)) return 'ACTIVE';
  if (c.status === 'PAUSED' || c.status === 'SUSPENDED') return 'PAUSED';
  return 'UNKNOWN';
}

export function normalizeNaverCampaign(c: Record<string, unknown>, today: string): NormalizedCampaign {
  const budget = c.useDailyBudget === true && typeof c.dailyBudget === 'number';
  return {
    campaignId: String(c.nccCampaignId),
    name: String(c.name ?? ''),
    status: mapStatus(c, today),
    rawStatus: `${c.status}/${c.statusReason}/userLock=${c.userLock === true}`,
    objective: (c.campaignTp as string) ?? null,
    budgetMicros: budget ? toMicros(String(c.dailyBudget)) : null,
    budgetPeriod: budget ? 'DAILY' : null,
    currency: 'KRW',
    startDate: c.usePeriod && typeof c.periodStartDt === 'string' ? instantToDate(c.periodStartDt, ZONE) : null,
    endDate: c.usePeriod && typeof c.periodEndDt === 'string' ? instantToDate(c.periodEndDt, ZONE) : null,
    timeZone: ZONE,
    platformUpdatedAt: typeof c.editTm === 'string' ? c.editTm : null,
  };
}

export function normalizeNaverStat(campaignId: string, r: Record<string, unknown>): DailyMetric {
  return {
    campaignId,
    date: String(r.dateStart),
    impressions: Number(r.impCnt ?? 0),
    clicks: Number(r.clkCnt ?? 0),
    costMicros: toMicros(String(r.salesAmt ?? 0)),
    conversions: Number(r.ccnt ?? 0),
    conversionValueMicros: toMicros(String(r.convAmt ?? 0)),
    // /stats salesAmt was VAT-exclusive per Naver staff; whether it changed on 2026-03-30 is unconfirmed.
    vatIncluded: false,
  };
}

export function naverAdapter(creds: NaverCredentials, opts: AdapterOptions & { naverMinIntervalMs?: number }): PlatformAdapter {
  const base = (opts.env.NAVER_API_URL ?? 'https://api.searchad.naver.com').replace(/\/$/, '');
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? realSleep;
  const minInterval = opts.naverMinIntervalMs ?? 200; // ≤ 5 requests/s per customer (our policy, §3.5)
  let last = 0;

  async function get(path: string, query?: Record<string, string>): Promise<unknown> {
    return withRetry(opts, async () => {
      const wait = last + minInterval - now();
      if (wait > 0) await sleep(wait);
      last = now();
      const ts = String(now());
      const r = await request(P, `${base}${path}${query ? `?${new URLSearchParams(query)}` : ''}`, {
        method: 'GET',
        headers: {
          'X-Timestamp': ts,
          'X-API-KEY': creds.apiKey,
          'X-Customer': creds.customerId,
          'X-Signature': naverSignature(creds.secretKey, ts, 'GET', path),
        },
      }, opts);
      if (r.status !== 200) throw classifyNaver(r.status, r.json, r.headers);
      return r.json;
    });
  }

  return {
    platform: P,
    restatementWindowDays: 7,
    lastReportableDate: (today) => today,

    async account() {
      return { accountId: creds.customerId, name: null, currency: 'KRW', timeZone: ZONE };
    },

    async *listCampaigns(_account: AccountInfo) {
      const today = dateIn(ZONE, now());
      const list = await get('/ncc/campaigns');
      if (!Array.isArray(list)) throw new PlatformError(P, 'INVALID_REQUEST', 'campaign list is not an array');
      // The API has no paging; hand the list on in slices so downstream batches stay small.
      for (let i = 0; i < list.length; i += 500) yield (list.slice(i, i + 500) as Record<string, unknown>[]).map((c) => normalizeNaverCampaign(c, today));
    },

    async *dailyMetrics(_account, campaignIds, range: DateRange): AsyncGenerator<MetricsPage> {
      for (const id of campaignIds) {
        try {
          const body = (await get('/stats', {
            id,
            fields: JSON.stringify(['impCnt', 'clkCnt', 'salesAmt', 'ccnt', 'convAmt']),
            timeRange: JSON.stringify({ since: range.from, until: range.to }),
            timeIncrement: '1',
          })) as { data?: Record<string, unknown>[] };
          yield { metrics: (body?.data ?? []).map((r) => normalizeNaverStat(id, r)), failures: [] };
        } catch (e) {
          if (e instanceof PlatformError && !e.fatal) {
            yield { metrics: [], failures: [{ unit: `stats of campaign ${id}`, error: e }] };
            continue;
          }
          throw e;
        }
      }
    },
  };
}

// Kakao Moment API (ad-platforms.md §4): Bearer business token plus the adAccountId header; campaigns
// per config value (the parameter is required and a comma list is unconfirmed), and the campaign
// report in ≤ 31-day spans, never today, at most one report call per 5 s per ad account.
import type { CampaignStatus } from '../../../api/generated/schema-types.js';
import { compact, dateIn, addDays, expand, splitRange } from './dates.js';
import { realSleep, request, retryAfterHeader, snippet, withRetry } from './http.js';
import { toMicros } from './money.js';
import {
  PlatformError,
  type AdapterOptions,
  type DailyMetric,
  type DateRange,
  type FailureClass,
  type MetricsPage,
  type NormalizedCampaign,
  type PlatformAdapter,
} from './types.js';

const P = 'KAKAO' as const;
const ZONE = 'Asia/Seoul';
const REPORT_MAX_DAYS = 31;
const REPORT_MAX_IDS = 100;

export interface KakaoCredentials {
  accessToken: string;
  refreshToken?: string;
}

export function classifyKakao(status: number, body: unknown, headers: Headers, reportIntervalMs: number): PlatformError {
  const b = (body ?? {}) as { code?: number; msg?: string; extras?: { detailCode?: number; detailMsg?: string } };
  const code = b.code;
  let cls: FailureClass;
  if (status === 401 || code === -401 || code === -101 || code === -402) cls = 'AUTH_INVALID';
  else if (status === 429 || code === -10) cls = 'RATE_LIMITED';
  else if (code === -5 || code === -12 || (status === 403 && code === -813)) cls = 'ACCESS_DENIED';
  else if (code === -1 || code === -7 || code === -9798 || status >= 500) cls = 'TRANSIENT';
  else cls = 'INVALID_REQUEST';
  const detail = b.extras?.detailMsg ?? b.msg ?? `HTTP ${status}`;
  return new PlatformError(P, cls, snippet(detail), {
    status,
    code: code !== undefined ? `${code}${b.extras?.detailCode ? `/${b.extras.detailCode}` : ''}` : undefined,
    // Kakao's report quota is one call per 5 s: wait at least that long.
    retryAfterMs: cls === 'RATE_LIMITED' ? Math.max(retryAfterHeader(headers) ?? 0, code === -813 ? reportIntervalMs : 0) || undefined : undefined,
  });
}

function mapStatus(c: Record<string, unknown>): CampaignStatus {
  if (c.config === 'DEL') return 'REMOVED';
  if (c.config === 'OFF' || (c.systemConfig !== undefined && c.systemConfig !== 'ON')) return 'PAUSED';
  if (c.config === 'ON') return 'ACTIVE';
  return 'UNKNOWN';
}

export function normalizeKakaoCampaign(c: Record<string, unknown>): NormalizedCampaign {
  const tg = c.campaignTypeGoal as { campaignType?: string; goal?: string } | undefined;
  const budget = typeof c.dailyBudgetAmount === 'number';
  return {
    campaignId: String(c.id),
    name: String(c.name ?? ''),
    status: mapStatus(c),
    rawStatus: `${c.config}/${c.systemConfig ?? 'ON'}`,
    objective: tg?.campaignType ? `${tg.campaignType}/${tg.goal ?? ''}` : null,
    budgetMicros: budget ? toMicros(String(c.dailyBudgetAmount)) : null,
    budgetPeriod: budget ? 'DAILY' : null,
    currency: 'KRW',
    startDate: null, // Kakao schedules live on ad groups
    endDate: null,
    timeZone: ZONE,
    platformUpdatedAt: null,
  };
}

/**
 * Report metric groups: BASIC (imp, click, cost) and the Pixel & SDK conversion group, whose purchase
 * keys are the conversions: `conv_purchase_7d` (count, 7-day attribution) and `conv_purchase_p_7d`
 * (purchase amount, KRW). Group and key names are UNCONFIRMED in ad-platforms.md §4.3 (taken from
 * public integrations); a row without them (no pixel/SDK on the account, or a report without the group)
 * has unknown conversions: null, never 0.
 */
export const KAKAO_METRICS_GROUPS = 'BASIC,PIXEL_SDK_CONVERSION';
export const KAKAO_CONVERSIONS = 'conv_purchase_7d';
export const KAKAO_CONVERSION_VALUE = 'conv_purchase_p_7d';

/** A reported figure (number or decimal string), or null when the key is absent or not a figure. */
function reported(v: unknown): number | string | null {
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return v;
  if (typeof v === 'string' && /^\d+(\.\d+)?$/.test(v)) return v;
  return null;
}

export function normalizeKakaoRow(r: Record<string, unknown>): DailyMetric {
  const m = (r.metrics ?? {}) as Record<string, unknown>;
  const d = (r.dimensions ?? {}) as Record<string, unknown>;
  const conversions = reported(m[KAKAO_CONVERSIONS]);
  const value = reported(m[KAKAO_CONVERSION_VALUE]);
  return {
    campaignId: String(d.campaign_id ?? d.campaignId),
    date: expand(String(r.start)),
    impressions: Number(m.imp ?? 0),
    clicks: Number(m.click ?? 0),
    costMicros: toMicros(String(m.cost ?? 0)),
    conversions: conversions === null ? null : Number(conversions),
    // A count without an amount is still a count; an amount alone means nothing without its count.
    conversionValueMicros: conversions === null ? null : toMicros(value ?? '0'),
    vatIncluded: false,
  };
}

export function kakaoAdapter(creds: KakaoCredentials, accountId: string, opts: AdapterOptions): PlatformAdapter {
  const base = `${(opts.env.KAKAO_API_URL ?? 'https://apis.moment.kakao.com').replace(/\/$/, '')}/openapi/v4`;
  const auth = (opts.env.KAKAO_AUTH_URL ?? 'https://kauth.kakao.com').replace(/\/$/, '');
  const interval = opts.kakaoReportIntervalMs ?? 5_000;
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? realSleep;
  let token = creds.accessToken;
  let refreshed = false;
  let lastReport = 0;

  /** One refresh per sync, and only when the app's REST API key is configured. */
  async function refresh(): Promise<boolean> {
    const clientId = opts.secrets?.kakaoRestApiKey;
    if (refreshed || !creds.refreshToken || !clientId) return false;
    refreshed = true;
    const r = await request(P, `${auth}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: clientId,
        refresh_token: creds.refreshToken,
        ...(opts.secrets?.kakaoClientSecret ? { client_secret: opts.secrets.kakaoClientSecret } : {}),
      }),
    }, opts);
    const body = (r.json ?? {}) as { access_token?: string };
    if (r.status !== 200 || !body.access_token) return false;
    token = body.access_token;
    return true;
  }

  async function get(path: string, query: Record<string, string> = {}): Promise<unknown> {
    for (;;) {
      try {
        return await withRetry(opts, async () => {
          const r = await request(P, `${base}${path}?${new URLSearchParams(query)}`, {
            method: 'GET',
            headers: { authorization: `Bearer ${token}`, adAccountId: accountId },
          }, opts);
          if (r.status !== 200) throw classifyKakao(r.status, r.json, r.headers, interval);
          return r.json;
        });
      } catch (e) {
        if (e instanceof PlatformError && e.failureClass === 'AUTH_INVALID' && e.opts.code?.startsWith('-401') && (await refresh())) continue;
        // The refresh could not run (or was refused) for want of an app secret: the status says which.
        const off = opts.secrets?.unavailable?.KAKAO;
        if (off && creds.refreshToken && e instanceof PlatformError && e.failureClass === 'AUTH_INVALID' && e.opts.code?.startsWith('-401')) {
          throw new PlatformError(P, e.failureClass, `${e.detail} (${off})`, e.opts);
        }
        throw e;
      }
    }
  }

  return {
    platform: P,
    restatementWindowDays: 2,
    // Reports exclude today.
    lastReportableDate: (today) => addDays(today, -1),

    async account() {
      const a = (await get(`/adAccounts/${accountId}`)) as Record<string, unknown>;
      if (a.config === 'DEL' || a.isAdminStop === true) {
        throw new PlatformError(P, 'ACCOUNT_UNAVAILABLE', snippet(String(a.statusDescription ?? 'the ad account is stopped')), { code: `config/${a.config}` });
      }
      return { accountId, name: (a.name as string) ?? null, currency: 'KRW', timeZone: ZONE };
    },

    async *listCampaigns() {
      for (const config of ['ON', 'OFF', 'DEL']) {
        const body = (await get('/campaigns', { config })) as { content?: Record<string, unknown>[] };
        const list = body?.content ?? [];
        if (list.length) yield list.map(normalizeKakaoCampaign);
      }
    },

    async *dailyMetrics(_account, campaignIds, range: DateRange): AsyncGenerator<MetricsPage> {
      const last = addDays(dateIn(ZONE, now()), -1);
      const to = range.to < last ? range.to : last;
      if (!campaignIds.length || range.from > to) return;
      for (let i = 0; i < campaignIds.length; i += REPORT_MAX_IDS) {
        const ids = campaignIds.slice(i, i + REPORT_MAX_IDS);
        for (const span of splitRange(range.from, to, REPORT_MAX_DAYS)) {
          try {
            const wait = lastReport + interval - now();
            if (lastReport && wait > 0) await sleep(wait);
            lastReport = now();
            const body = (await get('/campaigns/report', {
              campaignId: ids.join(','),
              start: compact(span.from),
              end: compact(span.to),
              timeUnit: 'DAY',
              metricsGroup: KAKAO_METRICS_GROUPS,
            })) as { data?: Record<string, unknown>[] };
            lastReport = now();
            yield { metrics: (body?.data ?? []).map(normalizeKakaoRow), failures: [] };
          } catch (e) {
            if (e instanceof PlatformError && !e.fatal) {
              yield { metrics: [], failures: [{ unit: `report ${span.from}..${span.to} for ${ids.length} campaigns`, error: e }] };
              continue;
            }
            throw e;
          }
        }
      }
    },
  };
}

// Meta Marketing API (ad-platforms.md §2): ad account, campaigns (all statuses, so removals show) and
// daily insights (time_increment=1), following cursor paging. The token goes as the access_token
// query parameter, as Meta's own Node SDK sends it; paging links are followed only on the configured
// origin, so the token never reaches another host.
import type { CampaignStatus } from '../../../api/generated/schema-types.js';
import { createHmac } from 'node:crypto';
import { dateIn, instantToDate, splitRange } from './dates.js';
import { request, retryAfterHeader, snippet, withRetry } from './http.js';
import { minorToMicros, toMicros, ZERO_DECIMAL_CURRENCIES } from './money.js';
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

export const META_VERSION = 'v26.0';
const P = 'META' as const;

export interface MetaCredentials {
  accessToken: string;
}

// ARCHIVED campaigns are listed only when asked for; DELETED ones are never returned as an edge of
// the account (Meta: "Manage your ad object's status"), so they surface as campaigns that disappeared
// and the sync's removal sweep marks them REMOVED.
const ALL_STATUSES = ['ACTIVE', 'PAUSED', 'ARCHIVED', 'IN_PROCESS', 'WITH_ISSUES'];

/** Longest regain hint (minutes) in the usage headers, in ms. */
function regainMs(headers: Headers): number | undefined {
  let minutes = 0;
  const buc = headers.get('x-business-use-case-usage');
  if (buc) {
    try {
      for (const entries of Object.values(JSON.parse(buc) as Record<string, { estimated_time_to_regain_access?: number }[]>)) {
        for (const e of entries) minutes = Math.max(minutes, e.estimated_time_to_regain_access ?? 0);
      }
    } catch {
      /* a malformed header gives no hint */
    }
  }
  return minutes > 0 ? minutes * 60_000 : retryAfterHeader(headers);
}

/** Graph errors are classified on code/subcode (the HTTP status varies per code). */
export function classifyMeta(status: number, body: unknown, headers: Headers): PlatformError {
  const e = (body as { error?: { code?: number; error_subcode?: number; message?: string; is_transient?: boolean; fbtrace_id?: string } })?.error;
  const code = e?.code;
  const sub = e?.error_subcode;
  let cls: FailureClass;
  if (code === 190 || code === 102) cls = 'AUTH_INVALID';
  else if (code === 10 || (code !== undefined && code >= 200 && code <= 299)) cls = 'ACCESS_DENIED';
  else if (code === 368) cls = 'ACCOUNT_UNAVAILABLE';
  else if (code === 4 || code === 17 || code === 613 || (code !== undefined && code >= 80000 && code <= 80014)) cls = 'RATE_LIMITED';
  else if (code === 100 && sub === 1487534) cls = 'TOO_MUCH_DATA';
  else if ((code === 100 && sub === 1504018) || (code === 2 && sub === 1504038)) cls = 'TOO_MUCH_DATA';
  else if (code === 1 || code === 2 || e?.is_transient || status >= 500) cls = 'TRANSIENT';
  else if (!e && (status === 429 || status === 503)) cls = status === 429 ? 'RATE_LIMITED' : 'TRANSIENT';
  else cls = 'INVALID_REQUEST';
  return new PlatformError(P, cls, snippet(e?.message ?? `HTTP ${status}`), {
    status,
    code: code !== undefined ? `${code}${sub ? `/${sub}` : ''}` : undefined,
    requestId: e?.fbtrace_id ?? headers.get('x-fb-trace-id') ?? undefined,
    retryAfterMs: cls === 'RATE_LIMITED' ? regainMs(headers) : undefined,
  });
}

function mapStatus(c: Record<string, unknown>, today: string, timeZone: string): CampaignStatus {
  const eff = String(c.effective_status ?? c.status ?? '');
  const stop = typeof c.stop_time === 'string' ? instantToDate(c.stop_time, timeZone) : null;
  if (eff === 'DELETED' || eff === 'ARCHIVED') return 'REMOVED';
  if (stop !== null && stop < today) return 'ENDED';
  if (eff === 'PAUSED' || eff === 'CAMPAIGN_PAUSED') return 'PAUSED';
  if (eff === 'ACTIVE' || eff === 'IN_PROCESS' || eff === 'WITH_ISSUES') return 'ACTIVE';
  return 'UNKNOWN';
}

export function normalizeMetaCampaign(c: Record<string, unknown>, account: AccountInfo, today: string): NormalizedCampaign {
  const offset = ZERO_DECIMAL_CURRENCIES.has(account.currency) ? 1 : 100;
  const daily = c.daily_budget !== undefined && c.daily_budget !== '0';
  const lifetime = c.lifetime_budget !== undefined && c.lifetime_budget !== '0';
  const status = String(c.effective_status ?? c.status ?? 'UNKNOWN');
  return {
    campaignId: String(c.id),
    name: String(c.name ?? ''),
    status: mapStatus(c, today, account.timeZone),
    rawStatus: c.configured_status && c.configured_status !== status ? `${status}/configured=${c.configured_status}` : status,
    objective: (c.objective as string) ?? null,
    budgetMicros: daily ? minorToMicros(c.daily_budget as string, offset) : lifetime ? minorToMicros(c.lifetime_budget as string, offset) : null,
    budgetPeriod: daily ? 'DAILY' : lifetime ? 'LIFETIME' : null,
    currency: account.currency,
    startDate: typeof c.start_time === 'string' ? instantToDate(c.start_time, account.timeZone) : null,
    endDate: typeof c.stop_time === 'string' ? instantToDate(c.stop_time, account.timeZone) : null,
    timeZone: account.timeZone,
    platformUpdatedAt: typeof c.updated_time === 'string' ? new Date(c.updated_time.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')).toISOString() : null,
  };
}

type Action = { action_type?: string; value?: string };

export function normalizeMetaInsight(r: Record<string, unknown>, conversionTypes: Set<string>): DailyMetric {
  const sum = (list: unknown, asMicros: boolean): string | number => {
    let micros = 0n;
    let count = 0;
    for (const a of (Array.isArray(list) ? list : []) as Action[]) {
      if (!a.action_type || !conversionTypes.has(a.action_type)) continue;
      if (asMicros) micros += BigInt(toMicros(a.value ?? '0'));
      else count += Number(a.value ?? 0);
    }
    return asMicros ? micros.toString() : count;
  };
  return {
    campaignId: String(r.campaign_id),
    date: String(r.date_start),
    impressions: Number(r.impressions ?? 0),
    clicks: Number(r.clicks ?? 0),
    costMicros: toMicros((r.spend as string) ?? '0'),
    conversions: sum(r.actions, false) as number,
    conversionValueMicros: sum(r.action_values, true) as string,
    vatIncluded: false,
  };
}

export function metaAdapter(creds: MetaCredentials, accountId: string, opts: AdapterOptions): PlatformAdapter {
  const origin = new URL(opts.env.META_API_URL ?? 'https://graph.facebook.com').origin;
  const base = `${origin}/${META_VERSION}`;
  const act = `act_${accountId.replace(/^act_/, '')}`;
  const conversionTypes = new Set(opts.metaConversionActionTypes ?? ['omni_purchase']);
  const now = opts.now ?? Date.now;
  // ad-platforms.md §2.2: appsecret_proof = hex HMAC-SHA256(access token, key = app secret), on every call.
  const appsecretProof = opts.secrets?.metaAppSecret
    ? createHmac('sha256', opts.secrets.metaAppSecret).update(creds.accessToken).digest('hex')
    : undefined;

  async function get(url: string): Promise<Record<string, unknown>> {
    const u = new URL(url);
    if (u.origin !== origin) throw new PlatformError(P, 'INVALID_REQUEST', 'a paging link pointed at another host; not followed');
    u.searchParams.set('access_token', creds.accessToken);
    if (appsecretProof) u.searchParams.set('appsecret_proof', appsecretProof);
    return withRetry(opts, async () => {
      const r = await request(P, u.toString(), { method: 'GET' }, opts);
      if (r.status !== 200) {
        const e = classifyMeta(r.status, r.json, r.headers);
        // Without the app secret there is no appsecret_proof: an app that requires one refuses the call.
        const off = opts.secrets?.unavailable?.META;
        throw off && e.fatal ? new PlatformError(P, e.failureClass, `${e.detail} (${off})`, e.opts) : e;
      }
      return (r.json ?? {}) as Record<string, unknown>;
    });
  }

  /** Follows `paging.next` until it is absent (a page may be empty and still have one). */
  async function* pages(url: string): AsyncGenerator<Record<string, unknown>[]> {
    for (let next: string | undefined = url; next; ) {
      const page = await get(next);
      yield (page.data ?? []) as Record<string, unknown>[];
      next = (page.paging as { next?: string } | undefined)?.next;
    }
  }

  const qs = (params: Record<string, string>) => new URLSearchParams(params).toString();

  return {
    platform: P,
    restatementWindowDays: 28,
    lastReportableDate: (today) => today,

    async account() {
      const a = await get(`${base}/${act}?${qs({ fields: 'name,currency,timezone_name,account_status' })}`);
      // 1 active, 9 in grace period (still delivering); anything else is disabled, unsettled or closed.
      if (a.account_status !== 1 && a.account_status !== 9) {
        throw new PlatformError(P, 'ACCOUNT_UNAVAILABLE', `the ad account status is ${String(a.account_status)}`, { code: `account_status/${String(a.account_status)}` });
      }
      return { accountId: act.slice(4), name: (a.name as string) ?? null, currency: String(a.currency), timeZone: String(a.timezone_name) };
    },

    async *listCampaigns(account) {
      const today = dateIn(account.timeZone, now());
      const url = `${base}/${act}/campaigns?${qs({
        fields: 'id,name,status,effective_status,configured_status,objective,daily_budget,lifetime_budget,start_time,stop_time,updated_time',
        effective_status: JSON.stringify(ALL_STATUSES),
        limit: '500',
      })}`;
      for await (const data of pages(url)) yield data.map((c) => normalizeMetaCampaign(c, account, today));
    },

    async *dailyMetrics(_account, campaignIds, range: DateRange): AsyncGenerator<MetricsPage> {
      if (!campaignIds.length) return;
      const ranges: DateRange[] = [range];
      while (ranges.length) {
        const r = ranges.shift()!;
        const url = `${base}/${act}/insights?${qs({
          level: 'campaign',
          time_increment: '1',
          time_range: JSON.stringify({ since: r.from, until: r.to }),
          fields: 'campaign_id,date_start,date_stop,impressions,clicks,spend,actions,action_values,account_currency',
          filtering: JSON.stringify([{ field: 'campaign.id', operator: 'IN', value: campaignIds }]),
          use_account_attribution_setting: 'true',
          limit: '500',
        })}`;
        try {
          for await (const data of pages(url)) yield { metrics: data.map((row) => normalizeMetaInsight(row, conversionTypes)), failures: [] };
        } catch (e) {
          if (e instanceof PlatformError && e.failureClass === 'TOO_MUCH_DATA' && r.from < r.to) {
            // Too much data for one call: halve the range and try both halves at once.
            const days = Math.ceil((Date.parse(r.to) - Date.parse(r.from)) / 86_400_000 + 1);
            ranges.unshift(...splitRange(r.from, r.to, Math.ceil(days / 2)));
            continue;
          }
          if (e instanceof PlatformError && !e.fatal) {
            yield { metrics: [], failures: [{ unit: `insights ${r.from}..${r.to} for ${campaignIds.length} campaigns`, error: e }] };
            continue;
          }
          throw e;
        }
      }
    },
  };
}

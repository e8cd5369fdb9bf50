// Google Ads API over REST (ad-platforms.md §1): OAuth refresh-token grant → access token, then GAQL
// through googleAds:searchStream, read incrementally so memory stays bounded by one batch.
// REST with fetch rather than the `google-ads-api` package: that one speaks gRPC and cannot target a
// local HTTP fake, and one code path for production and tests matters more here.
import type { CampaignStatus } from '../../../api/generated/schema-types.js';
import { dateIn } from './dates.js';
import { jsonArrayElements, networkError, open, request, retryAfterHeader, snippet, withRetry } from './http.js';
import { toMicros } from './money.js';
import {
  PlatformError,
  type AccountInfo,
  type AdapterOptions,
  type DailyMetric,
  type DateRange,
  type MetricsPage,
  type NormalizedCampaign,
  type PlatformAdapter,
} from './types.js';

export const GOOGLE_ADS_VERSION = 'v26';

export interface GoogleAdsCredentials {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  customerId: string;
  loginCustomerId?: string;
}

const P = 'GOOGLE_ADS' as const;
type Row = Record<string, Record<string, unknown> | undefined>;

/** Google's error envelope (alone or array-wrapped) → one failure class. HTTP status first, then the detail. */
export function classifyGoogle(status: number, body: unknown, headers?: Headers): PlatformError {
  const envelope = (Array.isArray(body) ? body.find((e) => e && typeof e === 'object' && 'error' in e) : body) as
    | { error?: { code?: number; status?: string; message?: string; details?: unknown[] } }
    | undefined;
  const err = envelope?.error;
  const failure = (err?.details ?? []).find(
    (d): d is { errors?: { errorCode?: Record<string, string>; message?: string; details?: { quotaErrorDetails?: { retryDelay?: string } } }[]; requestId?: string } =>
      typeof d === 'object' && d !== null && String((d as Record<string, unknown>)['@type'] ?? '').endsWith('GoogleAdsFailure'),
  );
  const first = failure?.errors?.[0];
  const [family, value] = Object.entries(first?.errorCode ?? {})[0] ?? [];
  const code = family ? `${family}.${value}` : err?.status;
  const requestId = failure?.requestId ?? headers?.get('request-id') ?? undefined;
  const delay = first?.details?.quotaErrorDetails?.retryDelay;
  const retryAfterMs = delay && /^\d+(\.\d+)?s$/.test(delay) ? Math.ceil(parseFloat(delay) * 1000) : headers ? retryAfterHeader(headers) : undefined;
  const detail = snippet(first?.message ?? err?.message ?? `HTTP ${status}`);
  const httpStatus = status || err?.code || 0;
  const mk = (cls: ConstructorParameters<typeof PlatformError>[1]) => new PlatformError(P, cls, detail, { status: httpStatus, code, requestId, retryAfterMs });
  if (httpStatus === 401 || family === 'authenticationError') return mk('AUTH_INVALID');
  if (httpStatus === 403) return value === 'CUSTOMER_NOT_ENABLED' ? mk('ACCOUNT_UNAVAILABLE') : mk('ACCESS_DENIED');
  if (httpStatus === 429 || family === 'quotaError') return mk('RATE_LIMITED');
  if (httpStatus >= 500 || family === 'internalError') return mk('TRANSIENT');
  return mk('INVALID_REQUEST');
}

function mapStatus(c: Record<string, unknown>, today: string): CampaignStatus {
  const endDate = typeof c.endDateTime === 'string' ? c.endDateTime.slice(0, 10) : null;
  if (c.status === 'REMOVED') return 'REMOVED';
  if (c.servingStatus === 'ENDED' || c.primaryStatus === 'ENDED' || (endDate !== null && endDate < today)) return 'ENDED';
  if (c.status === 'PAUSED') return 'PAUSED';
  if (c.status === 'ENABLED') return 'ACTIVE';
  return 'UNKNOWN';
}

export function normalizeGoogleCampaign(row: Row, account: AccountInfo, today: string): NormalizedCampaign {
  const c = row.campaign ?? {};
  const b = row.campaignBudget;
  const daily = b?.amountMicros !== undefined;
  const total = b?.totalAmountMicros !== undefined;
  const objective = [c.advertisingChannelType, c.advertisingChannelSubType].filter(Boolean).join('/');
  return {
    campaignId: String(c.id),
    name: String(c.name ?? ''),
    status: mapStatus(c, today),
    rawStatus: `${c.status ?? 'UNSPECIFIED'}/serving=${c.servingStatus ?? 'UNSPECIFIED'}/primary=${c.primaryStatus ?? 'UNSPECIFIED'}`,
    objective: objective || null,
    budgetMicros: daily ? String(b!.amountMicros) : total ? String(b!.totalAmountMicros) : null,
    budgetPeriod: daily ? 'DAILY' : total ? (b!.period === 'CUSTOM_PERIOD' ? 'CUSTOM' : 'LIFETIME') : null,
    currency: account.currency,
    startDate: typeof c.startDateTime === 'string' ? c.startDateTime.slice(0, 10) : null,
    endDate: typeof c.endDateTime === 'string' ? c.endDateTime.slice(0, 10) : null,
    timeZone: account.timeZone,
    platformUpdatedAt: null,
  };
}

export function normalizeGoogleMetric(row: Row): DailyMetric {
  const m = row.metrics ?? {};
  return {
    campaignId: String(row.campaign?.id),
    date: String(row.segments?.date),
    impressions: Number(m.impressions ?? 0),
    clicks: Number(m.clicks ?? 0),
    costMicros: String(m.costMicros ?? '0'),
    conversions: Number(m.conversions ?? 0),
    conversionValueMicros: toMicros((m.conversionsValue as number | undefined) ?? 0),
    vatIncluded: false,
  };
}

export function googleAdsAdapter(creds: GoogleAdsCredentials, opts: AdapterOptions): PlatformAdapter {
  const api = `${(opts.env.GOOGLE_ADS_API_URL ?? 'https://googleads.googleapis.com').replace(/\/$/, '')}/${GOOGLE_ADS_VERSION}`;
  const oauth = (opts.env.GOOGLE_OAUTH_URL ?? 'https://oauth2.googleapis.com').replace(/\/$/, '');
  const customerId = creds.customerId.replaceAll('-', '');
  const now = opts.now ?? Date.now;
  let token: { value: string; expiresAt: number } | null = null;

  async function accessToken(force = false): Promise<string> {
    if (!force && token && token.expiresAt - 60_000 > now()) return token.value;
    const res = await withRetry(opts, async () => {
      const r = await request(P, `${oauth}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'refresh_token', client_id: creds.clientId, client_secret: creds.clientSecret, refresh_token: creds.refreshToken }),
      }, opts);
      if (r.status >= 500) throw new PlatformError(P, 'TRANSIENT', `token endpoint HTTP ${r.status}`, { status: r.status });
      if (r.status === 429) throw new PlatformError(P, 'RATE_LIMITED', 'token endpoint throttled', { status: 429, retryAfterMs: retryAfterHeader(r.headers) });
      return r;
    });
    const body = (res.json ?? {}) as { access_token?: string; expires_in?: number; error?: string };
    if (res.status !== 200 || !body.access_token) {
      // invalid_grant (expired/revoked refresh token) and invalid_client: a retry cannot help.
      const code = body.error ?? `HTTP ${res.status}`;
      const cls = body.error === 'invalid_grant' || body.error === 'invalid_client' || body.error === 'unauthorized_client' ? 'AUTH_INVALID' : 'INVALID_REQUEST';
      throw new PlatformError(P, cls, cls === 'AUTH_INVALID' ? 'the OAuth refresh token was rejected (expired or revoked); reconnect the account' : 'token request failed', { status: res.status, code });
    }
    token = { value: body.access_token, expiresAt: now() + (body.expires_in ?? 3600) * 1000 };
    return token.value;
  }

  /**
   * Runs one GAQL query through searchStream and yields its batches' rows. Failures before the first
   * batch are retried (and a 401 refreshes the token once); a failure after rows were yielded is thrown,
   * because replaying would yield them twice.
   */
  async function* stream(query: string): AsyncGenerator<Row[]> {
    let refreshed = false;
    let yielded = false;
    const attemptOnce = async function* (): AsyncGenerator<Row[]> {
      const headers: Record<string, string> = {
        authorization: `Bearer ${await accessToken()}`,
        'content-type': 'application/json',
      };
      if (creds.loginCustomerId) headers['login-customer-id'] = creds.loginCustomerId.replaceAll('-', '');
      const res = await open(P, `${api}/customers/${customerId}/googleAds:searchStream`, { method: 'POST', headers, body: JSON.stringify({ query }) }, opts);
      if (res.status !== 200 || !res.body) {
        const text = await res.text().catch(() => '');
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          body = undefined;
        }
        throw classifyGoogle(res.status, body, res.headers);
      }
      try {
        for await (const el of jsonArrayElements(res.body)) {
          const batch = el as { results?: Row[]; error?: unknown };
          if (batch.error) throw classifyGoogle(0, batch, res.headers);
          if (batch.results?.length) {
            yielded = true;
            yield batch.results;
          }
        }
      } catch (e) {
        if (e instanceof PlatformError) throw e;
        throw networkError(P, e);
      }
    };
    for (let attempt = 0; ; attempt++) {
      try {
        // Retries happen only while nothing was yielded; withRetry does the waiting.
        const gen = await withRetry(opts, async () => {
          const g = attemptOnce();
          const first = await g.next();
          return { g, first };
        });
        if (!gen.first.done) yield gen.first.value;
        for (let r = await gen.g.next(); !r.done; r = await gen.g.next()) yield r.value;
        return;
      } catch (e) {
        if (e instanceof PlatformError && e.failureClass === 'AUTH_INVALID' && !refreshed && !yielded && e.opts.status === 401) {
          refreshed = true; // An expired or revoked access token: refresh once, then give up.
          await accessToken(true);
          continue;
        }
        throw e;
      }
    }
  }

  return {
    platform: P,
    restatementWindowDays: 30,
    lastReportableDate: (today) => today,

    async account() {
      for await (const rows of stream('SELECT customer.id, customer.descriptive_name, customer.currency_code, customer.time_zone, customer.status FROM customer')) {
        const c = rows[0]?.customer ?? {};
        if (c.status !== 'ENABLED') {
          throw new PlatformError(P, 'ACCOUNT_UNAVAILABLE', `the customer account is ${String(c.status ?? 'unknown').toLowerCase()}`, { code: `customer.status.${c.status}` });
        }
        return { accountId: String(c.id ?? customerId), name: (c.descriptiveName as string) ?? null, currency: String(c.currencyCode), timeZone: String(c.timeZone) };
      }
      throw new PlatformError(P, 'ACCESS_DENIED', 'the customer query returned no row');
    },

    async *listCampaigns(account) {
      const today = dateIn(account.timeZone, now());
      const q =
        'SELECT campaign.id, campaign.name, campaign.status, campaign.serving_status, campaign.primary_status, ' +
        'campaign.advertising_channel_type, campaign.advertising_channel_sub_type, campaign.start_date_time, campaign.end_date_time, ' +
        'campaign_budget.amount_micros, campaign_budget.total_amount_micros, campaign_budget.period FROM campaign';
      for await (const rows of stream(q)) yield rows.map((r) => normalizeGoogleCampaign(r, account, today));
    },

    async *dailyMetrics(_account, campaignIds, range: DateRange): AsyncGenerator<MetricsPage> {
      if (!campaignIds.length) return;
      for (const id of campaignIds) if (!/^\d+$/.test(id)) throw new PlatformError(P, 'INVALID_REQUEST', 'campaign ids must be numeric');
      const q =
        'SELECT campaign.id, segments.date, metrics.impressions, metrics.clicks, metrics.cost_micros, metrics.conversions, metrics.conversions_value ' +
        `FROM campaign WHERE segments.date BETWEEN '${range.from}' AND '${range.to}' AND campaign.id IN (${campaignIds.join(', ')})`;
      try {
        for await (const rows of stream(q)) yield { metrics: rows.map(normalizeGoogleMetric), failures: [] };
      } catch (e) {
        if (e instanceof PlatformError && !e.fatal) {
          yield { metrics: [], failures: [{ unit: `metrics ${range.from}..${range.to} for ${campaignIds.length} campaigns`, error: e }] };
          return;
        }
        throw e;
      }
    },
  };
}

// Google Ads API fake (ad-platforms.md §1, §9.2): OAuth token endpoint, googleAds:search (paged) and
// googleAds:searchStream (one JSON array of batches, written batch by batch). A GAQL recognizer, not a
// parser: it knows the sync's three queries and rejects anything else like the API rejects bad GAQL.
import { randomBytes } from 'node:crypto';
import { addDays, daysBetween } from '../../lib/node/platforms/dates.js';
import { toMicros } from '../../lib/node/platforms/money.js';
import { googleFailure } from './errors.js';
import { generateDaily } from './fixtures.js';
import type { FakeRequest, FakeResponse, FakeState, PlatformFake, StoredAccount } from './server-kit.js';
import type { SeedAccount, SeedCampaign, SeedDaily } from './types.js';

const VERSION = 'v26';

const CUSTOMER_FIELDS = 'customer.id, customer.descriptive_name, customer.currency_code, customer.time_zone, customer.status';
const CAMPAIGN_FIELDS = [
  'campaign.id', 'campaign.name', 'campaign.status', 'campaign.serving_status', 'campaign.primary_status',
  'campaign.advertising_channel_type', 'campaign.advertising_channel_sub_type', 'campaign.start_date_time',
  'campaign.end_date_time', 'campaign_budget.amount_micros', 'campaign_budget.total_amount_micros', 'campaign_budget.period',
];
const METRIC_FIELDS = ['campaign.id', 'segments.date', 'metrics.impressions', 'metrics.clicks', 'metrics.cost_micros', 'metrics.conversions', 'metrics.conversions_value'];

type Query =
  | { kind: 'customer' }
  | { kind: 'campaigns' }
  | { kind: 'metrics'; from: string; to: string; ids: Set<string> | null };

const lowerCamel = (f: string) => f.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

function recognize(q: string): Query | { error: string } {
  const s = q.replace(/\s+/g, ' ').trim();
  const m = /^SELECT (.+?) FROM (\w+)(?: WHERE (.+))?$/i.exec(s);
  if (!m) return { error: 'UNEXPECTED_END_OF_QUERY' };
  const fields = m[1]!.split(',').map((f) => f.trim());
  const from = m[2]!;
  const where = m[3];
  if (fields.some((f) => f === 'campaign.start_date' || f === 'campaign.end_date')) return { error: 'UNRECOGNIZED_FIELD' };
  if (from === 'customer' && !where && fields.join(', ') === CUSTOMER_FIELDS) return { kind: 'customer' };
  if (from !== 'campaign') return { error: 'INVALID_RESOURCE_NAME' };
  if (!where) return fields.every((f) => CAMPAIGN_FIELDS.includes(f)) ? { kind: 'campaigns' } : { error: 'UNRECOGNIZED_FIELD' };
  if (!fields.every((f) => METRIC_FIELDS.includes(f))) return { error: 'UNRECOGNIZED_FIELD' };
  const w = /^segments\.date BETWEEN '(\d{4}-\d{2}-\d{2})' AND '(\d{4}-\d{2}-\d{2})'(?: AND campaign\.id IN \(([\d, ]+)\))?$/.exec(where);
  if (!w) return { error: 'INVALID_ARGUMENT_TYPE' };
  return { kind: 'metrics', from: w[1]!, to: w[2]!, ids: w[3] ? new Set(w[3].split(',').map((x) => x.trim())) : null };
}

const STATUS: Record<SeedCampaign['state'], [string, string, string]> = {
  ACTIVE: ['ENABLED', 'SERVING', 'ELIGIBLE'],
  BUDGET_LIMITED: ['ENABLED', 'SERVING', 'LIMITED'],
  PAUSED: ['PAUSED', 'NONE', 'PAUSED'],
  ENDED: ['ENABLED', 'ENDED', 'ENDED'],
  REMOVED: ['REMOVED', 'NONE', 'REMOVED'],
};

export function googleCampaignRow(a: SeedAccount, c: SeedCampaign): Record<string, unknown> {
  const [status, servingStatus, primaryStatus] = STATUS[c.state];
  const campaign: Record<string, unknown> = {
    resourceName: `customers/${a.accountId}/campaigns/${c.id}`,
    id: c.id,
    name: c.name,
    status,
    servingStatus,
    primaryStatus,
    advertisingChannelType: c.objective,
  };
  if (c.startDate) campaign.startDateTime = `${c.startDate} 00:00:00`;
  if (c.endDate) campaign.endDateTime = `${c.endDate} 23:59:59`;
  const row: Record<string, unknown> = { campaign };
  if (c.dailyBudget !== null) {
    row.campaignBudget = { resourceName: `customers/${a.accountId}/campaignBudgets/${c.id}`, amountMicros: toMicros(c.dailyBudget), period: 'DAILY' };
  }
  return row;
}

export function googleMetricRow(a: SeedAccount, d: SeedDaily): Record<string, unknown> {
  return {
    campaign: { resourceName: `customers/${a.accountId}/campaigns/${d.campaignId}`, id: d.campaignId },
    segments: { date: d.date },
    metrics: {
      impressions: String(d.impressions),
      clicks: String(d.clicks),
      costMicros: toMicros(d.cost),
      conversions: d.conversions,
      conversionsValue: Number(d.conversionValue),
    },
  };
}

/** JSON.stringify for a number, as text to splice in. */
const jsonNumber = (n: number) => (Number.isFinite(n) ? String(n) : 'null');

/**
 * `JSON.stringify(googleMetricRow(a, d))`, written as text: a 10,000-campaign stream is 300,000 rows, and
 * building each as objects and serialising them was half of this fake's CPU, beside the sync it serves on
 * the same machine. `prefixes` keeps each campaign's constant head for the request.
 */
export function googleMetricRowJson(a: SeedAccount, d: SeedDaily, prefixes = new Map<string, string>()): string {
  let head = prefixes.get(d.campaignId);
  if (head === undefined) {
    head = `{"campaign":${JSON.stringify({ resourceName: `customers/${a.accountId}/campaigns/${d.campaignId}`, id: d.campaignId })},"segments":{"date":`;
    prefixes.set(d.campaignId, head);
  }
  // toMicros gives digits and at most a minus sign: safe inside quotes as it is.
  return `${head}${JSON.stringify(d.date)}},"metrics":{"impressions":${JSON.stringify(String(d.impressions))},"clicks":${JSON.stringify(String(d.clicks))},"costMicros":"${toMicros(d.cost)}","conversions":${jsonNumber(d.conversions)},"conversionsValue":${jsonNumber(Number(d.conversionValue))}}}`;
}

function* rowsFor(a: SeedAccount, q: Query, state: FakeState): Generator<Record<string, unknown>> {
  if (q.kind === 'customer') {
    yield {
      customer: {
        resourceName: `customers/${a.accountId}`,
        id: a.accountId,
        descriptiveName: a.name,
        currencyCode: a.currency,
        timeZone: a.timeZone,
        status: a.disabled ? 'CANCELED' : 'ENABLED',
      },
    };
    return;
  }
  if (q.kind === 'campaigns') {
    for (const c of a.campaigns) yield googleCampaignRow(a, c);
    return;
  }
  for (const d of dailyFor(a, q, state)) yield googleMetricRow(a, d);
}

/** A metrics query's campaign-days, date-major like the API's default order; all-zero days are omitted. */
function* dailyFor(a: SeedAccount, q: Extract<Query, { kind: 'metrics' }>, state: FakeState): Generator<SeedDaily> {
  const today = state.today(a);
  const ids = q.ids;
  // Filtered once, not per date: a sync asks for 1,000 of an account's campaigns at a time.
  const campaigns = ids ? a.campaigns.filter((c) => ids.has(c.id)) : a.campaigns;
  for (let d = q.from; d <= q.to; d = addDays(d, 1)) {
    const age = daysBetween(d, today);
    for (const c of campaigns) {
      const row = generateDaily(a, c, d, today, age);
      if (row && (row.impressions || row.clicks || Number(row.cost) || row.conversions)) yield row;
    }
  }
}

/** The query's rows as JSON texts (metrics rows written directly, the rest serialised). */
function* rowTexts(a: SeedAccount, q: Query, state: FakeState): Generator<string> {
  if (q.kind !== 'metrics') {
    for (const row of rowsFor(a, q, state)) yield JSON.stringify(row);
    return;
  }
  const prefixes = new Map<string, string>();
  for (const d of dailyFor(a, q, state)) yield googleMetricRowJson(a, d, prefixes);
}

function fieldMask(q: Query): string {
  const f = q.kind === 'customer' ? CUSTOMER_FIELDS.split(', ') : q.kind === 'campaigns' ? CAMPAIGN_FIELDS : METRIC_FIELDS;
  return f.map((x) => x.split('.').map(lowerCamel).join('.')).join(',');
}

const fail = (stream: boolean, status: number, body: { error: unknown }): FakeResponse => ({ status, json: stream ? [body] : body });

export function googleAdsFake(): PlatformFake {
  const tokens = new Map<string, { accountId: string; expiresAt: number }>();
  return {
  platform: 'GOOGLE_ADS',
  reset: () => tokens.clear(),
  onRevoke(account: StoredAccount) {
    for (const [t, v] of tokens) if (v.accountId === account.accountId) tokens.delete(t);
  },

  async handle(req: FakeRequest, state: FakeState, fault): Promise<FakeResponse> {
    if (req.method === 'POST' && req.path === '/token') {
      const form = new URLSearchParams(req.body);
      if (form.get('grant_type') !== 'refresh_token') return { status: 400, json: { error: 'unsupported_grant_type', error_description: 'Invalid grant_type' } };
      const account = [...state.accounts.values()].find(
        (a) => a.credentials.clientId === form.get('client_id') && a.credentials.clientSecret === form.get('client_secret'),
      );
      if (!account) return { status: 401, json: { error: 'invalid_client', error_description: 'Unauthorized' } };
      if (account.revoked || account.credentials.refreshToken !== form.get('refresh_token')) {
        return { status: 400, json: { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' } };
      }
      const token = `ya29.${randomBytes(24).toString('base64url')}`;
      tokens.set(token, { accountId: account.accountId, expiresAt: state.now() + 3599_000 });
      return { status: 200, json: { access_token: token, expires_in: 3599, scope: 'https://www.googleapis.com/auth/adwords', token_type: 'Bearer' } };
    }

    const m = /^\/(v\d+)\/customers\/(\d+)\/googleAds:(search|searchStream)$/.exec(req.path);
    if (req.method !== 'POST' || !m) return { status: 404, json: { error: { code: 404, message: 'Not Found', status: 'NOT_FOUND' } } };
    const [, version, customerId, method] = m as unknown as [string, string, string, string];
    const stream = method === 'searchStream';
    const requestId = randomBytes(8).toString('hex');
    if (version !== VERSION) {
      return fail(stream, 400, googleFailure(400, 'INVALID_ARGUMENT', { requestError: 'UNSUPPORTED_VERSION' }, `Version ${version} is deprecated.`));
    }
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const tok = bearer ? tokens.get(bearer) : undefined;
    if (!tok || tok.expiresAt <= state.now()) {
      return fail(stream, 401, googleFailure(401, 'UNAUTHENTICATED', { authenticationError: tok ? 'OAUTH_TOKEN_EXPIRED' : 'OAUTH_TOKEN_INVALID' }, 'Request had invalid authentication credentials.'));
    }
    const account = state.accounts.get(customerId);
    if (!account || tok.accountId !== customerId) {
      return fail(stream, 403, googleFailure(403, 'PERMISSION_DENIED', { authorizationError: 'USER_PERMISSION_DENIED' }, "User doesn't have permission to access customer."));
    }
    const login = req.headers['login-customer-id'];
    if (login !== undefined && login !== customerId && login !== account.credentials.loginCustomerId) {
      return fail(stream, 403, googleFailure(403, 'PERMISSION_DENIED', { authorizationError: 'INVALID_LOGIN_CUSTOMER_ID_SERVING_CUSTOMER_ID_COMBINATION' }, 'The login customer id does not manage this customer.'));
    }
    if (account.disabled) {
      return fail(stream, 403, googleFailure(403, 'PERMISSION_DENIED', { authorizationError: 'CUSTOMER_NOT_ENABLED' }, 'The customer account is not enabled.'));
    }
    let body: { query?: unknown; pageToken?: unknown; pageSize?: unknown };
    try {
      body = JSON.parse(req.body || '{}');
    } catch {
      return fail(stream, 400, { error: { code: 400, message: 'Invalid JSON payload received.', status: 'INVALID_ARGUMENT' } });
    }
    if (body.pageSize !== undefined) {
      return fail(stream, 400, googleFailure(400, 'INVALID_ARGUMENT', { requestError: 'PAGE_SIZE_NOT_SUPPORTED' }, 'Setting the page size is not supported.'));
    }
    const q = typeof body.query === 'string' ? recognize(body.query) : { error: 'REQUIRED_FIELD_MISSING' };
    if ('error' in q) return fail(stream, 400, googleFailure(400, 'INVALID_ARGUMENT', { queryError: q.error }, 'Error in query.'));
    const mask = fieldMask(q);

    if (!stream) {
      const pageSize = state.options.googlePageSize;
      let offset = 0;
      const qhash = Buffer.from(String(body.query)).toString('base64').slice(0, 24);
      if (typeof body.pageToken === 'string') {
        const t = JSON.parse(Buffer.from(body.pageToken, 'base64url').toString() || '{}') as { q?: string; o?: number };
        if (t.q !== qhash) return fail(false, 400, googleFailure(400, 'INVALID_ARGUMENT', { requestError: 'INVALID_PAGE_TOKEN' }, 'Page token is invalid.'));
        offset = t.o ?? 0;
      }
      const results: unknown[] = [];
      let i = 0;
      let more = false;
      for (const row of rowsFor(account, q, state)) {
        if (i >= offset + pageSize) {
          more = true;
          break;
        }
        if (i >= offset) results.push(row);
        i++;
      }
      const out: Record<string, unknown> = { results, fieldMask: mask, queryResourceConsumption: '12' };
      if (more) out.nextPageToken = Buffer.from(JSON.stringify({ q: qhash, o: offset + pageSize })).toString('base64url');
      return { status: 200, headers: { 'request-id': requestId }, json: out };
    }

    const batchSize = state.options.googleStreamBatchSize;
    const errorAfter = fault?.streamErrorAfterBatches;
    const errorBody = fault?.body;
    async function* chunks(): AsyncGenerator<string> {
      yield '[';
      let batch: string[] = [];
      let sent = 0;
      // As JSON.stringify({ results, fieldMask, requestId }) writes it, from rows already in JSON.
      const tail = `],"fieldMask":${JSON.stringify(mask)},"requestId":${JSON.stringify(requestId)}}`;
      const flush = () => {
        const s = `${sent ? ',' : ''}{"results":[${batch.join(',')}${tail}`;
        sent++;
        batch = [];
        return s;
      };
      for (const row of rowTexts(account!, q as Query, state)) {
        batch.push(row);
        if (batch.length >= batchSize) {
          yield flush();
          if (errorAfter !== undefined && sent >= errorAfter) {
            yield `,${JSON.stringify(errorBody ?? googleFailure(500, 'INTERNAL', { internalError: 'TRANSIENT_ERROR' }, 'Stream interrupted.'))}]`;
            return;
          }
        }
      }
      if (batch.length || sent === 0) yield flush();
      if (errorAfter !== undefined && sent >= errorAfter) {
        yield `,${JSON.stringify(errorBody ?? googleFailure(500, 'INTERNAL', { internalError: 'TRANSIENT_ERROR' }, 'Stream interrupted.'))}`;
      }
      yield ']';
    }
    return { status: 200, headers: { 'content-type': 'application/json; charset=UTF-8', 'request-id': requestId }, chunks: chunks() };
  },

  raw(account, state, from, to) {
    const q: Query = { kind: 'metrics', from, to, ids: null };
    return {
      account: [...rowsFor(account, { kind: 'customer' }, state)][0],
      campaigns: [...rowsFor(account, { kind: 'campaigns' }, state)],
      daily: from && to ? [...rowsFor(account, q, state)] : [],
    };
  },
};
}

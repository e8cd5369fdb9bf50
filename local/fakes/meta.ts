// Meta Marketing API fake (ad-platforms.md §2, §9.3): ad account, campaigns and insights with cursor
// paging (absolute `paging.next` on the fake's own origin), usage headers on every answer, and Graph
// error bodies classified by code/subcode.
import { createHmac } from 'node:crypto';
import { daysBetween } from '../../lib/node/platforms/dates.js';
import { toMicros, ZERO_DECIMAL_CURRENCIES } from '../../lib/node/platforms/money.js';
import { metaError } from './errors.js';
import { dailyRows } from './fixtures.js';
import type { FakeRequest, FakeResponse, FakeState, PlatformFake } from './server-kit.js';
import type { SeedAccount, SeedCampaign, SeedDaily } from './types.js';

const VERSION = 'v26.0';

/** "+09:00"-style offset of a zone on a date, rendered the Graph way ("+0900"). */
function graphOffset(timeZone: string, date: string): string {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(new Date(`${date}T12:00:00Z`))
    .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return m ? `${m[1]}${m[2]}${m[3]}` : '+0000';
}

function minorUnits(account: SeedAccount, amount: string): string {
  const offset = ZERO_DECIMAL_CURRENCIES.has(account.currency) ? 1n : 100n;
  return ((BigInt(toMicros(amount)) * offset) / 1_000_000n).toString();
}

export function metaCampaign(a: SeedAccount, c: SeedCampaign): Record<string, unknown> {
  // Every 6th campaign is REMOVED (fixtures.makeCampaigns): they alternate between ARCHIVED and DELETED.
  const removed = c.state === 'REMOVED' ? ((BigInt(c.id) / 6n) % 2n === 0n ? 'ARCHIVED' : 'DELETED') : null;
  const status = removed ?? (c.state === 'PAUSED' ? 'PAUSED' : 'ACTIVE');
  const out: Record<string, unknown> = {
    id: c.id,
    name: c.name,
    status,
    configured_status: status,
    effective_status: status,
    objective: c.objective,
    updated_time: c.updatedAt.replace(/\.\d{3}Z$/, '+0000'),
  };
  if (c.dailyBudget !== null) out.daily_budget = minorUnits(a, c.dailyBudget);
  if (c.startDate) out.start_time = `${c.startDate}T00:00:00${graphOffset(a.timeZone, c.startDate)}`;
  if (c.endDate) out.stop_time = `${c.endDate}T23:59:59${graphOffset(a.timeZone, c.endDate)}`;
  return out;
}

export function metaInsightRow(a: SeedAccount, d: SeedDaily): Record<string, unknown> {
  const row: Record<string, unknown> = {
    campaign_id: d.campaignId,
    date_start: d.date,
    date_stop: d.date,
    impressions: String(d.impressions),
    clicks: String(d.clicks),
    spend: d.cost,
    account_currency: a.currency,
  };
  // One purchase is reported under several overlapping action types, as the real API does.
  if (d.clicks) {
    row.actions = [
      { action_type: 'link_click', value: String(d.clicks) },
      ...(d.conversions
        ? [
            { action_type: 'omni_purchase', value: String(d.conversions) },
            { action_type: 'purchase', value: String(d.conversions) },
            { action_type: 'offsite_conversion.fb_pixel_purchase', value: String(d.conversions) },
          ]
        : []),
    ];
  }
  if (d.conversions) {
    row.action_values = [
      { action_type: 'omni_purchase', value: d.conversionValue },
      { action_type: 'purchase', value: d.conversionValue },
    ];
  }
  return row;
}

const DEFAULT_STATUSES = ['ACTIVE', 'PAUSED', 'IN_PROCESS', 'WITH_ISSUES'];

function pick(obj: Record<string, unknown>, fields: string[] | null): Record<string, unknown> {
  if (!fields) return obj;
  return Object.fromEntries(fields.filter((f) => f in obj).map((f) => [f, obj[f]]));
}

function parseJson<T>(s: string | null): T | undefined | 'invalid' {
  if (s === null) return undefined;
  try {
    return JSON.parse(s) as T;
  } catch {
    return 'invalid';
  }
}

export function metaFake(): PlatformFake {
  const calls = new Map<string, number>();
  return {
    platform: 'META',
    reset: () => calls.clear(),
    commonHeaders: () => ({ 'x-fb-trace-id': Math.random().toString(36).slice(2) }),

    async handle(req: FakeRequest, state: FakeState): Promise<FakeResponse> {
      const m = /^\/(v\d+\.\d+)\/act_(\d+)(\/campaigns|\/insights)?$/.exec(req.path);
      const bad = (status: number, body: unknown, headers: Record<string, string> = {}): FakeResponse => ({ status, json: body, headers });
      if (!m || req.method !== 'GET') return bad(400, metaError(100, 'Unsupported get request.', { type: 'GraphMethodException' }));
      const [, version, accountId, edge] = m as unknown as [string, string, string, string | undefined];
      if (version !== VERSION) return bad(400, metaError(2635, `(#2635) You are calling a deprecated version of the Ads API. Please update to the latest version: ${VERSION}.`));
      const token = req.query.get('access_token') ?? /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      const account = state.accounts.get(accountId);
      const owner = [...state.accounts.values()].find((a) => a.credentials.accessToken === token);
      if (!token || !owner) return bad(400, metaError(190, 'Invalid OAuth access token - Cannot parse access token'));
      if (owner.revoked) {
        return bad(400, metaError(190, 'Error validating access token: The session has been invalidated because the user changed their password.', { subcode: 460 }));
      }
      // appsecret_proof (ad-platforms.md §2.2): checked whenever sent, required when the app demands it.
      const proof = req.query.get('appsecret_proof');
      if (owner.metaAppSecret && !proof) {
        return bad(400, metaError(100, 'API calls from the server require an appsecret_proof argument', { type: 'GraphMethodException' }));
      }
      if (proof !== null && (!owner.metaAppSecret || proof !== createHmac('sha256', owner.metaAppSecret).update(token).digest('hex'))) {
        return bad(400, metaError(100, 'Invalid appsecret_proof provided in the API argument', { type: 'GraphMethodException' }));
      }
      if (!account || owner.accountId !== accountId) {
        return bad(403, metaError(200, '(#200) Ad account owner has NOT grant ads_management or ads_read permission'));
      }
      const n = (calls.get(accountId) ?? 0) + 1;
      calls.set(accountId, n);
      const usage = Math.min(99, n);
      const headers = {
        'x-business-use-case-usage': JSON.stringify({
          [accountId]: [{ type: edge === '/insights' ? 'ads_insights' : 'ads_management', call_count: usage, total_cputime: Math.floor(usage / 2), total_time: Math.floor(usage / 2), estimated_time_to_regain_access: 0, ads_api_access_tier: 'standard_access' }],
        }),
        'x-app-usage': JSON.stringify({ call_count: Math.floor(usage / 3), total_cputime: 1, total_time: 1 }),
        'x-fb-trace-id': Math.random().toString(36).slice(2),
      };
      const fields = req.query.get('fields')?.split(',').map((f) => f.trim()) ?? null;

      if (!edge) {
        const acct = {
          id: `act_${accountId}`,
          account_id: accountId,
          name: account.name,
          currency: account.currency,
          timezone_name: account.timeZone,
          account_status: account.disabled ? 2 : 1,
        };
        return { status: 200, headers, json: pick(acct, fields ? ['id', ...fields] : null) };
      }

      const limit = Math.min(Number(req.query.get('limit') ?? 25) || 25, state.options.metaMaxPageSize);
      const offset = req.query.get('after') ? Number(Buffer.from(req.query.get('after')!, 'base64url').toString()) : 0;
      let rows: Record<string, unknown>[];
      if (edge === '/campaigns') {
        const filter = parseJson<string[]>(req.query.get('effective_status'));
        if (filter === 'invalid') return bad(400, metaError(100, '(#100) param effective_status must be an array.'), headers);
        // DELETED objects are never returned as edges, even when the filter names them.
        const allowed = new Set((filter ?? DEFAULT_STATUSES).filter((st) => st !== 'DELETED'));
        rows = account.campaigns
          .map((c) => metaCampaign(account, c))
          .filter((c) => allowed.has(String(c.effective_status)))
          .map((c) => pick(c, fields ? ['id', ...fields] : null));
      } else {
        const range = parseJson<{ since?: string; until?: string }>(req.query.get('time_range'));
        if (req.query.get('level') !== 'campaign' || req.query.get('time_increment') !== '1' || !range || range === 'invalid' || !range.since || !range.until) {
          return bad(400, metaError(100, '(#100) Invalid parameter: level, time_increment and time_range are required here.'), headers);
        }
        if (daysBetween(range.since, range.until) + 1 > state.options.metaInsightsMaxDays) {
          return bad(400, metaError(100, "Please reduce the amount of data you're asking for, then retry your request", { subcode: 1487534 }), headers);
        }
        const filtering = parseJson<{ field: string; operator: string; value: string[] }[]>(req.query.get('filtering'));
        if (filtering === 'invalid') return bad(400, metaError(100, '(#100) filtering must be an array.'), headers);
        const idFilter = filtering?.find((f) => f.field === 'campaign.id' && f.operator === 'IN');
        const ids = idFilter ? new Set(idFilter.value.map(String)) : null;
        const today = state.today(account);
        rows = [];
        for (const c of account.campaigns) {
          if (ids && !ids.has(c.id)) continue;
          for (const d of dailyRows(account, c, range.since, range.until, today)) rows.push(metaInsightRow(account, d));
        }
      }
      const page = rows.slice(offset, offset + limit);
      const paging: Record<string, unknown> = {
        cursors: {
          before: Buffer.from(String(offset)).toString('base64url'),
          after: Buffer.from(String(offset + page.length)).toString('base64url'),
        },
      };
      if (offset + limit < rows.length) {
        const next = new URLSearchParams(req.query);
        next.set('after', Buffer.from(String(offset + limit)).toString('base64url'));
        next.set('limit', String(limit));
        paging.next = `${req.origin}${req.path}?${next.toString()}`;
      }
      return { status: 200, headers, json: { data: page, paging } };
    },

    raw(account, state, from, to) {
      const today = state.today(account);
      return {
        account: { id: `act_${account.accountId}`, name: account.name, currency: account.currency, timezone_name: account.timeZone, account_status: 1 },
        // What the campaigns edge can serve: everything but DELETED.
        campaigns: account.campaigns.map((c) => metaCampaign(account, c)).filter((c) => c.effective_status !== 'DELETED'),
        daily: from && to ? account.campaigns.flatMap((c) => dailyRows(account, c, from, to, today).map((d) => metaInsightRow(account, d))) : [],
      };
    },
  };
}

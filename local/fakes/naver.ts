// Naver Search Ad API fake (ad-platforms.md §3, §9.4): recomputes the HMAC signature of every request,
// answers with the gateway's problem JSON on auth failures (echoing key and signature, as the real one
// does), throttles per X-Customer, and serves /ncc/campaigns and per-campaign /stats.
import { createHmac, randomUUID } from 'node:crypto';
import { dailyRows } from './fixtures.js';
import type { FakeRequest, FakeResponse, FakeState, PlatformFake, StoredAccount } from './server-kit.js';
import type { SeedAccount, SeedCampaign, SeedDaily } from './types.js';

const kstInstant = (date: string, time: string) => new Date(`${date}T${time}+09:00`).toISOString();

export function naverCampaign(a: SeedAccount, c: SeedCampaign): Record<string, unknown> {
  const [status, statusReason] =
    c.state === 'ACTIVE' ? ['ELIGIBLE', 'ELIGIBLE']
    : c.state === 'BUDGET_LIMITED' ? ['PAUSED', 'CAMPAIGN_LIMITED_BY_BUDGET']
    : c.state === 'PAUSED' ? ['PAUSED', 'CAMPAIGN_PAUSED']
    : c.state === 'ENDED' ? ['PAUSED', 'CAMPAIGN_ENDED']
    : ['DELETED', 'CAMPAIGN_DELETED'];
  return {
    nccCampaignId: c.id,
    customerId: Number(a.accountId),
    name: c.name,
    campaignTp: c.objective,
    deliveryMethod: 'STANDARD',
    userLock: c.state === 'PAUSED',
    usePeriod: c.endDate !== null,
    periodStartDt: c.endDate !== null && c.startDate ? kstInstant(c.startDate, '00:00:00') : null,
    periodEndDt: c.endDate !== null ? kstInstant(c.endDate, '23:59:59') : null,
    useDailyBudget: c.dailyBudget !== null,
    dailyBudget: c.dailyBudget !== null ? Number(c.dailyBudget) : 0,
    totalChargeCost: 0,
    expectCost: 0,
    status,
    statusReason,
    delFlag: c.state === 'REMOVED',
    regTm: c.startDate ? kstInstant(c.startDate, '09:00:00') : c.updatedAt,
    editTm: c.updatedAt,
  };
}

export function naverStatRow(d: SeedDaily): Record<string, unknown> {
  return { dateStart: d.date, dateEnd: d.date, impCnt: d.impressions, clkCnt: d.clicks, salesAmt: Number(d.cost), ccnt: d.conversions, convAmt: Number(d.conversionValue) };
}

const FIELDS = ['impCnt', 'clkCnt', 'salesAmt', 'ccnt', 'convAmt', 'ctr', 'cpc', 'avgRnk', 'crto', 'ror', 'cpConv', 'viewCnt'];

export function naverFake(): PlatformFake {
  const windows = new Map<string, number[]>();
  return {
    platform: 'NAVER',
    reset: () => windows.clear(),
    commonHeaders: () => ({ 'x-transaction-id': randomUUID() }),
    // Naver's key reissue (or automatic renewal) invalidates the old secret at once.
    onRevoke(account: StoredAccount) {
      account.credentials = { ...account.credentials, secretKey: `${account.credentials.secretKey}-reissued` };
    },

    async handle(req: FakeRequest, state: FakeState): Promise<FakeResponse> {
      const txid = randomUUID();
      const headers = { 'x-transaction-id': txid };
      const problem = (type: string, title: string, detail: string, extra: Record<string, unknown> = {}): FakeResponse => ({
        status: 403,
        headers: { ...headers, 'content-type': 'application/problem+json' },
        json: { status: 403, type: `urn:naver:api:problem:${type}`, title, detail, ...extra },
      });
      const ts = req.headers['x-timestamp'] ?? '';
      const key = req.headers['x-api-key'] ?? '';
      const customer = req.headers['x-customer'] ?? '';
      const sig = req.headers['x-signature'] ?? '';
      const account = [...state.accounts.values()].find((a) => a.credentials.apiKey === key);
      if (!account) return problem('invalid-apikey', 'Invalid API Key', `API key '${key}' is invalid.`, { apikey: key });
      if (account.accountId !== customer) return problem('auth-failed', 'Auth Failed', `Auth failed with api-key: ${key}, customer-id: ${customer}`);
      if (!/^\d+$/.test(ts) || Math.abs(state.now() - Number(ts)) > state.options.naverTimestampWindowMs) {
        return problem('invalid-timestamp', 'Invalid Timestamp', 'Request has expired.', { timestamp: ts });
      }
      const expected = createHmac('sha256', account.credentials.secretKey!).update(`${ts}.${req.method}.${req.path}`).digest('base64');
      if (sig !== expected) return problem('invalid-signature', 'Invalid Signature', `Signature '${sig}' is invalid.`, { signature: sig });

      const now = state.now();
      const recent = (windows.get(customer) ?? []).filter((t) => now - t < 1000);
      recent.push(now);
      windows.set(customer, recent);
      if (recent.length > state.options.naverMaxRps) {
        return { status: 429, headers, json: { code: 429, status: 429, title: 'Cannot handle the request. Too many requests already exist.' } };
      }

      if (req.method === 'GET' && req.path === '/ncc/campaigns') {
        return { status: 200, headers, json: account.campaigns.map((c) => naverCampaign(account, c)) };
      }
      if (req.method === 'GET' && req.path === '/stats') {
        const badFormat: FakeResponse = { status: 400, headers, json: { code: 11001, message: '잘못된 파라미터 형식입니다.' } };
        const id = req.query.get('id');
        if (req.query.get('ids') && req.query.get('timeIncrement') === '1') return badFormat;
        if (!id) return badFormat;
        let fields: unknown;
        let range: { since?: string; until?: string };
        try {
          fields = JSON.parse(req.query.get('fields') ?? '');
          range = JSON.parse(req.query.get('timeRange') ?? '');
        } catch {
          return badFormat;
        }
        if (!Array.isArray(fields) || !fields.every((f) => FIELDS.includes(f)) || !range.since || !range.until) return badFormat;
        const campaign = account.campaigns.find((c) => c.id === id);
        if (!campaign) return { status: 400, headers, json: { code: 3501, status: 400, title: 'The campaign does not exist.' } };
        const rows = dailyRows(account, campaign, range.since, range.until, state.today(account));
        const data: Record<string, unknown>[] = [];
        if (state.options.naverZeroRows) {
          const byDate = new Map(rows.map((r) => [r.date, r]));
          for (let d = range.since; d <= range.until; d = new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)) {
            const r = byDate.get(d);
            data.push(r ? naverStatRow(r) : { dateStart: d, dateEnd: d, impCnt: 0, clkCnt: 0, salesAmt: 0, ccnt: 0, convAmt: 0 });
          }
        } else data.push(...rows.map(naverStatRow));
        const pickFields = (r: Record<string, unknown>) =>
          Object.fromEntries(Object.entries(r).filter(([k]) => k === 'dateStart' || k === 'dateEnd' || (fields as string[]).includes(k)));
        return { status: 200, headers, json: { data: data.map(pickFields), summary: { dateStart: range.since, dateEnd: range.until } } };
      }
      return { status: 404, headers, json: { code: 1001, status: 404, title: 'Not found.' } };
    },

    raw(account, state, from, to) {
      const today = state.today(account);
      return {
        account: { customerId: Number(account.accountId) },
        campaigns: account.campaigns.map((c) => naverCampaign(account, c)),
        daily: from && to ? account.campaigns.flatMap((c) => dailyRows(account, c, from, to, today).map((d) => ({ id: c.id, ...naverStatRow(d) }))) : [],
      };
    },
  };
}

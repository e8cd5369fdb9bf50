// Kakao Moment API fake (ad-platforms.md §4, §9.5): Bearer business token plus the adAccountId header,
// ad account, campaigns per config value, the campaign report (yyyyMMdd, ≤ 31 days, never today, one
// call per 5 s per ad account) and the kauth refresh-token grant.
import { randomBytes } from 'node:crypto';
import { compact, daysBetween, expand } from '../../lib/node/platforms/dates.js';
import { dailyRows } from './fixtures.js';
import type { FakeRequest, FakeResponse, FakeState, PlatformFake, StoredAccount } from './server-kit.js';
import type { SeedAccount, SeedCampaign, SeedDaily } from './types.js';

const GOALS: Record<string, string> = { DISPLAY: 'CONVERSION', TALK_BIZ_BOARD: 'VISITING', VIDEO: 'VIEW' };

export function kakaoCampaign(_a: SeedAccount, c: SeedCampaign): Record<string, unknown> {
  const config = c.state === 'REMOVED' ? 'DEL' : c.state === 'PAUSED' ? 'OFF' : 'ON';
  return {
    id: Number(c.id),
    name: c.name,
    config,
    userConfig: config,
    systemConfig: c.state === 'ENDED' ? 'ADMIN_STOP' : 'ON',
    campaignTypeGoal: { campaignType: c.objective, goal: GOALS[c.objective] ?? 'VISITING' },
    ...(c.dailyBudget !== null ? { dailyBudgetAmount: Number(c.dailyBudget) } : {}),
  };
}

/** Report metric groups the fake knows (ad-platforms.md §4.3); the conversion group's keys are UNCONFIRMED there. */
const METRICS_GROUPS = ['BASIC', 'ADDITION', 'PIXEL_SDK_CONVERSION'];

/**
 * One report row. BASIC: imp, click, ctr, cost. PIXEL_SDK_CONVERSION (when asked for and the account has
 * conversion tracking): the purchase count and amount with 7-day attribution, conv_purchase_7d and
 * conv_purchase_p_7d; without tracking the keys are absent (the row says nothing about conversions).
 */
export function kakaoReportRow(d: SeedDaily, opts: { conversions?: boolean } = {}): Record<string, unknown> {
  return {
    start: compact(d.date),
    end: compact(d.date),
    dimensions: { campaign_id: d.campaignId },
    metrics: {
      imp: d.impressions,
      click: d.clicks,
      ctr: d.impressions ? (d.clicks / d.impressions) * 100 : 0,
      cost: Number(d.cost),
      ...(opts.conversions ? { conv_purchase_7d: d.conversions, conv_purchase_p_7d: Number(d.conversionValue) } : {}),
    },
  };
}

export function kakaoFake(): PlatformFake {
  const issued = new Map<string, string>(); // refreshed access token → accountId
  const lastReport = new Map<string, number>();
  return {
    platform: 'KAKAO',
    reset: () => {
      issued.clear();
      lastReport.clear();
    },
    onRevoke(account: StoredAccount) {
      for (const [t, id] of issued) if (id === account.accountId) issued.delete(t);
    },

    async handle(req: FakeRequest, state: FakeState): Promise<FakeResponse> {
      const err = (status: number, code: number, msg: string, extras?: Record<string, unknown>): FakeResponse => ({
        status,
        json: { code, msg, ...(extras ? { extras } : {}) },
      });
      if (req.method === 'POST' && req.path === '/oauth/token') {
        const form = new URLSearchParams(req.body);
        if (form.get('grant_type') !== 'refresh_token' || !form.get('client_id')) {
          return { status: 400, json: { error: 'invalid_request', error_description: 'bad request', error_code: 'KOE010' } };
        }
        const account = [...state.accounts.values()].find((a) => a.credentials.refreshToken && a.credentials.refreshToken === form.get('refresh_token'));
        if (!account || account.revoked) {
          return { status: 400, json: { error: 'invalid_grant', error_description: 'authorization code not found for code=…', error_code: 'KOE322' } };
        }
        const token = randomBytes(24).toString('base64url');
        issued.set(token, account.accountId);
        return { status: 200, json: { access_token: token, token_type: 'bearer', expires_in: 21599 } };
      }

      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      const owner = token
        ? [...state.accounts.values()].find((a) => a.credentials.accessToken === token) ?? state.accounts.get(issued.get(token) ?? '')
        : undefined;
      if (!owner || owner.revoked) return err(401, -401, 'this access token does not exist');
      const adAccountId = req.headers.adaccountid;
      if (!adAccountId) return err(400, -2, 'adAccountId header is required');
      const account = state.accounts.get(adAccountId);
      if (!account || owner.accountId !== adAccountId) {
        return err(403, -813, 'KakaoMomentException', { detailCode: 31003, detailMsg: '광고계정에 대한 권한이 없습니다.' });
      }
      const p = req.path.replace(/^\/openapi\/v4/, '');
      if (req.method !== 'GET') return err(400, -3, 'unsupported api');

      if (p === `/adAccounts/${adAccountId}`) {
        return {
          status: 200,
          json: {
            id: Number(account.accountId),
            name: account.name,
            type: 'BUSINESS',
            config: account.disabled ? 'OFF' : 'ON',
            isAdminStop: Boolean(account.disabled),
            isOutOfBalance: false,
            statusDescription: account.disabled ? '관리자 정지' : '운영중',
          },
        };
      }
      if (p === '/campaigns') {
        const config = req.query.get('config');
        if (!config || !['ON', 'OFF', 'DEL'].includes(config)) return err(400, -2, 'config must be one of ON, OFF, DEL');
        return { status: 200, json: { content: account.campaigns.map((c) => kakaoCampaign(account, c)).filter((c) => c.config === config) } };
      }
      if (p === '/campaigns/report') {
        const start = req.query.get('start') ?? '';
        const end = req.query.get('end') ?? '';
        const ids = (req.query.get('campaignId') ?? '').split(',').filter(Boolean);
        const today = state.today(account);
        if (!/^\d{8}$/.test(start) || !/^\d{8}$/.test(end) || start > end) return err(400, -2, 'start/end must be yyyyMMdd');
        if (daysBetween(expand(start), expand(end)) + 1 > 31) return err(400, -813, 'KakaoMomentException', { detailCode: 31002, detailMsg: '조회 기간은 최대 31일입니다.' });
        if (expand(end) >= today) return err(400, -813, 'KakaoMomentException', { detailCode: 31004, detailMsg: '오늘 날짜는 조회할 수 없습니다.' });
        if (!ids.length || ids.length > 100) return err(400, -2, 'campaignId is required (at most 100)');
        const groups = (req.query.get('metricsGroup') ?? 'BASIC').split(',');
        if (groups.some((g) => !METRICS_GROUPS.includes(g))) return err(400, -2, `metricsGroup must be among ${METRICS_GROUPS.join(', ')}`);
        const now = state.now();
        const last = lastReport.get(adAccountId);
        if (last !== undefined && now - last < state.options.kakaoReportIntervalMs) {
          return err(429, -813, 'KakaoMomentException', { detailCode: 31001, detailMsg: '요청 가능 횟수를 초과하였습니다. 5초 후에 다시 시도해주세요.' });
        }
        lastReport.set(adAccountId, now);
        const conversions = groups.includes('PIXEL_SDK_CONVERSION') && !account.noConversionTracking;
        const wanted = new Set(ids);
        const data = account.campaigns
          .filter((c) => wanted.has(c.id))
          .flatMap((c) => dailyRows(account, c, expand(start), expand(end), today).map((d) => kakaoReportRow(d, { conversions })));
        return { status: 200, json: { data } };
      }
      return err(404, -3, 'unsupported api');
    },

    raw(account, state, from, to) {
      const today = state.today(account);
      return {
        account: { id: Number(account.accountId), name: account.name },
        campaigns: account.campaigns.map((c) => kakaoCampaign(account, c)),
        daily: from && to ? account.campaigns.flatMap((c) => dailyRows(account, c, from, to, today).map((d) => kakaoReportRow(d, { conversions: !account.noConversionTracking }))) : [],
      };
    },
  };
}

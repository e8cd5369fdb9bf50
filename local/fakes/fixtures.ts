// Demo accounts (one per platform) and the deterministic daily-figure generator the fakes serve.
// `npm start` seeds these accounts into the stack; tests and the bench build their own with
// makeAccount/makeCampaigns.
import { addDays, dateIn, daysBetween } from '../../lib/node/platforms/dates.js';
import type { FakePlatform, SeedAccount, SeedCampaign, SeedDaily } from './types.js';

/** mulberry32: a tiny seeded PRNG, so every run serves identical figures. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

const ZERO_DECIMAL = new Set(['KRW', 'JPY', 'TWD', 'CLP', 'COP', 'CRC', 'HUF', 'IDR', 'ISK', 'PYG']);

/**
 * The figures of one campaign-day, or null for an idle day (platforms send no row then). Days before
 * `historyDays` ago and after today have no data. Overrides win.
 */
export function generateDaily(
  account: SeedAccount,
  campaign: SeedCampaign,
  date: string,
  today: string,
  // A caller looping campaigns within a date passes it: parsing both dates per row was a fifth of the
  // Google fake's CPU for a 10,000-campaign stream.
  age = daysBetween(date, today),
): SeedDaily | null {
  const key = `${campaign.id}|${date}`;
  if (account.dailyOverrides && Object.hasOwn(account.dailyOverrides, key)) return account.dailyOverrides[key] ?? null;
  if (age < 0 || age >= account.historyDays) return null;
  if (campaign.startDate && date < campaign.startDate) return null;
  if (campaign.endDate && date > campaign.endDate) return null;
  const r = prng(hash(key) ^ account.metricsSeed);
  if (r() < 0.1) return null; // idle day
  const impressions = 100 + Math.floor(r() * 5000);
  const clicks = Math.floor(impressions * (0.01 + r() * 0.05));
  const zeroDecimal = ZERO_DECIMAL.has(account.currency);
  const cost = zeroDecimal ? String(clicks * (100 + Math.floor(r() * 900))) : (clicks * (0.2 + r() * 2)).toFixed(2);
  const conversions = Math.floor(clicks * r() * 0.1);
  const conversionValue = zeroDecimal
    ? String(conversions * (10_000 + Math.floor(r() * 50_000)))
    : (conversions * (10 + r() * 90)).toFixed(2);
  return { campaignId: campaign.id, date, impressions, clicks, cost, conversions, conversionValue };
}

/** Every generated row of one campaign within [from, to]. */
export function dailyRows(account: SeedAccount, campaign: SeedCampaign, from: string, to: string, today: string): SeedDaily[] {
  const rows: SeedDaily[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const row = generateDaily(account, campaign, d, today);
    if (row) rows.push(row);
  }
  return rows;
}

export function todayFor(account: Pick<SeedAccount, 'timeZone'>, nowMs = Date.now()): string {
  return dateIn(account.timeZone, nowMs);
}

/** Campaign ids in each platform's own form (Google and Meta ids above 2^53, to catch `number` parsing). */
export function campaignId(platform: FakePlatform, i: number): string {
  switch (platform) {
    case 'GOOGLE_ADS':
      return (9007199254740993n + BigInt(i) * 7n).toString();
    case 'META':
      return (120210000000000001n + BigInt(i)).toString();
    case 'NAVER':
      return `cmp-a001-01-${String(1234567 + i).padStart(15, '0')}`;
    case 'KAKAO':
      return String(100000 + i);
  }
}

const STATES: SeedCampaign['state'][] = ['ACTIVE', 'ACTIVE', 'PAUSED', 'BUDGET_LIMITED', 'ENDED', 'REMOVED'];
const OBJECTIVES: Record<FakePlatform, string[]> = {
  GOOGLE_ADS: ['SEARCH', 'PERFORMANCE_MAX', 'DISPLAY', 'VIDEO'],
  META: ['OUTCOME_SALES', 'OUTCOME_TRAFFIC', 'OUTCOME_LEADS', 'OUTCOME_AWARENESS'],
  NAVER: ['WEB_SITE', 'SHOPPING', 'POWER_CONTENTS', 'BRAND_SEARCH'],
  KAKAO: ['DISPLAY', 'TALK_BIZ_BOARD', 'VIDEO', 'DISPLAY'],
};

/** `count` campaigns cycling through every status the normalizer must handle. */
export function makeCampaigns(platform: FakePlatform, count: number, currency: string, today: string, idBase = 0): SeedCampaign[] {
  const zeroDecimal = ZERO_DECIMAL.has(currency);
  const out: SeedCampaign[] = [];
  for (let i = 0; i < count; i++) {
    const state = STATES[i % STATES.length]!;
    out.push({
      id: campaignId(platform, idBase + i),
      name: `${platform.toLowerCase()} campaign ${i + 1}`,
      state,
      dailyBudget: i % 7 === 6 ? null : zeroDecimal ? String(10_000 * (1 + (i % 9))) : `${25 * (1 + (i % 9))}.50`,
      startDate: addDays(today, -120 - (i % 30)),
      endDate: state === 'ENDED' ? addDays(today, -3) : i % 5 === 1 ? addDays(today, 60) : null,
      objective: OBJECTIVES[platform][i % 4]!,
      updatedAt: new Date(Date.parse(`${addDays(today, -(i % 20))}T03:00:00Z`)).toISOString(),
    });
  }
  return out;
}

const DEFAULTS: Record<FakePlatform, { accountId: string; currency: string; timeZone: string; credentials: Record<string, string> }> = {
  GOOGLE_ADS: {
    accountId: '1234567890',
    currency: 'USD',
    timeZone: 'America/New_York',
    credentials: {
      clientId: 'demo-client.apps.googleusercontent.com',
      clientSecret: 'demo-google-client-secret',
      refreshToken: '1//demo-google-refresh-token',
      customerId: '1234567890',
    },
  },
  META: {
    accountId: '900000000000001',
    currency: 'KRW',
    timeZone: 'Asia/Seoul',
    credentials: { accessToken: 'EAAdemo-meta-system-user-token' },
  },
  NAVER: {
    accountId: '1234567',
    currency: 'KRW',
    timeZone: 'Asia/Seoul',
    credentials: { apiKey: 'demo-naver-access-license', secretKey: 'demo-naver-secret-key==', customerId: '1234567' },
  },
  KAKAO: {
    accountId: '54321',
    currency: 'KRW',
    timeZone: 'Asia/Seoul',
    credentials: { accessToken: 'demo-kakao-business-token', refreshToken: 'demo-kakao-refresh-token' },
  },
};

/**
 * An account on one platform. `suffix` makes ids and secrets unique so parallel tests never share an
 * account on the shared fakes.
 */
export function makeAccount(
  platform: FakePlatform,
  opts: { suffix?: string; campaigns?: number; historyDays?: number; metricsSeed?: number; nowMs?: number; currency?: string; timeZone?: string } = {},
): SeedAccount {
  const d = DEFAULTS[platform];
  const s = opts.suffix ?? '';
  const currency = opts.currency ?? d.currency;
  const timeZone = opts.timeZone ?? d.timeZone;
  const numericSuffix = s ? String(hash(s) % 100000).padStart(5, '0') : '';
  const accountId =
    platform === 'GOOGLE_ADS' ? (s ? `9${numericSuffix}${d.accountId.slice(6)}` : d.accountId) : s ? `${d.accountId}${numericSuffix}` : d.accountId;
  const credentials = Object.fromEntries(Object.entries(d.credentials).map(([k, v]) => [k, s ? `${v}-${s}` : v]));
  if (platform === 'GOOGLE_ADS') credentials.customerId = accountId;
  if (platform === 'NAVER') credentials.customerId = accountId;
  const today = dateIn(timeZone, opts.nowMs ?? Date.now());
  return {
    platform,
    accountId,
    name: `Demo ${platform} account${s ? ` ${s}` : ''}`,
    currency,
    timeZone,
    credentials,
    // Distinct accounts get distinct campaign ids, so fault rules and logs never mix them up.
    campaigns: makeCampaigns(platform, opts.campaigns ?? 6, currency, today, s ? (hash(s) % 90_000) * 1_000 : 0),
    metricsSeed: opts.metricsSeed ?? 42,
    historyDays: opts.historyDays ?? 90,
  };
}

/** The demo account of each platform: `npm start` connects these for the demo user. */
export function demoAccounts(nowMs = Date.now()): Record<FakePlatform, SeedAccount> {
  return {
    GOOGLE_ADS: makeAccount('GOOGLE_ADS', { campaigns: 8, nowMs }),
    META: makeAccount('META', { campaigns: 7, nowMs }),
    NAVER: makeAccount('NAVER', { campaigns: 6, nowMs }),
    KAKAO: makeAccount('KAKAO', { campaigns: 6, nowMs }),
  };
}

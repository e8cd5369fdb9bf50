// Shared shapes of the fake ad-platform servers. Everything here is JSON so tests in another process
// (the stack's fakes run in vitest's global setup) drive the fakes over the HTTP control API.

import type { Platform } from '../../api/generated/schema-types.js';

/** The fakes serve exactly the schema's platforms. */
export type FakePlatform = Platform;

/** A campaign as the fakes keep it; each fake renders it into its platform's own fields. */
export interface SeedCampaign {
  id: string;
  name: string;
  /** BUDGET_LIMITED: on, but out of budget for today (Naver reports PAUSED/CAMPAIGN_LIMITED_BY_BUDGET). */
  state: 'ACTIVE' | 'PAUSED' | 'REMOVED' | 'ENDED' | 'BUDGET_LIMITED';
  /** Daily budget in currency units as a decimal string ("50.00", "50000"); null = set below campaign level. */
  dailyBudget: string | null;
  startDate: string | null; // YYYY-MM-DD in the account zone
  endDate: string | null;
  objective: string;
  updatedAt: string; // ISO 8601
}

/** One campaign-day. Money in currency units as decimal strings (whole numbers for KRW). */
export interface SeedDaily {
  campaignId: string;
  date: string;
  impressions: number;
  clicks: number;
  cost: string;
  conversions: number;
  conversionValue: string;
}

export interface SeedAccount {
  platform: FakePlatform;
  accountId: string;
  name: string;
  currency: string;
  timeZone: string;
  /** What a client must present (GOOGLE_ADS clientId/clientSecret/refreshToken; META accessToken; NAVER apiKey/secretKey; KAKAO accessToken/refreshToken). */
  credentials: Record<string, string>;
  campaigns: SeedCampaign[];
  /** Seed of the deterministic daily generator (see fixtures.generateDaily). */
  metricsSeed: number;
  /** Days (relative to the fake's today) the generator covers; older days have no data. */
  historyDays: number;
  /** The ad account itself is disabled / closed / suspended on the platform. */
  disabled?: boolean;
  /** META: the app behind the token requires appsecret_proof ("Require App Secret"), keyed with this secret. */
  metaAppSecret?: string;
  /** Replaces the generated figures of `${campaignId}|${date}`; null = no row that day. */
  dailyOverrides?: Record<string, SeedDaily | null>;
  /** KAKAO: the account has no Pixel & SDK conversion tracking, so report rows carry no conversion keys. @default false */
  noConversionTracking?: boolean;
}

/**
 * Makes the n-th matching request misbehave. Matching: method and a RegExp source on the path
 * (query excluded), optionally the platform account. `after` requests pass first, then the rule applies
 * `times` times (-1 = forever).
 */
export interface FaultRule {
  path?: string;
  method?: string;
  /** Match only requests for this platform account (in the path, query or a header such as X-Customer). */
  accountId?: string;
  /** Match only requests whose query string contains this text (e.g. one campaign id). */
  queryIncludes?: string;
  /** Match only requests whose body contains this text (e.g. a GAQL fragment). */
  bodyIncludes?: string;
  after?: number;
  times?: number;
  /** Respond with this status/body/headers instead of the real answer. */
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Wait this long before answering (a slow platform); with no status, the real answer follows. */
  delayMs?: number;
  /** Drop the connection without an answer. */
  destroy?: boolean;
  /** Revoke this account's credentials, then answer normally (so the request fails as revoked). */
  revokeAccount?: string;
  /** Google searchStream only: send this many batches, then `body` as a trailing error element. */
  streamErrorAfterBatches?: number;
}

export interface RequestLogEntry {
  platform: FakePlatform;
  method: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  body: string;
  status: number;
  at: number;
}

export interface FakeOptions {
  /** Google `search` page size (real: fixed 10,000). */
  googlePageSize?: number;
  /** Google `searchStream` rows per batch (real: up to 10,000). */
  googleStreamBatchSize?: number;
  /** Meta default `limit` and maximum page size. */
  metaMaxPageSize?: number;
  /** Meta: insights ranges longer than this fail with 100/1487534 (too much data). */
  metaInsightsMaxDays?: number;
  /** Kakao: minimum gap between report calls per ad account (real: 5,000 ms). */
  kakaoReportIntervalMs?: number;
  /** Naver: requests per second per customer before 429 (real: unpublished, ~25–30). */
  naverMaxRps?: number;
  /** Naver: accepted clock skew of X-Timestamp (ms). */
  naverTimestampWindowMs?: number;
  /** Naver: emit zero rows for idle days in /stats. */
  naverZeroRows?: boolean;
  /** Shifts the fakes' clock (token expiry, "today", Kakao's 5-second rule). */
  clockOffsetMs?: number;
}

// One interface for every ad platform (docs: ../shared/docs/ad-platforms.md §6–8). The sync engine
// only sees these types; each adapter turns its platform's wire format into them.

import type { CampaignStatus, Platform } from '../../../api/generated/schema-types.js';

export interface AccountInfo {
  accountId: string;
  name: string | null;
  /** ISO 4217 */
  currency: string;
  /** IANA zone the platform reports daily figures in. */
  timeZone: string;
}

export interface NormalizedCampaign {
  campaignId: string; // always a string: Google and Meta ids exceed 2^53
  name: string;
  status: CampaignStatus;
  rawStatus: string;
  objective: string | null;
  /** Integer micros as a decimal string; null when the budget lives below campaign level. */
  budgetMicros: string | null;
  budgetPeriod: 'DAILY' | 'LIFETIME' | 'CUSTOM' | null;
  currency: string;
  startDate: string | null; // YYYY-MM-DD, account zone
  endDate: string | null;
  timeZone: string;
  platformUpdatedAt: string | null;
}

export interface DailyMetric {
  campaignId: string;
  /** YYYY-MM-DD in the account's time zone, never converted. */
  date: string;
  impressions: number;
  clicks: number;
  /** Integer micros as a decimal string. */
  costMicros: string;
  /** null = the platform reported none for this row (unknown), never stored as a made-up 0. */
  conversions: number | null;
  /** Integer micros as a decimal string; null with `conversions`. */
  conversionValueMicros: string | null;
  /** Whether costMicros includes VAT (false where the platform reports net figures). */
  vatIncluded: boolean;
}

export interface DateRange {
  from: string; // YYYY-MM-DD inclusive
  to: string; // YYYY-MM-DD inclusive
}

/** A unit (one metrics call, one page) that failed for good; the rest of the sync goes on (→ PARTIAL). */
export interface UnitFailure {
  unit: string;
  error: PlatformError;
}

export interface MetricsPage {
  metrics: DailyMetric[];
  failures: UnitFailure[];
}

export interface PlatformAdapter {
  readonly platform: Platform;
  /** How many days back a sync re-fetches by default (figures restate inside this window). */
  readonly restatementWindowDays: number;
  /** Latest date the platform can report (Kakao excludes today). */
  lastReportableDate(today: string): string;
  account(): Promise<AccountInfo>;
  /** Every campaign, page by page; memory stays bounded by the page size. */
  listCampaigns(account: AccountInfo): AsyncIterable<NormalizedCampaign[]>;
  /** Daily figures for these campaigns over the range, in pages. Unit failures are reported, not thrown. */
  dailyMetrics(account: AccountInfo, campaignIds: string[], range: DateRange): AsyncIterable<MetricsPage>;
}

// ---- failure taxonomy (ad-platforms.md §8) ----

export type FailureClass =
  | 'AUTH_INVALID'
  | 'ACCESS_DENIED'
  | 'ACCOUNT_UNAVAILABLE'
  | 'RATE_LIMITED'
  | 'TRANSIENT'
  | 'TOO_MUCH_DATA'
  | 'INVALID_REQUEST';

/**
 * A classified platform failure. `message` is safe to show and store: it names the platform, the class
 * and the platform's request id, and never carries a token, key or signature.
 */
export class PlatformError extends Error {
  override readonly name = 'PlatformError';
  constructor(
    readonly platform: Platform,
    readonly failureClass: FailureClass,
    readonly detail: string,
    readonly opts: { status?: number; code?: string; requestId?: string; retryAfterMs?: number } = {},
  ) {
    super(
      `${platform} ${failureClass}${opts.code ? ` (${opts.code})` : ''}: ${detail}` +
        (opts.requestId ? ` [request ${opts.requestId}]` : ''),
    );
  }
  get retryable(): boolean {
    return this.failureClass === 'RATE_LIMITED' || this.failureClass === 'TRANSIENT';
  }
  /** These end the whole account sync at once (FAILED). */
  get fatal(): boolean {
    return (
      this.failureClass === 'AUTH_INVALID' ||
      this.failureClass === 'ACCESS_DENIED' ||
      this.failureClass === 'ACCOUNT_UNAVAILABLE' ||
      this.failureClass === 'INVALID_REQUEST'
    );
  }
}

/** The variables naming each platform API's base URL: infra/ sets them, the local stack points them at its fakes. */
export const PLATFORM_URL_VARS = ['GOOGLE_ADS_API_URL', 'GOOGLE_OAUTH_URL', 'META_API_URL', 'NAVER_API_URL', 'KAKAO_API_URL', 'KAKAO_AUTH_URL'] as const;
export type PlatformUrlVar = (typeof PLATFORM_URL_VARS)[number];

/** Base URLs the adapters call (unset: the platform's production URL). */
export type AdapterEnv = Partial<Record<PlatformUrlVar, string>>;

/**
 * App-level platform secrets (one set for the whole app, not per account). In the cloud they come
 * from SSM Parameter Store (functions/sync/app-secrets.ts), locally from plain env vars.
 */
export interface AppSecrets {
  /** Kakao's app REST API key: needed only to refresh a business token (client_id). */
  kakaoRestApiKey?: string;
  /** Kakao's app client secret, sent on token refresh when the app has one enabled. */
  kakaoClientSecret?: string;
  /** Meta's app secret: signs every call with appsecret_proof (required when the app enables "Require App Secret"). */
  metaAppSecret?: string;
  /**
   * Per platform, why a configured secret could not be read (missing parameter, access denied): what it
   * enables is off, and an adapter failure that may come from it says so (the sync's status message).
   */
  unavailable?: Partial<Record<Platform, string>>;
}

export interface AdapterOptions {
  env: AdapterEnv;
  secrets?: AppSecrets;
  /** Per-request timeout (ms). */
  timeoutMs?: number;
  /** Retry policy for RATE_LIMITED / TRANSIENT. */
  retry?: RetryPolicy;
  /** Wall-clock deadline (epoch ms): a wait that would pass it gives up on the unit instead. */
  deadline?: number;
  /** Campaigns per metrics request (Google IN list, Meta filtering, Kakao id list). */
  metricsChunkSize?: number;
  /** Minimum gap between Kakao report calls (the platform allows one per 5 s per ad account). */
  kakaoReportIntervalMs?: number;
  /** Meta conversion action types counted as conversions (overlapping types double-count). */
  metaConversionActionTypes?: string[];
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export interface RetryPolicy {
  attempts: number;
  baseMs: number;
  capMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseMs: 1000, capMs: 60_000 };

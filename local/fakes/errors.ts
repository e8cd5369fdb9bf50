// Error answers in each platform's own wire format, for fault rules (ad-platforms.md §1.6, 2.5, 3.5, 4.4).
import type { FaultRule } from './types.js';

type Answer = Pick<FaultRule, 'status' | 'body' | 'headers'>;

let seq = 0;
const rid = (p: string) => `${p}-${Date.now().toString(36)}-${++seq}`;

// ---- Google Ads ----
export function googleFailure(
  httpCode: number,
  status: string,
  errorCode: Record<string, string>,
  message: string,
  details?: Record<string, unknown>,
): { error: Record<string, unknown> } {
  return {
    error: {
      code: httpCode,
      message,
      status,
      details: [
        {
          '@type': 'type.googleapis.com/google.ads.googleads.v26.errors.GoogleAdsFailure',
          errors: [{ errorCode, message, ...(details ? { details } : {}) }],
          requestId: rid('g'),
        },
      ],
    },
  };
}

export const google = {
  rateLimited: (retrySeconds: number): Answer => ({
    status: 429,
    body: [
      googleFailure(429, 'RESOURCE_EXHAUSTED', { quotaError: 'RESOURCE_EXHAUSTED' }, `Too many requests. Retry in ${retrySeconds} seconds.`, {
        quotaErrorDetails: { rateScope: 'ACCOUNT', rateName: 'Requests per account', retryDelay: `${retrySeconds}s` },
      }),
    ],
  }),
  unavailable: (): Answer => ({ status: 503, body: [{ error: { code: 503, message: 'The service is currently unavailable.', status: 'UNAVAILABLE' } }] }),
  internal: (): Answer => ({
    status: 500,
    body: [googleFailure(500, 'INTERNAL', { internalError: 'INTERNAL_ERROR' }, 'An internal error has occurred.')],
  }),
  customerNotEnabled: (): Answer => ({
    status: 403,
    body: [googleFailure(403, 'PERMISSION_DENIED', { authorizationError: 'CUSTOMER_NOT_ENABLED' }, "The customer account can't be accessed because it is not yet enabled or has been deactivated.")],
  }),
  /** A stream element (not a whole answer): use with streamErrorAfterBatches. */
  streamError: () => googleFailure(500, 'INTERNAL', { internalError: 'TRANSIENT_ERROR' }, 'The stream was interrupted.'),
};

// ---- Meta ----
export function metaError(code: number, message: string, opts: { subcode?: number; type?: string; isTransient?: boolean } = {}) {
  return {
    error: {
      message,
      type: opts.type ?? 'OAuthException',
      code,
      ...(opts.subcode ? { error_subcode: opts.subcode } : {}),
      is_transient: opts.isTransient ?? false,
      fbtrace_id: rid('Af'),
    },
  };
}

export const meta = {
  /** BUC throttle (80000, insights) with the regain hint in minutes. */
  rateLimited: (accountId: string, regainMinutes: number): Answer => ({
    status: 400,
    headers: {
      'x-business-use-case-usage': JSON.stringify({
        [accountId]: [{ type: 'ads_insights', call_count: 100, total_cputime: 40, total_time: 60, estimated_time_to_regain_access: regainMinutes, ads_api_access_tier: 'standard_access' }],
      }),
    },
    body: metaError(80000, 'There have been too many calls from this ad-account. Wait a bit and try again.', { subcode: 2446079 }),
  }),
  transient: (): Answer => ({ status: 500, body: metaError(2, 'An unexpected error has occurred. Please retry your request later.', { isTransient: true }) }),
  permissionDenied: (): Answer => ({ status: 403, body: metaError(200, 'Ad account owner has NOT grant ads_management or ads_read permission') }),
};

// ---- Naver ----
export const naver = {
  rateLimited: (): Answer => ({ status: 429, body: { code: 429, status: 429, title: 'Cannot handle the request. Too many requests already exist.' } }),
  gatewayRateLimited: (): Answer => ({
    status: 429,
    body: { status: '429 TOO_MANY_REQUESTS', title: 'APIGateway Server Error', detail: '<html><body>Request Not Over 100 rps</body></html>', transactionId: '' },
  }),
  serverError: (): Answer => ({ status: 500, body: { code: 1000, status: 500, title: 'Internal server error.' } }),
};

// ---- Kakao ----
export const kakao = {
  rateLimited: (): Answer => ({
    status: 429,
    body: { code: -813, msg: 'KakaoMomentException', extras: { detailCode: 31001, detailMsg: '요청 가능 횟수를 초과하였습니다. 5초 후에 다시 시도해주세요.' } },
  }),
  maintenance: (): Answer => ({ status: 503, body: { code: -9798, msg: 'service under maintenance' } }),
  internal: (): Answer => ({ status: 400, body: { code: -1, msg: 'internal error' } }),
};

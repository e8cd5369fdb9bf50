// One adapter per platform behind PlatformAdapter; the sync engine picks one with adapterFor.
import type { Platform } from '../../../api/generated/schema-types.js';
import { googleAdsAdapter, type GoogleAdsCredentials } from './google-ads.js';
import { kakaoAdapter, type KakaoCredentials } from './kakao.js';
import { metaAdapter, type MetaCredentials } from './meta.js';
import { naverAdapter, type NaverCredentials } from './naver.js';
import { PlatformError, type AdapterOptions, type PlatformAdapter } from './types.js';

export * from './types.js';

const REQUIRED: Record<Platform, string[]> = {
  GOOGLE_ADS: ['clientId', 'clientSecret', 'refreshToken', 'customerId'],
  META: ['accessToken'],
  NAVER: ['apiKey', 'secretKey', 'customerId'],
  KAKAO: ['accessToken'],
};

export function adapterFor(
  platform: Platform,
  accountId: string,
  credentials: Record<string, string>,
  opts: AdapterOptions & { naverMinIntervalMs?: number },
): PlatformAdapter {
  const missing = REQUIRED[platform].filter((k) => typeof credentials[k] !== 'string' || !credentials[k]);
  if (missing.length) {
    // Stored credentials lack a key: only a reconnect can fix it.
    throw new PlatformError(platform, 'AUTH_INVALID', `stored credentials lack ${missing.join(', ')}`);
  }
  switch (platform) {
    case 'GOOGLE_ADS':
      return googleAdsAdapter(credentials as unknown as GoogleAdsCredentials, opts);
    case 'META':
      return metaAdapter(credentials as unknown as MetaCredentials, accountId, opts);
    case 'NAVER':
      return naverAdapter(credentials as unknown as NaverCredentials, opts);
    case 'KAKAO':
      return kakaoAdapter(credentials as unknown as KakaoCredentials, accountId, opts);
  }
}

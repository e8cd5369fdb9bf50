// Fake ad-platform servers for tests, the bench and `npm start`: one HTTP server per platform, each
// speaking its platform's documented wire format (see ../../../shared/docs/ad-platforms.md §9), with a
// /__control API for seeding accounts and injecting faults.
//
// Base URLs are origins, like the production defaults the adapters use
// (https://googleads.googleapis.com, https://oauth2.googleapis.com, https://graph.facebook.com,
// https://api.searchad.naver.com, https://apis.moment.kakao.com, https://kauth.kakao.com): the API
// version path (/v26, /v26.0, /openapi/v4) is added by the adapter.
import { fakeControl, type ControlAuth, type FakeControl, type FakeUrls } from './control.js';
import { demoAccounts } from './fixtures.js';
import { googleAdsFake } from './google-ads.js';
import { kakaoFake } from './kakao.js';
import { metaFake } from './meta.js';
import { naverFake } from './naver.js';
import { startFake } from './server-kit.js';
import type { FakePlatform, SeedAccount } from './types.js';

export type { FakeControl, FakeUrls, PlatformControl, RawData } from './control.js';
export { fakeControl } from './control.js';
export type { FakeOptions, FakePlatform, FaultRule, RequestLogEntry, SeedAccount, SeedCampaign, SeedDaily } from './types.js';
export { demoAccounts, makeAccount, makeCampaigns, generateDaily, dailyRows, todayFor, campaignId } from './fixtures.js';
export * as faults from './errors.js';

export interface FakePlatforms {
  urls: FakeUrls;
  control: FakeControl;
  /** The demo accounts seeded at start (one per platform); `credentials` is what connectPlatformAccount takes. */
  demo: Record<FakePlatform, SeedAccount>;
  close(): Promise<void>;
}

/**
 * Starts the four fakes on 127.0.0.1. `port` (optional) is the first of four consecutive ports
 * (Google, Meta, Naver, Kakao); by default each gets an ephemeral port. The demo accounts are seeded
 * unless `seedDemo: false`.
 */
export async function startFakePlatforms(opts: { port?: number; seedDemo?: boolean; controlAuth?: ControlAuth } = {}): Promise<FakePlatforms> {
  const at = (i: number) => (opts.port ? opts.port + i : 0);
  const [google, meta, naver, kakao] = await Promise.all([
    startFake(googleAdsFake(), at(0), opts.controlAuth),
    startFake(metaFake(), at(1), opts.controlAuth),
    startFake(naverFake(), at(2), opts.controlAuth),
    startFake(kakaoFake(), at(3), opts.controlAuth),
  ]);
  const urls: FakeUrls = {
    GOOGLE_ADS_API_URL: google.url,
    GOOGLE_OAUTH_URL: google.url,
    META_API_URL: meta.url,
    NAVER_API_URL: naver.url,
    KAKAO_API_URL: kakao.url,
    KAKAO_AUTH_URL: kakao.url,
  };
  const control = fakeControl(urls, opts.controlAuth);
  const demo = demoAccounts();
  if (opts.seedDemo !== false) await Promise.all(Object.values(demo).map((a) => control.seed(a)));
  return {
    urls,
    control,
    demo,
    close: async () => {
      await Promise.all([google, meta, naver, kakao].map((f) => f.close()));
    },
  };
}

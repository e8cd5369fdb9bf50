// Typed client of the fakes' /__control API. Works the same in-process and from another process
// (tests drive the stack's fakes started by vitest's global setup).
import type { IamCredentials } from '../services/secrets.js';
import type { PlatformUrlVar } from '../../lib/node/platforms/types.js';
import { signedFetch } from '../../lib/node/signed-request.js';
import type { FakeOptions, FakePlatform, FaultRule, RequestLogEntry, SeedAccount } from './types.js';
import { loopbackFetch } from '../../lib/node/loopback-fetch.js';

/**
 * /__control changes what a fake answers (accounts, revocations, faults), so the stack's fakes take it
 * only SigV4-signed with the install's key pair, under this signing name (it is not an AWS API).
 */
export const CONTROL_SIGNING_NAME = 'sivera-fakes';
export interface ControlAuth {
  credentials: IamCredentials;
  region: string;
}

/** Each fake's base URL, under the variable the adapters read it from. */
export type FakeUrls = Record<PlatformUrlVar, string>;

export interface RawData {
  account: unknown;
  campaigns: Record<string, unknown>[];
  daily: Record<string, unknown>[];
}

export interface PlatformControl {
  readonly url: string;
  /** Adds or replaces an account (credentials, campaigns, figures). */
  seed(account: SeedAccount): Promise<void>;
  /** Shallow-merges fields into a stored account (e.g. `{ campaigns }` to make some disappear). */
  patch(accountId: string, patch: Partial<SeedAccount>): Promise<void>;
  /** Revokes the account's credentials on the platform (token revoked, key reissued). */
  revoke(accountId: string): Promise<void>;
  /** Adds a fault rule; returns its id. */
  fault(rule: FaultRule): Promise<string>;
  clearFaults(): Promise<void>;
  setOptions(options: FakeOptions): Promise<void>;
  /** Requests received (optionally only those whose log entry mentions `contains`). */
  requests(contains?: string): Promise<RequestLogEntry[]>;
  clearRequests(): Promise<void>;
  /** What the fake serves for an account, in the platform's own JSON. */
  raw(accountId: string, from?: string, to?: string): Promise<RawData>;
  reset(): Promise<void>;
}

export type FakeControl = Record<FakePlatform, PlatformControl> & {
  /** Seeds an account on its platform's fake. */
  seed(account: SeedAccount): Promise<void>;
};

function platformControl(url: string, auth: ControlAuth | undefined): PlatformControl {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const init: { method: string; headers: Record<string, string>; body?: string } = {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    };
    const target = `${url}/__control${path}`;
    const res = auth ? await signedFetch(target, init, { ...auth, service: CONTROL_SIGNING_NAME }) : await loopbackFetch(target, init);
    const text = await res.text();
    if (!res.ok) throw new Error(`fake control ${method} ${path} → ${res.status} ${text.slice(0, 200)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  return {
    url,
    seed: async (account) => void (await call('POST', '/accounts', account)),
    patch: async (accountId, patch) => void (await call('PATCH', '/accounts', { accountId, patch })),
    revoke: async (accountId) => void (await call('POST', '/revoke', { accountId })),
    fault: async (rule) => (await call<{ id: string }>('POST', '/faults', rule)).id,
    clearFaults: async () => void (await call('DELETE', '/faults')),
    setOptions: async (options) => void (await call('POST', '/options', options)),
    requests: (contains) => call('GET', `/requests${contains ? `?contains=${encodeURIComponent(contains)}` : ''}`),
    clearRequests: async () => void (await call('DELETE', '/requests')),
    raw: (accountId, from = '', to = '') =>
      call('GET', `/raw?accountId=${encodeURIComponent(accountId)}&from=${from}&to=${to}`),
    reset: async () => void (await call('POST', '/reset')),
  };
}

/** `auth`: the key pair the fakes were started with (the stack's fakes always require it). */
export function fakeControl(urls: FakeUrls, auth?: ControlAuth): FakeControl {
  const byPlatform: Record<FakePlatform, PlatformControl> = {
    GOOGLE_ADS: platformControl(urls.GOOGLE_ADS_API_URL, auth),
    META: platformControl(urls.META_API_URL, auth),
    NAVER: platformControl(urls.NAVER_API_URL, auth),
    KAKAO: platformControl(urls.KAKAO_API_URL, auth),
  };
  return { ...byPlatform, seed: (account) => byPlatform[account.platform].seed(account) };
}

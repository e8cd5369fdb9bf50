// App-level secrets in the adapters, through the sync engine against the fakes: Meta signs every call
// with appsecret_proof when the app secret is configured (the fake checks it, and requires it for an app
// with "Require App Secret"); a secret that could not be read disables only what needs it, and the
// sync's status message says so instead of failing silently.
import { createHmac, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { makeAccount } from '../../../../local/fakes/fixtures.js';
import type { SeedAccount } from '../../../../local/fakes/types.js';
import { connectDirect, deps, fakes, newOwner, seedAccount, syncNow } from '../helpers.js';


const META_OFF = 'Meta appsecret_proof request signing (needed when the Meta app requires it) is off: SSM parameter /sivera/dev/meta/app-secret does not exist';
const KAKAO_OFF = 'Kakao business-token refresh (an expired token needs a reconnect) is off: SSM parameter /sivera/dev/kakao/rest-api-key does not exist';

async function metaAccount(appSecret?: string): Promise<SeedAccount> {
  const a = makeAccount('META', { suffix: randomUUID().slice(0, 8), campaigns: 3 });
  if (appSecret) a.metaAppSecret = appSecret;
  await fakes().seed(a);
  return a;
}

const adapterWith = (secrets: Record<string, unknown>) => ({ deps: { adapter: { ...deps({ publish: async () => {} }).adapter, secrets } } });

describe('Meta appsecret_proof', () => {
  it('signs every call with HMAC-SHA256(access token, app secret); an app that requires it is served', async () => {
    const appSecret = `app-${randomUUID()}`;
    const owner = newOwner();
    const a = await metaAccount(appSecret);
    await connectDirect(owner, a);
    const { result } = await syncNow(owner, a, adapterWith({ metaAppSecret: appSecret }));
    expect(result?.status.state).toBe('SUCCEEDED');
    const calls = await fakes().META.requests(a.accountId);
    expect(calls.length).toBeGreaterThan(1);
    const proof = createHmac('sha256', appSecret).update(a.credentials.accessToken!).digest('hex');
    for (const c of calls) expect(new URLSearchParams(c.query).get('appsecret_proof')).toBe(proof);
  });

  it('no app secret (its parameter is missing): an app without the requirement still syncs, unsigned', async () => {
    const owner = newOwner();
    const a = await metaAccount();
    await connectDirect(owner, a);
    const { result } = await syncNow(owner, a, adapterWith({ unavailable: { META: META_OFF } }));
    expect(result?.status.state).toBe('SUCCEEDED');
    for (const c of await fakes().META.requests(a.accountId)) expect(new URLSearchParams(c.query).has('appsecret_proof')).toBe(false);
  });

  it('no app secret and the app requires it: FAILED, and the status names the missing secret', async () => {
    const owner = newOwner();
    const a = await metaAccount(`app-${randomUUID()}`);
    await connectDirect(owner, a);
    const { result } = await syncNow(owner, a, adapterWith({ unavailable: { META: META_OFF } }));
    expect(result?.status.state).toBe('FAILED');
    expect(result?.status.message).toContain('require an appsecret_proof argument');
    expect(result?.status.message).toContain(META_OFF);
  });
});

describe('Kakao token refresh without the REST API key', () => {
  it('an expired token fails the sync with a status that names the missing key', async () => {
    const owner = newOwner();
    const a = await seedAccount('KAKAO', { campaigns: 2 });
    await connectDirect(owner, a);
    await fakes().KAKAO.setOptions({ kakaoReportIntervalMs: 50 });
    await fakes().KAKAO.patch(a.accountId, { credentials: { ...a.credentials, accessToken: `${a.credentials.accessToken}-expired` } });
    const { result } = await syncNow(owner, a, adapterWith({ unavailable: { KAKAO: KAKAO_OFF } }));
    expect(result?.status.state).toBe('FAILED');
    expect(result?.status.message).toContain('AUTH_INVALID');
    expect(result?.status.message).toContain(KAKAO_OFF);
    // No refresh was attempted without a client_id.
    expect((await fakes().KAKAO.requests(a.accountId)).filter((r) => r.path === '/oauth/token')).toEqual([]);
  });
});

// Fault tests through the fake platforms: rate limits with hints, 5xx bursts, timeouts, credentials
// revoked mid-sync, permanently failing units (→ PARTIAL), bad requests, unavailable accounts.
// After each: nothing lost, nothing duplicated, final state and account status as the taxonomy says.
import { describe, expect, it } from 'vitest';
import { faults } from '../../../local/fakes/index.js';
import { accountItem, connectDirect, dateIn, deps, fakes, newOwner, seedAccount, shift, storedCampaigns, syncNow } from './helpers.js';


function storedDays(items: { metrics: { daily: Record<string, unknown> } }[]): number {
  return items.reduce((n, i) => n + Object.keys(i.metrics.daily).length, 0);
}

describe('rate limits and transient failures', () => {
  it('Google 429 with retryDelay: waits at least the hint, then completes', async () => {
    const owner = newOwner();
    const a = await seedAccount('GOOGLE_ADS', { campaigns: 4 });
    await connectDirect(owner, a);
    const to = dateIn(a.timeZone);
    const from = shift(to, -4);
    await fakes().GOOGLE_ADS.fault({ path: `/customers/${a.accountId}/`, bodyIncludes: 'segments.date', times: 1, ...faults.google.rateLimited(1) });
    const { result } = await syncNow(owner, a, { from, to });
    expect(result?.status.state).toBe('SUCCEEDED');
    const metricsCalls = (await fakes().GOOGLE_ADS.requests(a.accountId)).filter((r) => r.body.includes('segments.date'));
    expect(metricsCalls.map((r) => r.status)).toEqual([429, 200]);
    expect(metricsCalls[1]!.at - metricsCalls[0]!.at).toBeGreaterThanOrEqual(1000);
    const raw = await fakes().GOOGLE_ADS.raw(a.accountId, from, to);
    expect(storedDays(await storedCampaigns(owner, a))).toBe(raw.daily.length);
  });

  it('Naver 429 without a hint and a 5xx burst: backs off and completes with every day', async () => {
    const owner = newOwner();
    const a = await seedAccount('NAVER', { campaigns: 4 });
    await connectDirect(owner, a);
    const to = dateIn('Asia/Seoul');
    const from = shift(to, -4);
    const n = fakes().NAVER;
    await n.fault({ path: '^/stats$', accountId: a.accountId, queryIncludes: a.campaigns[0]!.id, times: 2, ...faults.naver.rateLimited() });
    await n.fault({ path: '^/stats$', accountId: a.accountId, queryIncludes: a.campaigns[1]!.id, times: 3, ...faults.naver.serverError() });
    const { result } = await syncNow(owner, a, { from, to });
    expect(result?.status.state).toBe('SUCCEEDED');
    const raw = await n.raw(a.accountId, from, to);
    expect(storedDays(await storedCampaigns(owner, a))).toBe(raw.daily.length);
    const statuses = (await n.requests(a.credentials.apiKey)).filter((r) => r.path === '/stats').map((r) => r.status);
    expect(statuses.filter((s) => s === 429)).toHaveLength(2);
    expect(statuses.filter((s) => s === 500)).toHaveLength(3);
  });

  it('Meta transient errors (code 2) and a slow answer past the timeout: retried, nothing lost', async () => {
    const owner = newOwner();
    const a = await seedAccount('META', { campaigns: 5 });
    await connectDirect(owner, a);
    const to = dateIn(a.timeZone);
    const from = shift(to, -3);
    const m = fakes().META;
    await m.fault({ path: `act_${a.accountId}/campaigns$`, times: 2, ...faults.meta.transient() });
    await m.fault({ path: `act_${a.accountId}/insights$`, times: 1, delayMs: 1500 });
    const { result } = await syncNow(owner, a, { from, to, deps: { adapter: { ...deps({ publish: async () => {} }).adapter, timeoutMs: 700 } } });
    expect(result?.status.state).toBe('SUCCEEDED');
    const raw = await m.raw(a.accountId, from, to);
    const items = await storedCampaigns(owner, a);
    expect(items).toHaveLength(5);
    expect(storedDays(items)).toBe(raw.daily.length);
  });
});

describe('revoked credentials', () => {
  it('Naver key reissued mid-sync: FAILED at once, account INACTIVE with a reason, no secret anywhere', async () => {
    const owner = newOwner();
    const a = await seedAccount('NAVER', { campaigns: 6 });
    await connectDirect(owner, a);
    await fakes().NAVER.fault({ path: '^/stats$', accountId: a.accountId, after: 2, times: 1, revokeAccount: a.accountId });
    const { result, statuses } = await syncNow(owner, a);
    expect(result?.status.state).toBe('FAILED');
    expect(result?.status.message).toMatch(/NAVER AUTH_INVALID \(invalid-signature\).*request/);
    const acct = await accountItem(owner, a);
    expect(acct.status).toBe('inactive');
    expect(acct.statusReason).toMatch(/invalid-signature/);
    expect(acct.syncLease).toBeUndefined();
    expect(acct.lastSync?.state).toBe('FAILED');
    // No retry after an auth failure: 2 good /stats calls, then the one that failed.
    const stats = (await fakes().NAVER.requests(a.credentials.apiKey)).filter((r) => r.path === '/stats');
    expect(stats.map((r) => r.status)).toEqual([200, 200, 403]);
    const everything = JSON.stringify({ statuses, acct: { ...acct, credentials: undefined } });
    for (const secret of [a.credentials.secretKey!, a.credentials.apiKey!, stats[2]!.headers['x-signature']!]) expect(everything).not.toContain(secret);
  });

  it('Google refresh token revoked mid-sync: one refresh attempt, then FAILED and INACTIVE', async () => {
    const owner = newOwner();
    const a = await seedAccount('GOOGLE_ADS', { campaigns: 3 });
    await connectDirect(owner, a);
    await fakes().GOOGLE_ADS.fault({ path: `/customers/${a.accountId}/`, bodyIncludes: 'segments.date', times: 1, revokeAccount: a.accountId });
    const { result } = await syncNow(owner, a);
    expect(result?.status.state).toBe('FAILED');
    expect(result?.status.message).toContain('AUTH_INVALID');
    const acct = await accountItem(owner, a);
    expect(acct.status).toBe('inactive');
    const tokens = (await fakes().GOOGLE_ADS.requests(a.credentials.clientId)).filter((r) => r.path === '/token').map((r) => r.status);
    expect(tokens).toEqual([200, 400]);
  });

  it('Kakao expired access token: refreshed once with the refresh token, sync completes', async () => {
    const owner = newOwner();
    const a = await seedAccount('KAKAO', { campaigns: 3 });
    await connectDirect(owner, a);
    await fakes().KAKAO.setOptions({ kakaoReportIntervalMs: 50 });
    // The platform no longer knows the stored access token (expired); the refresh token still works.
    await fakes().KAKAO.patch(a.accountId, { credentials: { ...a.credentials, accessToken: `${a.credentials.accessToken}-rotated` } });
    const base = deps({ publish: async () => {} }).adapter;
    const { result } = await syncNow(owner, a, { deps: { adapter: { ...base, secrets: { kakaoRestApiKey: 'test-rest-api-key' } } } });
    expect(result?.status.state).toBe('SUCCEEDED');
    const log = await fakes().KAKAO.requests(a.accountId);
    expect(log.filter((r) => r.status === 401)).toHaveLength(1);
    expect(log.filter((r) => r.status === 200).length).toBeGreaterThan(2);
    expect((await accountItem(owner, a)).status).toBe('active');
  });
});

describe('permanent unit failures → PARTIAL', () => {
  it('one Naver campaign whose /stats always fails: the others are complete, PARTIAL names the unit and request id', async () => {
    const owner = newOwner();
    const a = await seedAccount('NAVER', { campaigns: 5 });
    await connectDirect(owner, a);
    const to = dateIn('Asia/Seoul');
    const from = shift(to, -5);
    const bad = a.campaigns[2]!.id;
    await fakes().NAVER.fault({ path: '^/stats$', accountId: a.accountId, queryIncludes: bad, times: -1, ...faults.naver.serverError() });
    const { result } = await syncNow(owner, a, { from, to });
    expect(result?.status.state).toBe('PARTIAL');
    expect(result?.status.message).toMatch(new RegExp(`stats of campaign ${bad} failed: NAVER TRANSIENT \\(1000\\): .*\\[request [0-9a-f-]{36}\\]`));
    const items = await storedCampaigns(owner, a);
    expect(items).toHaveLength(5); // the campaign itself is still stored
    const raw = await fakes().NAVER.raw(a.accountId, from, to);
    const expected = (raw.daily as { id: string }[]).filter((r) => r.id !== bad).length;
    expect(storedDays(items)).toBe(expected);
    expect(Object.keys(items.find((i) => i.campaignId === bad)!.metrics.daily)).toHaveLength(0);
    const acct = await accountItem(owner, a);
    expect(acct.status).toBe('active');
    expect(acct.lastSync).toMatchObject({ state: 'PARTIAL' });
    expect(acct.lastSyncAt).toBeTruthy();
  });

  it('a Google stream that breaks after its first batch: rows of that batch kept, PARTIAL', async () => {
    const owner = newOwner();
    const a = await seedAccount('GOOGLE_ADS', { campaigns: 6 });
    await connectDirect(owner, a);
    const to = dateIn(a.timeZone);
    const from = shift(to, -6);
    await fakes().GOOGLE_ADS.setOptions({ googleStreamBatchSize: 5 });
    await fakes().GOOGLE_ADS.fault({ path: `/customers/${a.accountId}/`, bodyIncludes: 'segments.date', times: -1, streamErrorAfterBatches: 1, body: faults.google.streamError() });
    const { result } = await syncNow(owner, a, { from, to });
    expect(result?.status.state).toBe('PARTIAL');
    expect(result?.status.message).toMatch(/GOOGLE_ADS TRANSIENT \(internalError\.TRANSIENT_ERROR\).*\[request g-/);
    expect(storedDays(await storedCampaigns(owner, a))).toBe(5);
  });

  it('a Meta campaign page that always fails: PARTIAL, and campaigns not listed are NOT marked removed', async () => {
    const owner = newOwner();
    const a = await seedAccount('META', { campaigns: 6 });
    await connectDirect(owner, a);
    const first = await syncNow(owner, a);
    expect(first.result?.status.state).toBe('SUCCEEDED');
    await fakes().META.setOptions({ metaMaxPageSize: 4 });
    await fakes().META.fault({ path: `act_${a.accountId}/campaigns$`, queryIncludes: 'after=', times: -1, ...faults.meta.transient() });
    const { result } = await syncNow(owner, a);
    expect(result?.status.state).toBe('PARTIAL');
    expect(result?.status.message).toMatch(/^campaign list failed: META TRANSIENT/);
    const items = await storedCampaigns(owner, a);
    expect(items.length).toBe((await fakes().META.raw(a.accountId)).campaigns.length);
    const removedBefore = (await fakes().META.raw(a.accountId)).campaigns.filter((c) => c.effective_status === 'DELETED' || c.effective_status === 'ARCHIVED').length;
    expect(items.filter((i) => i.status === 'REMOVED')).toHaveLength(removedBefore);
  });
});

describe('failures that end the sync', () => {
  it('a rejected query (400 queryError) fails fast, without retries, and leaves the account active', async () => {
    const owner = newOwner();
    const a = await seedAccount('GOOGLE_ADS', { campaigns: 2 });
    await connectDirect(owner, a);
    await fakes().GOOGLE_ADS.fault({
      path: `/customers/${a.accountId}/`,
      bodyIncludes: 'FROM campaign',
      times: -1,
      status: 400,
      body: [faults.googleFailure(400, 'INVALID_ARGUMENT', { queryError: 'UNRECOGNIZED_FIELD' }, 'Unrecognized field in the query.')],
    });
    const { result } = await syncNow(owner, a);
    expect(result?.status).toMatchObject({ state: 'FAILED' });
    expect(result?.status.message).toContain('INVALID_REQUEST (queryError.UNRECOGNIZED_FIELD)');
    expect((await fakes().GOOGLE_ADS.requests(a.accountId)).filter((r) => r.body.includes('FROM campaign'))).toHaveLength(1);
    expect((await accountItem(owner, a)).status).toBe('active');
  });

  it('a stopped Kakao ad account: FAILED with the platform reason, credentials stay active', async () => {
    const owner = newOwner();
    const a = await seedAccount('KAKAO', { campaigns: 2 });
    await connectDirect(owner, a);
    await fakes().KAKAO.patch(a.accountId, { disabled: true });
    const { result } = await syncNow(owner, a);
    expect(result?.status.state).toBe('FAILED');
    expect(result?.status.message).toContain('KAKAO ACCOUNT_UNAVAILABLE');
    expect((await accountItem(owner, a)).status).toBe('active');
    expect(await storedCampaigns(owner, a)).toHaveLength(0);
  });
});

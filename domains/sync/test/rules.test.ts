// The sync rules both sides of the wire apply (domains/sync/rules.ts): the resolver on the dates a caller
// sends, the sync Lambda on the range it resolves and on the account status it reads when it runs.
import { describe, expect, it } from 'vitest';
import { MAX_SYNC_RANGE_DAYS } from '../../../api/limits.js';
import { gql, newUser } from '../../../test/support/stack.js';
import { accountCanSync, SYNC_RANGE_MESSAGES, syncRangeProblem } from '../rules.js';
import { connectDirect, newOwner, seedAccount, shift, syncNow } from './helpers.js';

const SYNC = `mutation Sync($platform: Platform!, $accountId: ID!, $from: AWSDate, $to: AWSDate) { syncCampaigns(platform: $platform, accountId: $accountId, from: $from, to: $to) { syncId } }`;
const today = () => new Date().toISOString().slice(0, 10);

describe('the rules', () => {
  it('a range spans at most MAX_SYNC_RANGE_DAYS days, from not after to', () => {
    expect(syncRangeProblem(0)).toBeNull();
    expect(syncRangeProblem(MAX_SYNC_RANGE_DAYS - 1)).toBeNull();
    expect(syncRangeProblem(MAX_SYNC_RANGE_DAYS)).toBe('rangeTooLong');
    expect(syncRangeProblem(-1)).toBe('afterTo');
  });

  it('an account syncs unless its status says otherwise', () => {
    for (const s of [undefined, null, 'active', 'ACTIVE']) expect(accountCanSync(s)).toBe(true);
    for (const s of ['inactive', 'INACTIVE']) expect(accountCanSync(s)).toBe(false);
  });
});

describe('both sides apply the same rule', () => {
  it('the resolver refuses a range one day too long, with the rule’s message', async () => {
    const owner = await newUser('sync-rules');
    const to = today();
    const r = await gql(owner, SYNC, { platform: 'NAVER', accountId: '1234', from: shift(to, -MAX_SYNC_RANGE_DAYS), to });
    expect(r.errors?.[0]).toMatchObject({ errorType: 'ValidationError', message: SYNC_RANGE_MESSAGES.rangeTooLong });
  });

  it('the Lambda checks the range it resolves: `from` alone, the end filled in from the account', async () => {
    const owner = newOwner();
    const a = await seedAccount('NAVER', { campaigns: 1 });
    await connectDirect(owner, a);
    const { result } = await syncNow(owner, a, { from: shift(today(), -(MAX_SYNC_RANGE_DAYS + 5)) });
    expect(result?.status.state).toBe('FAILED');
    expect(result?.status.message).toContain(SYNC_RANGE_MESSAGES.rangeTooLong);
  });

  it('an account item whose status is null syncs, as the resolver lets it (the Lambda used to crash on it)', async () => {
    const owner = newOwner();
    const a = await seedAccount('NAVER', { campaigns: 1 });
    await connectDirect(owner, a, { status: null });
    const { result } = await syncNow(owner, a);
    expect(result?.status.state).toBe('SUCCEEDED');
  });
});

// The SyncFailures metric: one EMF line (top-level `_aws`) per sync that ends FAILED, none otherwise.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { connectDirect, newOwner, seedAccount, syncNow } from './helpers.js';


function captureEmf() {
  const spy = vi.spyOn(console, 'log');
  return () =>
    spy.mock.calls
      .map((c) => c[0])
      .filter((l): l is string => typeof l === 'string' && l.includes('"_aws"'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
}

afterEach(() => vi.restoreAllMocks());

describe('SyncFailures metric', () => {
  it('a FAILED sync writes exactly one EMF line', async () => {
    const owner = newOwner();
    const a = await seedAccount('NAVER', { campaigns: 1 });
    await connectDirect(owner, a, { status: 'inactive' });
    const lines = captureEmf();
    const before = Date.now();
    const { result } = await syncNow(owner, a);
    expect(result?.status.state).toBe('FAILED');
    const emf = lines();
    expect(emf).toHaveLength(1);
    const line = emf[0]!;
    expect(line.SyncFailures).toBe(1);
    expect(line._aws).toEqual({
      Timestamp: expect.any(Number),
      CloudWatchMetrics: [{ Namespace: 'Sivera/Sync', Dimensions: [[]], Metrics: [{ Name: 'SyncFailures', Unit: 'Count' }] }],
    });
    expect((line._aws as { Timestamp: number }).Timestamp).toBeGreaterThanOrEqual(before);
  });

  it('a SUCCEEDED sync writes none', async () => {
    const owner = newOwner();
    const a = await seedAccount('NAVER', { campaigns: 2 });
    await connectDirect(owner, a);
    const lines = captureEmf();
    const { result } = await syncNow(owner, a);
    expect(result?.status.state).toBe('SUCCEEDED');
    expect(lines()).toEqual([]);
  });
});

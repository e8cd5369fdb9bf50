// Writes campaign items straight into sivera-campaigns in the documented shape (resolvers/lib/
// campaigns.ts; the sync writes the same), so the read path is tested without the sync.
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { docClient, table } from '../../../test/support/stack.js';

export const STATUSES = ['ACTIVE', 'PAUSED', 'REMOVED', 'ENDED', 'UNKNOWN'] as const;

export interface SeededCampaign {
  accountId: string;
  campaignId: string;
  status: string;
  updatedAt: string;
  updatedSort: string;
}

export function campaignItem(
  ownerSub: string,
  platform: string,
  accountId: string,
  campaignId: string,
  updatedAt: string,
  status: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    userPlatformAccount: `${ownerSub}#${platform}#${accountId}`,
    campaignId,
    ownerId: ownerSub,
    platform,
    accountId,
    status,
    updatedAt,
    updatedSort: `${updatedAt}#${campaignId}`,
    campaignData: { name: `Campaign ${campaignId}`, rawStatus: status, objective: 'SEARCH', currency: 'KRW', budgetMicros: 5000000000 },
    metrics: {
      totals: { impressions: 10, clicks: 2, costMicros: 3000000, conversions: 1, conversionValueMicros: 9000000, from: '2026-01-01', to: '2026-01-02' },
      daily: {
        '2026-01-01': { impressions: 4, clicks: 1, costMicros: 1000000, conversions: 0, conversionValueMicros: 0, costIncludesVat: false, provisional: false },
        '2026-01-02': { impressions: 6, clicks: 1, costMicros: 2000000, conversions: 1, conversionValueMicros: 9000000, costIncludesVat: false, provisional: true },
      },
    },
    ...extra,
  };
}

export async function putItems(items: Record<string, unknown>[]): Promise<void> {
  const chunks: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) chunks.push(items.slice(i, i + 25));
  const name = table('campaigns');
  const worker = async () => {
    for (let chunk = chunks.shift(); chunk; chunk = chunks.shift()) {
      let pending = chunk.map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 10) throw new Error('BatchWrite kept returning unprocessed items');
        const r = await docClient().send(new BatchWriteCommand({ RequestItems: { [name]: pending } }));
        pending = (r.UnprocessedItems?.[name] ?? []) as typeof pending;
      }
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
}

/**
 * `count` campaigns in one account; every third shares its updatedAt with its neighbours, so the
 * campaignId tie-break of updatedSort is exercised. Status cycles through STATUSES.
 */
export function accountCampaigns(ownerSub: string, platform: string, accountId: string, count: number, base = Date.UTC(2026, 0, 1)) {
  const seeded: SeededCampaign[] = [];
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const campaignId = String(7000000 + i * 7919 % 1000003);
    const updatedAt = new Date(base + Math.floor(i / 3) * 60000).toISOString();
    const status = STATUSES[i % STATUSES.length]!;
    items.push(campaignItem(ownerSub, platform, accountId, campaignId, updatedAt, status));
    seeded.push({ accountId, campaignId, status, updatedAt, updatedSort: `${updatedAt}#${campaignId}` });
  }
  return { items, seeded };
}

/** The documented order: accounts in accountId order, newest updatedSort first within each. */
export function expectedOrder(seeded: SeededCampaign[]): SeededCampaign[] {
  return [...seeded].sort((a, b) =>
    a.accountId !== b.accountId ? (a.accountId < b.accountId ? -1 : 1) : a.updatedSort < b.updatedSort ? 1 : a.updatedSort > b.updatedSort ? -1 : 0,
  );
}

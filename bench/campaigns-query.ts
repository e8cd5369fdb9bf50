// campaigns(limit: 50) end to end — HTTP POST /graphql with a Cognito access token, JWT check,
// the APPSYNC_JS pipeline (authorizeOwner → listCampaignAccounts → listCampaignsPage1..5), the LSI
// Query on DynamoDB Local, mapping and GraphQL serialization — against a raw SDK Query of the same
// page (same partition, same index, same Limit, DocumentClient unmarshalling) on the same DynamoDB
// Local, measured in the same run, interleaved so both see the same machine load.
// Target: p50 ratio <= 1.3x.
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { startStack } from '../local/stack.js';
import { signUpConfirmed } from '../test/support/users.js';
import { buildResolvers } from '../scripts/build-resolvers.js';
import type { Bench, BenchResult } from './types.js';
import { percentile } from './stats.js';

const CAMPAIGNS = 2_000;
const DAYS = 30;
const WARMUP = 30;
const ROUNDS = 300;
const LIMIT = 50;
const ACCOUNT = '1234567890';
const PLATFORM = 'GOOGLE_ADS';

const QUERY = `query($accountId: ID, $limit: Int) {
  campaigns(platform: ${PLATFORM}, accountId: $accountId, limit: $limit) {
    items { campaignId accountId name status rawStatus objective budgetMicros currency startDate endDate updatedAt
      metrics { impressions clicks costMicros conversions conversionValueMicros from to } }
    nextToken } }`;


function item(owner: string, i: number): Record<string, unknown> {
  const campaignId = String(20000000000 + i);
  const updatedAt = new Date(Date.UTC(2026, 0, 1) + i * 61_000).toISOString();
  const daily: Record<string, unknown> = {};
  for (let d = 0; d < DAYS; d++) {
    const date = new Date(Date.UTC(2026, 1, 1) + d * 86_400_000).toISOString().slice(0, 10);
    daily[date] = { impressions: 1000 + d, clicks: 30 + d, costMicros: 12_340_000 * (d + 1), conversions: d % 4, conversionValueMicros: 50_000_000, costIncludesVat: false, provisional: d > DAYS - 3 };
  }
  return {
    userPlatformAccount: `${owner}#${PLATFORM}#${ACCOUNT}`,
    campaignId,
    ownerId: owner,
    platform: PLATFORM,
    accountId: ACCOUNT,
    status: i % 3 === 0 ? 'PAUSED' : 'ACTIVE',
    updatedAt,
    updatedSort: `${updatedAt}#${campaignId}`,
    campaignData: {
      name: `Search campaign ${i}`,
      rawStatus: 'ENABLED',
      objective: 'SEARCH',
      budgetMicros: '50000000000',
      budgetPeriod: 'DAILY',
      currency: 'KRW',
      startDate: '2026-01-01',
      endDate: null,
      timeZone: 'Asia/Seoul',
    },
    metrics: {
      totals: { impressions: 30_000, clicks: 900, costMicros: 5_000_000_000, conversions: 45, conversionValueMicros: 9_000_000_000, from: '2026-02-01', to: '2026-03-02' },
      daily,
    },
  };
}

export const run: Bench = async () => {
  await buildResolvers();
  const stack = await startStack({});
  try {
    const o = stack.outputs;
    if (!o.graphql) throw new Error('the stack started without its GraphQL endpoint');
    const credentials = o.iam;
    const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: o.dynamodb.endpoint, region: o.region, credentials }));

    // A real user: sign-up, confirmation (PostConfirmation runs), password sign-in.
    const cognito = new CognitoIdentityProviderClient({ endpoint: o.cognito.endpoint, region: o.region, credentials });
    const user = await signUpConfirmed(o, cognito);
    const token = user.accessToken;
    const owner = user.sub;

    await doc.send(new PutCommand({ TableName: o.dynamodb.tables.platformCredentials, Item: { userPlatform: `${owner}#${PLATFORM}`, accountId: ACCOUNT, ownerId: owner, platform: PLATFORM, status: 'active', createdAt: new Date().toISOString(), credentials: 'bench' } }));
    const items = Array.from({ length: CAMPAIGNS }, (_, i) => item(owner, i));
    for (let i = 0; i < items.length; i += 25) {
      let pending = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
      while (pending.length) {
        const r = await doc.send(new BatchWriteCommand({ RequestItems: { [o.dynamodb.tables.campaigns]: pending } }));
        pending = (r.UnprocessedItems?.[o.dynamodb.tables.campaigns] ?? []) as typeof pending;
      }
    }

    const body = JSON.stringify({ query: QUERY, variables: { accountId: ACCOUNT, limit: LIMIT } });
    const endToEnd = async (): Promise<number> => {
      const res = await fetch(o.graphql!.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: token }, body });
      const json = (await res.json()) as { data?: { campaigns: { items: unknown[] } }; errors?: unknown };
      if (json.errors || json.data?.campaigns.items.length !== LIMIT) throw new Error(`campaigns query failed: ${JSON.stringify(json.errors)}`);
      return LIMIT;
    };
    const rawQuery = (projected: boolean) => async (): Promise<number> => {
      const r = await doc.send(
        new QueryCommand({
          TableName: o.dynamodb.tables.campaigns,
          IndexName: 'updatedAt-index',
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': 'userPlatformAccount', ...(projected ? { '#s': 'status', '#m': 'metrics' } : {}) },
          ExpressionAttributeValues: { ':pk': `${owner}#${PLATFORM}#${ACCOUNT}` },
          // The resolver's own projection when Campaign.daily is not selected (resolvers/lib/campaign-page.ts).
          ...(projected ? { ProjectionExpression: 'campaignId, #s, updatedAt, updatedSort, campaignData, #m.totals' } : {}),
          ScanIndexForward: false,
          Limit: LIMIT,
        }),
      );
      if (r.Items?.length !== LIMIT) throw new Error('raw query returned a short page');
      return LIMIT;
    };
    const raw = rawQuery(false);
    const rawProjected = rawQuery(true);

    const variants = [endToEnd, raw, rawProjected];
    for (let i = 0; i < WARMUP; i++) for (const f of variants) await f();
    const times = new Map(variants.map((f) => [f, [] as number[]]));
    for (let i = 0; i < ROUNDS; i++) {
      // Rotate the order so none always runs right after another on a warmer cache.
      for (let k = 0; k < variants.length; k++) {
        const f = variants[(i + k) % variants.length]!;
        const t0 = performance.now();
        await f();
        times.get(f)!.push(performance.now() - t0);
      }
    }
    const [e2e, base, baseProjected] = variants.map((f) => times.get(f)!.sort((a, b) => a - b)) as [number[], number[], number[]];
    const p50 = percentile(e2e, 50);
    const b50 = percentile(base, 50);
    const bp50 = percentile(baseProjected, 50);
    const p99 = percentile(e2e, 99);
    const b99 = percentile(base, 99);
    const results: BenchResult[] = [
      { name: 'campaigns(limit: 50) p50 vs raw SDK Query', value: p50, unit: 'ms', baseline: b50, ratio: p50 / b50, target: '<= 1.3x' },
      { name: 'campaigns(limit: 50) p99 vs raw SDK Query', value: p99, unit: 'ms', baseline: b99, ratio: p99 / b99, target: 'reported' },
      {
        name: 'campaigns(limit: 50) p50 vs raw SDK Query with the same projection',
        value: p50,
        unit: 'ms',
        baseline: bp50,
        ratio: p50 / bp50,
        target: 'reported (resolver overhead alone)',
      },
    ];
    return results;
  } finally {
    await stack.stop();
  }
};

// Two local stacks in one process (issue 19): each stack hands its Lambda handlers their own config
// object (tables, endpoints, KMS key, GraphQL URL, platform URLs, key pair), not process.env, so one
// stack's functions never write to the other's DynamoDB. Before, the second stack to start rewrote
// process.env and the first stack's functions followed it.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeSyncId } from '../../domains/sync/lambda/sync-id.js';
import { makeAccount } from '../../local/fakes/index.js';
import { startStack, type Stack } from '../../local/stack.js';

const dir = mkdtempSync(join(tmpdir(), 'sivera-two-stacks-'));
const stacks: Stack[] = [];
let envBefore: Record<string, string | undefined>;

beforeAll(async () => {
  envBefore = { ...process.env };
  // Started together, each with its own (temporary) state dir, ports, DynamoDB Local, KMS key and fakes. No resolver
  // bundles: only the Lambda side is exercised (a status publish is refused, which a sync survives).
  const noBundles = join(dir, 'no-bundles');
  const started = await Promise.allSettled([0, 1].map(() => startStack({ bundleDir: noBundles })));
  for (const r of started) if (r.status === 'fulfilled') stacks.push(r.value);
  const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}, 240_000);

afterAll(async () => {
  await Promise.all(stacks.map((s) => s.stop()));
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

const doc = (s: Stack) =>
  DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: s.outputs.dynamodb.endpoint, region: s.outputs.region, credentials: s.outputs.iam }));

/** Through the stack's Lambda Invoke endpoint, signed with its own key pair (as AppSync and Cognito call it). */
async function invoke(s: Stack, fn: 'credentials' | 'sync', payload: unknown): Promise<unknown> {
  const client = new LambdaClient({ endpoint: s.outputs.lambda.endpoint, region: s.outputs.region, credentials: s.outputs.iam });
  try {
    const r = await client.send(new InvokeCommand({ FunctionName: s.outputs.lambda.functions[fn], Payload: Buffer.from(JSON.stringify(payload)) }));
    const text = Buffer.from(r.Payload ?? new Uint8Array()).toString('utf8');
    if (r.FunctionError) throw new Error(`${fn} failed: ${text}`);
    return text ? JSON.parse(text) : undefined;
  } finally {
    client.destroy();
  }
}

describe('two stacks in one process', () => {
  it('leave process.env as it was', () => {
    expect(stacks).toHaveLength(2);
    expect({ ...process.env }).toEqual(envBefore);
  });

  it('each stack\'s credentials and sync functions write to that stack\'s DynamoDB only', { timeout: 120_000 }, async () => {
    // The fakes' demo Meta account (each stack's fakes serve it); a different owner on each stack.
    const account = makeAccount('META', { campaigns: 7 });
    const accountId = `act_${account.accountId}`;
    const owners = stacks.map(() => randomUUID());

    for (const [i, s] of stacks.entries()) {
      const answer = await invoke(s, 'credentials', {
        fieldName: 'connectPlatformAccount',
        arguments: { input: { platform: 'META', accountId, credentials: JSON.stringify(account.credentials) } },
        identity: { sub: owners[i] },
      });
      expect(answer).toMatchObject({ ownerId: owners[i], platform: 'META', accountId });
    }
    for (const [i, s] of stacks.entries()) {
      const ownerId = owners[i]!;
      const syncId = encodeSyncId({ ownerId, platform: 'META', accountId });
      // Decrypting what its own credentials function sealed needs its own KMS key: another stack's refuses it.
      expect(await invoke(s, 'sync', { syncId, ownerId, platform: 'META', accountId })).toEqual({ state: 'SUCCEEDED' });
    }

    for (const [i, s] of stacks.entries()) {
      const o = s.outputs;
      for (const [j, ownerId] of owners.entries()) {
        const item = await doc(s).send(
          new GetCommand({ TableName: o.dynamodb.tables.platformCredentials, Key: { userPlatform: `${ownerId}#META`, accountId }, ConsistentRead: true }),
        );
        const campaigns = await doc(s).send(
          new QueryCommand({ TableName: o.dynamodb.tables.campaigns, KeyConditionExpression: 'userPlatformAccount = :pk', ExpressionAttributeValues: { ':pk': `${ownerId}#META#${accountId}` } }),
        );
        if (i === j) {
          expect(item.Item, `stack ${i} holds its own owner's account`).toMatchObject({ ownerId, status: 'active' });
          expect(campaigns.Items?.length, `stack ${i} holds its own sync's campaigns`).toBeGreaterThan(0);
          expect(campaigns.Items!.every((c) => c.ownerId === ownerId)).toBe(true);
        } else {
          expect(item.Item, `stack ${i} holds nothing of stack ${j}'s owner`).toBeUndefined();
          expect(campaigns.Items).toEqual([]);
        }
      }
    }
  });
});

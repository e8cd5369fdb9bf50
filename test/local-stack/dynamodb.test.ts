// The stack's DynamoDB Local holds the tables of api/tables.ts with their keys and indexes.
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { tables, type TableKey } from '../../api/tables.js';
import { docClient, outputs, table } from '../support/stack.js';

const client = new DynamoDBClient({ endpoint: outputs().dynamodb.endpoint, region: outputs().region, credentials: outputs().iam });
afterAll(() => client.destroy());

describe('DynamoDB Local', () => {
  it.each(Object.keys(tables) as TableKey[])('has table %s with the declared keys and indexes', async (key) => {
    const def = tables[key];
    const { Table } = await client.send(new DescribeTableCommand({ TableName: table(key) }));
    expect(Table?.TableStatus).toBe('ACTIVE');
    expect(Table?.KeySchema).toEqual([
      { AttributeName: def.partitionKey, KeyType: 'HASH' },
      ...(def.sortKey ? [{ AttributeName: def.sortKey, KeyType: 'RANGE' }] : []),
    ]);
    const gsis = (Table?.GlobalSecondaryIndexes ?? []).map((g) => ({ name: g.IndexName, keys: g.KeySchema, projection: g.Projection?.ProjectionType }));
    expect(gsis).toEqual(
      (def.globalSecondaryIndexes ?? []).map((g) => ({
        name: g.indexName,
        keys: [{ AttributeName: g.partitionKey, KeyType: 'HASH' }, ...(g.sortKey ? [{ AttributeName: g.sortKey, KeyType: 'RANGE' }] : [])],
        projection: 'ALL',
      })),
    );
    const lsis = (Table?.LocalSecondaryIndexes ?? []).map((l) => ({ name: l.IndexName, keys: l.KeySchema }));
    expect(lsis).toEqual(
      (def.localSecondaryIndexes ?? []).map((l) => ({
        name: l.indexName,
        keys: [
          { AttributeName: def.partitionKey, KeyType: 'HASH' },
          { AttributeName: l.sortKey, KeyType: 'RANGE' },
        ],
      })),
    );
  });

  it('serves the teams GSI and the campaigns LSI', async () => {
    const teamId = randomUUID();
    const sub = randomUUID();
    await docClient().send(new PutCommand({ TableName: table('teams'), Item: { teamId, userId: sub, role: 'owner' } }));
    const byUser = await docClient().send(
      new QueryCommand({ TableName: table('teams'), IndexName: 'userId-index', KeyConditionExpression: 'userId = :u', ExpressionAttributeValues: { ':u': sub } }),
    );
    expect(byUser.Items).toEqual([{ teamId, userId: sub, role: 'owner' }]);

    const pk = `${sub}#META#act_1`;
    for (const [id, at] of [
      ['c1', '2026-01-01T00:00:00.000Z'],
      ['c2', '2026-03-01T00:00:00.000Z'],
      ['c3', '2026-02-01T00:00:00.000Z'],
    ]) {
      await docClient().send(new PutCommand({ TableName: table('campaigns'), Item: { userPlatformAccount: pk, campaignId: id, updatedSort: `${at}#${id}` } }));
    }
    const newest = await docClient().send(
      new QueryCommand({
        TableName: table('campaigns'),
        IndexName: 'updatedAt-index',
        KeyConditionExpression: 'userPlatformAccount = :p',
        ExpressionAttributeValues: { ':p': pk },
        ScanIndexForward: false,
      }),
    );
    expect(newest.Items?.map((i) => i.campaignId)).toEqual(['c2', 'c3', 'c1']);
    expect((await docClient().send(new GetCommand({ TableName: table('campaigns'), Key: { userPlatformAccount: pk, campaignId: 'c1' } }))).Item?.campaignId).toBe('c1');
  });
});

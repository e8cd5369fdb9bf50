// AMAZON_DYNAMODB data source against a real DynamoDB Local started by this file, driven by fixture
// resolvers (test/fixtures/resolvers) bundled exactly like the project's. Expected shapes follow
// js-resolver-reference-dynamodb.html and its operation sub-pages.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { buildResolvers } from '../../scripts/build-resolvers.js';
import { tableEnv, tableName, tables, type TableDef } from '../../api/tables.js';
import type { Wiring } from '../../api/wiring/index.js';
import { createResolverExecutor, type ResolverExecutor } from '../../local/resolver-runtime/index.js';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../local/services/dynamodb.js';
import { invocation } from './support/executor.js';

const PREFIX = 'dsx-';
const fixtures = fileURLToPath(new URL('../fixtures/resolvers', import.meta.url));

let db: DynamoDbLocal;
let client: DynamoDBClient;
let bundleDir: string;
let executor: ResolverExecutor;

function createTableInput(def: TableDef) {
  const attrs = new Set([def.partitionKey, def.sortKey, ...(def.globalSecondaryIndexes ?? []).flatMap((g) => [g.partitionKey, g.sortKey]), ...(def.localSecondaryIndexes ?? []).map((l) => l.sortKey)]);
  return {
    TableName: tableName(def.key, PREFIX),
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: [...attrs].filter((a): a is string => !!a).map((a) => ({ AttributeName: a, AttributeType: 'S' as const })),
    KeySchema: [{ AttributeName: def.partitionKey, KeyType: 'HASH' as const }, ...(def.sortKey ? [{ AttributeName: def.sortKey, KeyType: 'RANGE' as const }] : [])],
    GlobalSecondaryIndexes: def.globalSecondaryIndexes?.map((g) => ({
      IndexName: g.indexName,
      KeySchema: [{ AttributeName: g.partitionKey, KeyType: 'HASH' as const }, ...(g.sortKey ? [{ AttributeName: g.sortKey, KeyType: 'RANGE' as const }] : [])],
      Projection: { ProjectionType: 'ALL' as const },
    })),
  };
}

const unit = (typeName: string, fieldName: string, dataSource: string) => ({ typeName, fieldName, kind: 'UNIT' as const, dataSource });

const wiring: Wiring = {
  dataSources: {
    teams: { type: 'AMAZON_DYNAMODB', table: 'teams' },
    teamsRead: { type: 'AMAZON_DYNAMODB', table: 'teams', readOnly: true },
  },
  functions: [],
  resolvers: [
    unit('Query', 'getTeamRow', 'teamsRead'),
    unit('Mutation', 'createTeamRow', 'teams'),
    unit('Mutation', 'bumpRow', 'teams'),
    unit('Mutation', 'deleteRow', 'teams'),
    unit('Query', 'teamRows', 'teamsRead'),
    unit('Query', 'rowsByUser', 'teamsRead'),
    unit('Query', 'scanTeams', 'teamsRead'),
    unit('Query', 'syncTeams', 'teamsRead'),
    unit('Mutation', 'batchRows', 'teams'),
    unit('Query', 'batchGetRows', 'teamsRead'),
    unit('Mutation', 'batchDeleteRows', 'teams'),
    unit('Query', 'transactGetRows', 'teamsRead'),
    unit('Mutation', 'transactRows', 'teams'),
    unit('Mutation', 'readOnlyWrite', 'teamsRead'),
    unit('Mutation', 'putWithHandler', 'teams'),
  ],
};

beforeAll(async () => {
  // The stack's launcher: in memory, bound to 127.0.0.1, on a free port.
  db = await startDynamoDbLocal({});
  client = new DynamoDBClient({ endpoint: db.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  await Promise.all([tables.teams, tables.users].map((def) => client.send(new CreateTableCommand(createTableInput(def)))));
  bundleDir = mkdtempSync(join(tmpdir(), 'appsync-fixtures-'));
  const built = await buildResolvers({ srcDir: fixtures, outDir: bundleDir });
  expect(built.length).toBe(wiring.resolvers.length);
  executor = createResolverExecutor({
    wiring,
    bundleDir,
    dynamodb: { endpoint: db.endpoint, region: 'us-east-1', tablePrefix: PREFIX },
    lambda: {
      // The Custom conflict handler Lambda: answers with the action the test put in the attempted role.
      invoke: async (name, payload) => {
        handlerCalls.push({ name, payload });
        const attempted = (payload as { requestMapping: { attributeValues: { role: { S: string } } } }).requestMapping.attributeValues.role.S;
        if (attempted === 'retry') return { action: 'retry', retryMapping: { attributeValues: { role: { S: 'retried' } } } };
        if (attempted === 'retry-guarded')
          return { action: 'retry', retryMapping: { attributeValues: { role: { S: 'never' } }, condition: { expression: 'attribute_not_exists(#u)', expressionNames: { '#u': 'userId' } } } };
        return { action: attempted };
      },
    },
    env: tableEnv(PREFIX),
  });
});

const handlerCalls: { name: string; payload: unknown }[] = [];

afterAll(async () => {
  client?.destroy();
  await db?.stop();
  if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
});

const TEAMS = tableName('teams', PREFIX);
const put = (item: Record<string, unknown>, table = TEAMS) => client.send(new PutItemCommand({ TableName: table, Item: marshall(item) }));
const read = async (teamId: string, userId: string) => {
  const r = await client.send(new GetItemCommand({ TableName: TEAMS, Key: marshall({ teamId, userId }), ConsistentRead: true }));
  return r.Item ? unmarshall(r.Item) : null;
};
const run = (typeName: string, fieldName: string, args: Record<string, unknown>) => executor.execute(invocation(typeName, fieldName, args));
type Shaped = { result: unknown; error: { message: string; type: string } | null };
const data = async (typeName: string, fieldName: string, args: Record<string, unknown>) => {
  const out = await run(typeName, fieldName, args);
  expect(out.errors).toEqual([]);
  return out.data as Shaped;
};
const CONDITION_FAILED = /^The conditional request failed \(Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ConditionalCheckFailedException; Request ID: [^;]+; Proxy: null\)$/;

describe('GetItem', () => {
  it('returns the untyped item (numbers as numbers, sets and binary as lists/base64)', async () => {
    await client.send(
      new PutItemCommand({
        TableName: TEAMS,
        Item: { teamId: { S: 'g1' }, userId: { S: 'u1' }, n: { N: '1.5' }, tags: { SS: ['a'] }, scores: { NS: ['2'] }, raw: { B: new Uint8Array([1, 2]) }, nested: { M: { ok: { BOOL: true }, none: { NULL: true } } } },
      }),
    );
    expect(await data('Query', 'getTeamRow', { teamId: 'g1', userId: 'u1', consistent: true })).toEqual({
      result: { teamId: 'g1', userId: 'u1', n: 1.5, tags: ['a'], scores: [2], raw: 'AQI=', nested: { ok: true, none: null } },
      error: null,
    });
  });

  it('answers null for a missing item', async () => {
    expect(await data('Query', 'getTeamRow', { teamId: 'g1', userId: 'nobody' })).toEqual({ result: null, error: null });
  });
});

describe('PutItem', () => {
  it('writes key + attributes and returns the item written', async () => {
    const out = await run('Mutation', 'createTeamRow', { teamId: 'p1', userId: 'u1', role: 'owner' });
    expect(out).toEqual({ data: { teamId: 'p1', userId: 'u1', role: 'owner', version: 1 }, errors: [] });
    expect(await read('p1', 'u1')).toEqual({ teamId: 'p1', userId: 'u1', role: 'owner', version: 1 });
  });

  it('the same item again passes: the current item equals the attempted one, so AppSync treats it as success', async () => {
    const out = await run('Mutation', 'createTeamRow', { teamId: 'p1', userId: 'u1', role: 'owner' });
    expect(out).toEqual({ data: { teamId: 'p1', userId: 'u1', role: 'owner', version: 1 }, errors: [] });
  });

  it('a different item fails the condition: ConditionalCheckFailedException in ctx.error, current item in ctx.result', async () => {
    const out = await run('Mutation', 'createTeamRow', { teamId: 'p1', userId: 'u1', role: 'member' });
    expect(out.data).toBeNull();
    expect(out.errors).toHaveLength(1);
    expect(out.errors[0]).toMatchObject({ errorType: 'DynamoDB:ConditionalCheckFailedException', data: { teamId: 'p1', userId: 'u1', role: 'owner', version: 1 }, errorInfo: null });
    expect(out.errors[0]!.message).toMatch(CONDITION_FAILED);
    expect(await read('p1', 'u1')).toEqual({ teamId: 'p1', userId: 'u1', role: 'owner', version: 1 });
  });
});

describe('UpdateItem', () => {
  it('applies SET/REMOVE from the operations and returns the new item', async () => {
    await put({ teamId: 'up', userId: 'u1', version: 1, tags: ['new'], note: 'drop me' });
    expect(await data('Mutation', 'bumpRow', { teamId: 'up', userId: 'u1', expectedVersion: 1 })).toEqual({
      result: { teamId: 'up', userId: 'u1', version: 2, tags: ['new', 'bumped'] },
      error: null,
    });
  });

  it('a failed condition never auto-succeeds: ctx.error plus the current item', async () => {
    const out = await data('Mutation', 'bumpRow', { teamId: 'up', userId: 'u1', expectedVersion: 1 });
    expect(out.result).toEqual({ teamId: 'up', userId: 'u1', version: 2, tags: ['new', 'bumped'] });
    expect(out.error?.type).toBe('DynamoDB:ConditionalCheckFailedException');
    expect(out.error?.message).toMatch(CONDITION_FAILED);
  });
});

describe('DeleteItem', () => {
  it('returns the deleted item', async () => {
    await put({ teamId: 'del', userId: 'u1', role: 'member' });
    expect(await data('Mutation', 'deleteRow', { teamId: 'del', userId: 'u1', role: 'member' })).toEqual({ result: { teamId: 'del', userId: 'u1', role: 'member' }, error: null });
    expect(await read('del', 'u1')).toBeNull();
  });

  it('a conditional delete of a missing item succeeds with null', async () => {
    expect(await data('Mutation', 'deleteRow', { teamId: 'del', userId: 'u1', role: 'member' })).toEqual({ result: null, error: null });
  });

  it('a conditional delete whose condition fails keeps the item and reports the error', async () => {
    await put({ teamId: 'del', userId: 'u2', role: 'owner' });
    const out = await data('Mutation', 'deleteRow', { teamId: 'del', userId: 'u2', role: 'member' });
    expect(out.result).toEqual({ teamId: 'del', userId: 'u2', role: 'owner' });
    expect(out.error?.type).toBe('DynamoDB:ConditionalCheckFailedException');
  });
});

describe('Query and Scan', () => {
  beforeAll(async () => {
    for (const [userId, role] of [['a1', 'admin'], ['m1', 'member'], ['m2', 'member'], ['m3', 'member']] as const) await put({ teamId: 'q1', userId, role });
  });

  it('pages with limit and an opaque nextToken; scannedCount counts items read', async () => {
    const first = await data('Query', 'teamRows', { teamId: 'q1', limit: 3 });
    const page1 = first.result as { items: { userId: string }[]; nextToken: string | null; scannedCount: number };
    expect(page1.items.map((i) => i.userId)).toEqual(['a1', 'm1', 'm2']);
    expect(page1.scannedCount).toBe(3);
    expect(page1.nextToken).toEqual(expect.any(String));
    expect(page1.nextToken).not.toContain('q1');
    const second = await data('Query', 'teamRows', { teamId: 'q1', limit: 3, nextToken: page1.nextToken });
    expect(second.result).toEqual({ items: [{ teamId: 'q1', userId: 'm3', role: 'member' }], nextToken: null, scannedCount: 1 });
  });

  it('filters after reading: scannedCount is the number read, not returned', async () => {
    const out = await data('Query', 'teamRows', { teamId: 'q1', role: 'admin' });
    expect(out.result).toEqual({ items: [{ teamId: 'q1', userId: 'a1', role: 'admin' }], nextToken: null, scannedCount: 4 });
  });

  it('sort-key conditions (beginsWith)', async () => {
    const out = await data('Query', 'teamRows', { teamId: 'q1', prefix: 'm' });
    expect((out.result as { items: unknown[] }).items).toHaveLength(3);
  });

  it('a tampered or foreign nextToken is refused', async () => {
    const out = await data('Query', 'teamRows', { teamId: 'q1', nextToken: 'eyJrIjp7fX0.forged' });
    expect(out).toEqual({ result: null, error: { message: 'Invalid pagination token given.', type: 'DynamoDB:ValidationException' } });
  });

  it('queries a GSI with a projection', async () => {
    await put({ teamId: 'q2', userId: 'gsi-user', role: 'owner', secret: 'not projected' });
    const out = await data('Query', 'rowsByUser', { userId: 'gsi-user' });
    expect(out.result).toEqual({ items: [{ teamId: 'q2', role: 'owner' }], nextToken: null, scannedCount: 1 });
  });

  it('Scan with a filter', async () => {
    const out = await data('Query', 'scanTeams', { role: 'member', teamPrefix: 'q1' });
    expect((out.result as { items: { userId: string }[] }).items.map((i) => i.userId).sort()).toEqual(['m1', 'm2', 'm3']);
  });

  it('Sync (approximated with a Scan) adds startedAt', async () => {
    const before = Date.now();
    const out = await data('Query', 'syncTeams', { teamPrefix: 'q1' });
    const result = out.result as { items: unknown[]; nextToken: unknown; startedAt: number };
    expect(result.items).toHaveLength(4);
    expect(result.nextToken).toBeNull();
    expect(result.startedAt).toBeGreaterThanOrEqual(before);
  });
});

describe('batch operations', () => {
  it('BatchPutItem returns data per table and unprocessedItems', async () => {
    const rows = [
      { teamId: 'b1', userId: 'u1', role: 'owner' },
      { teamId: 'b1', userId: 'u2', role: 'member' },
    ];
    expect(await data('Mutation', 'batchRows', { rows })).toEqual({ result: { data: { [TEAMS]: rows }, unprocessedItems: { [TEAMS]: [] } }, error: null });
  });

  it('BatchGetItem keeps request order, null for missing keys, every table present', async () => {
    const out = await data('Query', 'batchGetRows', {
      keys: [
        { teamId: 'b1', userId: 'u2' },
        { teamId: 'b1', userId: 'missing' },
        { teamId: 'b1', userId: 'u1' },
      ],
      userIds: ['nobody'],
    });
    expect(out).toEqual({
      result: {
        data: {
          [TEAMS]: [{ teamId: 'b1', userId: 'u2', role: 'member' }, null, { teamId: 'b1', userId: 'u1', role: 'owner' }],
          [tableName('users', PREFIX)]: [null],
        },
        unprocessedKeys: { [TEAMS]: [], [tableName('users', PREFIX)]: [] },
      },
      error: null,
    });
  });

  it('BatchDeleteItem returns the keys', async () => {
    const keys = [{ teamId: 'b1', userId: 'u1' }];
    expect(await data('Mutation', 'batchDeleteRows', { keys })).toEqual({ result: { data: { [TEAMS]: keys }, unprocessedKeys: { [TEAMS]: [] } }, error: null });
    expect(await read('b1', 'u1')).toBeNull();
  });
});

describe('transactions', () => {
  it('TransactGetItems returns items in order with cancellationReasons null', async () => {
    await put({ teamId: 't0', userId: 'x', role: 'owner' });
    const out = await data('Query', 'transactGetRows', { keys: [{ teamId: 't0', userId: 'x' }, { teamId: 't0', userId: 'none' }] });
    expect(out).toEqual({ result: { items: [{ teamId: 't0', userId: 'x', role: 'owner' }, null], cancellationReasons: null }, error: null });
  });

  it('TransactWriteItems commits every item and returns the keys', async () => {
    await put({ teamId: 't1', userId: 'old', role: 'member' });
    await put({ teamId: 't1', userId: '#META', memberMoves: 0 });
    const out = await data('Mutation', 'transactRows', { teamId: 't1', from: 'old', to: 'new', role: 'member' });
    expect(out).toEqual({
      result: { keys: [{ teamId: 't1', userId: 'new' }, { teamId: 't1', userId: 'old' }, { teamId: 't1', userId: '#META' }], cancellationReasons: null },
      error: null,
    });
    expect(await read('t1', 'old')).toBeNull();
    expect(await read('t1', '#META')).toEqual({ teamId: 't1', userId: '#META', memberMoves: 1 });
  });

  it('a failed condition cancels all: keys null, per-item cancellationReasons with the current item', async () => {
    await put({ teamId: 't2', userId: 'old', role: 'admin' });
    await put({ teamId: 't2', userId: '#META', memberMoves: 0 });
    const out = await data('Mutation', 'transactRows', { teamId: 't2', from: 'old', to: 'new', role: 'member' });
    const result = out.result as { keys: unknown; cancellationReasons: { type: string; message: string; item?: unknown }[] };
    expect(result.keys).toBeNull();
    expect(result.cancellationReasons.map((r) => r.type)).toEqual(['None', 'ConditionalCheckFailed', 'None']);
    expect(result.cancellationReasons[1]!.item).toEqual({ teamId: 't2', userId: 'old', role: 'admin' });
    expect(out.error?.type).toBe('DynamoDB:TransactionCanceledException');
    expect(await read('t2', 'new')).toBeNull();
    expect(await read('t2', '#META')).toEqual({ teamId: 't2', userId: '#META', memberMoves: 0 });
  });
});

describe('data source permissions and request shapes', () => {
  it('a read-only data source cannot write (AccessDeniedException in ctx.error)', async () => {
    const out = await data('Mutation', 'readOnlyWrite', { teamId: 'ro' });
    expect(out.error?.type).toBe('DynamoDB:AccessDeniedException');
    expect(out.error?.message).toContain('dynamodb:PutItem');
    expect(await read('ro', 'x')).toBeNull();
  });

  it('the table name comes from the data source plus the prefix', async () => {
    await put({ teamId: 'pref', userId: 'u', role: 'owner' });
    expect((await data('Query', 'getTeamRow', { teamId: 'pref', userId: 'u' })).result).toEqual({ teamId: 'pref', userId: 'u', role: 'owner' });
  });
});

describe('conditionalCheckFailedHandler Custom', () => {
  beforeAll(async () => {
    await put({ teamId: 'ch', userId: 'u', role: 'owner' });
  });

  it('asks the handler Lambda with the documented payload; "reject" reports the error', async () => {
    handlerCalls.length = 0;
    const out = await data('Mutation', 'putWithHandler', { teamId: 'ch', userId: 'u', role: 'reject' });
    expect(out.error?.type).toBe('DynamoDB:ConditionalCheckFailedException');
    expect(out.result).toEqual({ teamId: 'ch', userId: 'u', role: 'owner' });
    expect(handlerCalls).toHaveLength(1);
    expect(handlerCalls[0]!.name).toBe('conflict-handler');
    expect(handlerCalls[0]!.payload).toMatchObject({
      arguments: { teamId: 'ch', userId: 'u', role: 'reject' },
      currentValue: { teamId: 'ch', userId: 'u', role: 'owner' },
      resolver: { tableName: TEAMS, awsRegion: 'us-east-1', parentType: 'Mutation', field: 'putWithHandler' },
      identity: null,
    });
  });

  it('"discard" silently returns the current item', async () => {
    expect(await data('Mutation', 'putWithHandler', { teamId: 'ch', userId: 'u', role: 'discard' })).toEqual({ result: { teamId: 'ch', userId: 'u', role: 'owner' }, error: null });
  });

  it('"retry" whose retry mapping fails its own condition rejects', async () => {
    const out = await data('Mutation', 'putWithHandler', { teamId: 'ch', userId: 'u', role: 'retry-guarded' });
    expect(out.error?.type).toBe('DynamoDB:ConditionalCheckFailedException');
    expect(await read('ch', 'u')).toEqual({ teamId: 'ch', userId: 'u', role: 'owner' });
  });

  it('"retry" writes the retry mapping (same operation and key)', async () => {
    expect(await data('Mutation', 'putWithHandler', { teamId: 'ch', userId: 'u', role: 'retry' })).toEqual({ result: { teamId: 'ch', userId: 'u', role: 'retried' }, error: null });
    expect(await read('ch', 'u')).toEqual({ teamId: 'ch', userId: 'u', role: 'retried' });
  });
});

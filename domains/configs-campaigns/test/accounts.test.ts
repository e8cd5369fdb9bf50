// platformAccounts from sivera-platform-credentials: one platform or all four, mapped to
// PlatformAccount, and the stored secret never in any response — even when a client asks for every
// field of every type it can reach, as an introspection-driven client would.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createDynamoClient, DynamoDataSource, evaluateCode } from '../../../local/resolver-runtime/index.js';
import { gql, newUser, outputs, table, type TestUser } from '../../../test/support/stack.js';
import { seedAccount, seedTeam } from './fixtures.js';
import { ACCOUNTS } from './operations.js';
import { campaignItem, putItems } from './seed.js';

let owner: TestUser;
let member: TestUser;

beforeAll(async () => {
  [owner, member] = await Promise.all([newUser('acc owner'), newUser('acc member')]);
  await seedTeam(owner, [{ user: member, role: 'member' }]);
  await seedAccount(owner, 'GOOGLE_ADS', '1234567890', { lastSyncAt: '2026-03-01T00:00:00.000Z' });
  await seedAccount(owner, 'GOOGLE_ADS', '2222222222', { status: 'inactive', statusReason: 'Refresh token revoked', displayName: undefined });
  await seedAccount(owner, 'META', '555');
  await seedAccount(owner, 'KAKAO', '77', { lastSync: { state: 'SUCCEEDED', message: 'lease-secret' } });
  await putItems([campaignItem(owner.sub, 'META', '555', 'c1', '2026-03-01T00:00:00.000Z', 'ACTIVE')]);
});

describe('platformAccounts', () => {
  it('lists one platform, mapped, without secrets', async () => {
    const r = await gql(owner, ACCOUNTS, { platform: 'GOOGLE_ADS' });
    expect(r.errors).toBeUndefined();
    expect(r.data.platformAccounts).toEqual([
      {
        ownerId: owner.sub,
        platform: 'GOOGLE_ADS',
        accountId: '1234567890',
        displayName: 'Account 1234567890',
        status: 'ACTIVE',
        statusReason: null,
        createdAt: '2026-01-02T03:04:05.000Z',
        lastSyncAt: '2026-03-01T00:00:00.000Z',
      },
      {
        ownerId: owner.sub,
        platform: 'GOOGLE_ADS',
        accountId: '2222222222',
        displayName: null,
        status: 'INACTIVE',
        statusReason: 'Refresh token revoked',
        createdAt: '2026-01-02T03:04:05.000Z',
        lastSyncAt: null,
      },
    ]);
  });

  it('lists all four platforms in platform order; a teammate sees the same', async () => {
    const mine = await gql(owner, ACCOUNTS, {});
    expect(mine.errors).toBeUndefined();
    expect(mine.data.platformAccounts.map((a: { platform: string; accountId: string }) => `${a.platform}/${a.accountId}`)).toEqual([
      'GOOGLE_ADS/1234567890',
      'GOOGLE_ADS/2222222222',
      'META/555',
      'KAKAO/77',
    ]);
    const theirs = await gql(member, ACCOUNTS, { ownerId: owner.sub });
    expect(theirs.data).toEqual(mine.data);
    const own = await gql(member, ACCOUNTS, {});
    expect(own.data.platformAccounts).toEqual([]);
  });

  it('never returns the credentials attribute, whatever a client selects (introspection-built queries)', async () => {
    // 1. Learn the schema as a generic client would.
    const intro = await gql(owner, `{ __schema { queryType { name } types { name kind fields { name args { name type { kind name ofType { kind name ofType { kind name } } } } type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } }`);
    expect(intro.errors).toBeUndefined();
    type T = { kind: string; name: string | null; ofType?: T | null };
    type F = { name: string; args: { name: string; type: T }[]; type: T };
    const types = new Map<string, { kind: string; fields: F[] | null }>(intro.data.__schema.types.map((t: { name: string; kind: string; fields: F[] | null }) => [t.name, t]));
    const named = (t: T): T => (t.ofType ? named(t.ofType) : t);
    // No output type has a credentials field at all.
    for (const [name, t] of types) {
      if (t.kind === 'OBJECT' && !name.startsWith('__')) expect(t.fields!.map((f) => f.name), name).not.toContain('credentials');
    }
    // 2. Select every field reachable from a type (args optional only), recursively.
    const selection = (typeName: string, depth: number): string => {
      const t = types.get(typeName)!;
      const parts = t.fields!.filter((f) => f.args.every((a) => a.type.kind !== 'NON_NULL')).flatMap((f) => {
        const inner = named(f.type);
        if (inner.kind === 'OBJECT') return depth > 0 ? [`${f.name} ${selection(inner.name!, depth - 1)}`] : [];
        return [f.name];
      });
      return `{ ${['__typename', ...parts].join(' ')} }`;
    };
    const queryFields = types.get(intro.data.__schema.queryType.name)!.fields!;
    const argValues: Record<string, Record<string, unknown>> = {
      platformAccounts: {},
      platformConfigs: { platform: 'KAKAO' },
      campaigns: { platform: 'META' },
      campaign: { platform: 'META', accountId: '555', campaignId: 'c1' },
    };
    for (const [field, args] of Object.entries(argValues)) {
      const f = queryFields.find((q) => q.name === field)!;
      for (const [who, extra] of [[owner, {}], [member, { ownerId: owner.sub }]] as const) {
        const all: Record<string, unknown> = { ...args, ...extra };
        const argText = Object.entries(all).map(([k, v]) => `${k}: ${k === 'platform' ? v : JSON.stringify(v)}`).join(', ');
        const query = `{ ${field}${argText ? `(${argText})` : ''} ${selection(named(f.type).name!, 4)} }`;
        const r = await gql(who, query);
        expect(r.errors, `${field}: ${JSON.stringify(r.errors)}`).toBeUndefined();
        expect(r.data[field]).not.toBeNull();
        const text = JSON.stringify(r);
        expect(text).not.toContain('SECRET-CIPHERTEXT');
        expect(text).not.toContain('lease-secret');
        expect(text).not.toContain('"credentials"');
        expect(text).not.toContain('syncLease');
      }
    }
  });

  it('the resolver itself never receives the credentials: its Query projects public attributes only', async () => {
    // The bundle the stack runs: evaluate its request handler, then send exactly that request to
    // DynamoDB Local through the local AppSync data source — what the response handler would get.
    const code = readFileSync(join(inject('bundleDir'), 'functions', 'listPlatformAccounts1.js'), 'utf8');
    const context = { arguments: {}, stash: { ownerId: owner.sub, accountsState: { platforms: ['GOOGLE_ADS', 'KAKAO'], accounts: [] } }, identity: { sub: owner.sub } };
    const evaluated = await evaluateCode({ runtime: { name: 'APPSYNC_JS', runtimeVersion: '1.0.0' }, code, context: JSON.stringify(context), function: 'request' });
    expect(evaluated.error).toBeUndefined();
    const request = JSON.parse(evaluated.evaluationResult!);
    expect(request.operation).toBe('Query');
    expect(Object.values(request.projection.expressionNames)).not.toContain('credentials');
    const o = outputs();
    const source = new DynamoDataSource({ client: createDynamoClient(o.dynamodb.endpoint, o.region), tableName: table('platformCredentials'), readOnly: true, region: o.region });
    const outcome = await source.call(request, { typeName: 'Query', fieldName: 'platformAccounts', arguments: {}, identity: { sub: owner.sub }, resolverKey: 'test' });
    const items = (outcome as { result?: { items: Record<string, unknown>[] } }).result?.items ?? [];
    expect(items.map((i) => i.accountId)).toEqual(['1234567890', '2222222222']);
    for (const item of items) {
      expect(Object.keys(item).sort()).toEqual(expect.arrayContaining(['accountId', 'createdAt', 'status']));
      expect(item).not.toHaveProperty('credentials');
      expect(item).not.toHaveProperty('syncLease');
      expect(JSON.stringify(item)).not.toContain('SECRET-CIPHERTEXT');
    }
  });
});

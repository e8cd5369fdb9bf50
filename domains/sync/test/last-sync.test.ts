// lastSync has one writer per state (issue 19): syncCampaigns' reservation stores QUEUED (with the lease,
// before any Lambda runs) and from then on only the sync Lambdas' store (lambda/store.ts) writes it,
// before they publish; publishSyncStatus checks that the status is the account's current sync and
// writes nothing. Before, publishSyncStatus stored every status again, so the final state was written
// twice (by the Lambda, then by the mutation).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../../api/generated/schema-types.js';
import { docClient, gql, table } from '../../../test/support/stack.js';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { runSync } from '../lambda/engine.js';
import { encodeSyncId } from '../lambda/sync-id.js';
import { accountItem, connectDirect, deps, newOwner, seedAccount, storedAccountId } from './helpers.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const PUBLISH = `mutation P($input: PublishSyncStatusInput!) { publishSyncStatus(input: $input) { syncId state progress } }`;

describe('lastSync is written once per status, by the sync itself', () => {
  it('every status the sync publishes is already stored as lastSync when it goes out', async () => {
    const owner = newOwner();
    const a = await seedAccount('META', { campaigns: 60 });
    await connectDirect(owner, a);
    const accountId = storedAccountId(a);
    const seen: { published: SyncStatus; stored: unknown }[] = [];
    const sink = {
      publish: async (s: SyncStatus) => {
        const r = await docClient().send(
          new GetCommand({ TableName: table('platformCredentials'), Key: { userPlatform: `${owner}#META`, accountId }, ConsistentRead: true }),
        );
        seen.push({ published: structuredClone(s), stored: r.Item?.lastSync });
      },
    };
    const syncId = encodeSyncId({ ownerId: owner, platform: 'META', accountId });
    // Small chunks and no publish throttling in effect for the first statuses: several RUNNING ones.
    const result = await runSync(deps(sink, { chunkSize: 10 }), { syncId, ownerId: owner, platform: 'META', accountId });
    expect(result?.status.state).toBe('SUCCEEDED');
    const states = seen.map((x) => x.published.state);
    expect(states[0]).toBe('RUNNING');
    expect(states.at(-1)).toBe('SUCCEEDED');
    expect(states.filter((s) => s === 'RUNNING').length).toBeGreaterThanOrEqual(2);
    for (const { published, stored } of seen) expect(stored).toEqual(published);
    expect((await accountItem(owner, a)).lastSync).toEqual(result!.status);
  }, 120_000);

  it("publishSyncStatus publishes the account's current sync without writing lastSync", async () => {
    const owner = newOwner();
    const a = await seedAccount('NAVER', { campaigns: 2 });
    await connectDirect(owner, a);
    const accountId = storedAccountId(a);
    const syncId = encodeSyncId({ ownerId: owner, platform: 'NAVER', accountId });
    // A sync that ran: its final state is the account's lastSync.
    const result = await runSync(deps({ publish: async () => undefined }), { syncId, ownerId: owner, platform: 'NAVER', accountId });
    expect(result?.status.state).toBe('SUCCEEDED');
    const before = (await accountItem(owner, a)).lastSync;
    expect(before?.syncId).toBe(syncId);

    const input = { ...result!.status, state: 'RUNNING', progress: 7, finishedAt: null };
    const r = await gql('iam', PUBLISH, { input });
    expect(r.errors).toBeUndefined();
    expect(r.data.publishSyncStatus).toEqual({ syncId, state: 'RUNNING', progress: 7 });
    expect((await accountItem(owner, a)).lastSync).toEqual(before);
  }, 60_000);
});

/** Source files (not tests) that put `lastSync` into a DynamoDB write. */
export function lastSyncWriters(files: Record<string, string>): string[] {
  return Object.entries(files)
    .filter(([, text]) => {
      const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
      return /\blastSync\b/.test(code) && /\b(UpdateItem|PutItem|TransactWriteItems|BatchPutItem|UpdateCommand|PutCommand|TransactWriteCommand|BatchWriteCommand)\b/.test(code);
    })
    .map(([name]) => name)
    .sort();
}

const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (n === 'test' || n === 'node_modules' || n === 'generated') return [];
    return statSync(p).isDirectory() ? walk(p) : /\.(ts|mts|mjs)$/.test(n) && !/\.test\./.test(n) ? [p] : [];
  });

describe('lastSync writers in the source', () => {
  it('are the reservation (QUEUED) and the sync Lambdas’ store, nothing else', () => {
    // local/resolver-runtime is left out: its `lastSync` is the DynamoDB Sync operation's parameter.
    const files = ['domains', 'lib', 'local', 'api', 'infra']
      .flatMap((d) => walk(join(root, d)))
      .map((f) => relative(root, f).split('\\').join('/'))
      .filter((f) => !f.startsWith('local/resolver-runtime/'));
    expect(files.length).toBeGreaterThan(150);
    const writers = lastSyncWriters(Object.fromEntries(files.map((f) => [f, readFileSync(join(root, f), 'utf8')])));
    expect(writers).toEqual(['domains/sync/lambda/store.ts', 'domains/sync/pipeline/reserveSyncLease.ts']);
  });

  it('the scan sees a writer in either runtime and ignores readers and comments', () => {
    const appsyncWriter = `export function request(ctx) { return { operation: 'UpdateItem', update: { expression: 'SET #last = :last', expressionNames: { '#last': 'lastSync' } } }; }`;
    const nodeWriter = `await ddb.send(new UpdateCommand({ UpdateExpression: 'SET lastSync = :s' }));`;
    const reader = `return { operation: 'GetItem', projection: { expression: '#l', expressionNames: { '#l': 'lastSync' } } };`;
    const commented = `// lastSync is stored by store.ts\nawait ddb.send(new UpdateCommand({ UpdateExpression: 'SET syncLease = :l' }));`;
    expect(lastSyncWriters({ a: appsyncWriter, b: nodeWriter, c: reader, d: commented })).toEqual(['a', 'b']);
  });
});

// The endpoint with the real APPSYNC_JS runtime, the project's resolver bundles, the stack's DynamoDB
// Local and cognito-local tokens; and the unmodified aws-amplify v6 client over HTTPS/WSS.
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { WebSocket as WsWebSocket } from 'ws';
import { Amplify } from 'aws-amplify';
import { signIn, signOut } from 'aws-amplify/auth';
import { generateClient } from 'aws-amplify/api';
import { createResolverExecutor } from '../../local/resolver-runtime/index.js';
import { wiring } from '../../api/wiring/index.js';
import { tableEnv } from '../../api/tables.js';
import { startGraphqlEndpoint, type GraphqlEndpoint } from '../../local/graphql-endpoint/server.js';
import { newUser, outputs, type TestUser } from '../support/stack.js';
import { RealtimeClient } from './helpers.js';

const repo = new URL('../../', import.meta.url);
let endpoint: GraphqlEndpoint;
let owner: TestUser;
let stranger: TestUser;

beforeAll(async () => {
  const o = outputs();
  const lambdaClient = new LambdaClient({ endpoint: o.lambda.endpoint, region: o.region, credentials: o.iam });
  const executor = await createResolverExecutor({
    wiring,
    // The bundles the global setup built for this run (the ones the shared stack executes).
    bundleDir: inject('bundleDir'),
    dynamodb: { endpoint: o.dynamodb.endpoint, region: o.region, tablePrefix: o.dynamodb.tablePrefix },
    lambda: {
      invoke: async (name, payload, type) => {
        const r = await lambdaClient.send(new InvokeCommand({ FunctionName: name, InvocationType: type, Payload: Buffer.from(JSON.stringify(payload)) }));
        if (type === 'Event') return undefined;
        const body = r.Payload ? JSON.parse(Buffer.from(r.Payload).toString('utf8')) : null;
        if (r.FunctionError) throw Object.assign(new Error(body?.errorMessage ?? 'Lambda error'), { name: body?.errorType ?? 'Lambda:Unhandled' });
        return body;
      },
    },
    env: tableEnv(o.dynamodb.tablePrefix),
  });
  endpoint = await startGraphqlEndpoint({
    host: '127.0.0.1',
    port: 0,
    httpsPort: 0,
    // The stack's certificate directory: this process already trusts that certificate (NODE_EXTRA_CA_CERTS).
    tls: { dir: dirname(o.graphql!.certPath!) },
    schemaSdl: readFileSync(new URL('schema.graphql', repo), 'utf8'),
    executor,
    auth: { cognito: { issuer: o.cognito.issuer, jwksUri: o.cognito.jwksUri, userPoolClientId: o.cognito.userPoolClientId }, iam: { ...o.iam, region: o.region } },
    log: { info() {}, warn() {}, error() {} },
    evaluateCode: null,
  });
  [owner, stranger] = await Promise.all([newUser('Owner'), newUser('Stranger')]);
});

afterAll(async () => {
  await endpoint?.close();
});

const SUB = 'subscription S($ownerId: ID!) { onSyncStatusChanged(ownerId: $ownerId) { syncId ownerId state progress message } }';
const status = (ownerId: string, progress: number) => ({
  syncId: 'sync-x',
  ownerId,
  platform: 'META',
  accountId: 'act-1',
  state: 'RUNNING',
  progress,
  campaignsSynced: 2,
  startedAt: '2026-01-01T00:00:00.000Z',
});

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('with the real runtime and resolvers', () => {
  it('serves user-pool queries end to end (cognito-local token, resolver bundles, DynamoDB Local)', async () => {
    const ask = async (query: string) => {
      const r = await fetch(endpoint.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: owner.accessToken }, body: JSON.stringify({ query }) });
      return { status: r.status, json: await r.json() };
    };
    expect(await ask('{ platformAccounts { accountId status } }')).toEqual({ status: 200, json: { data: { platformAccounts: [] } } });
    // authorizeOwner refuses another owner's data: util.unauthorized() surfaces as AppSync's Unauthorized error.
    const refused = await ask(`{ platformAccounts(ownerId: "${stranger.sub}") { accountId } }`);
    expect(refused.status).toBe(200);
    expect(refused.json.data).toBeNull();
    expect(refused.json.errors).toEqual([expect.objectContaining({ path: ['platformAccounts'], errorType: 'Unauthorized', locations: [{ line: 1, column: 3, sourceName: null }] })]);
  });

  it("applies the subscription resolver's enhanced filter and refuses strangers (authorizeOwner)", async () => {
    const host = new URL(endpoint.url).host;
    const auth = (u: TestUser) => ({ Authorization: u.accessToken, host });
    const c = await RealtimeClient.connect(endpoint.realtimeUrl, auth(owner));
    try {
      expect((await c.init()).type).toBe('connection_ack');
      const mine = await c.start(SUB, { ownerId: owner.sub }, auth(owner));
      expect(mine.reply.type).toBe('start_ack');
      const refused = await c.start(SUB, { ownerId: owner.sub }, auth(stranger));
      expect(refused.reply).toMatchObject({ type: 'error', payload: { errors: [{ errorType: 'Unauthorized' }] } });

      await endpoint.publish('publishSyncStatus', status(stranger.sub, 10));
      expect(await c.nothing((m) => m.id === mine.id && m.type === 'data')).toBe(true);
      await endpoint.publish('publishSyncStatus', status(owner.sub, 20));
      const data = await c.next((m) => m.id === mine.id && m.type === 'data');
      expect(data.payload).toEqual({ data: { onSyncStatusChanged: { syncId: 'sync-x', ownerId: owner.sub, state: 'RUNNING', progress: 20, message: null } } });
    } finally {
      c.close();
    }
  });
});

describe('aws-amplify v6 over HTTPS/WSS (self-signed certificate)', () => {
  it('queries and subscribes with the unmodified client', async () => {
    const o = outputs();
    (globalThis as { WebSocket?: unknown }).WebSocket ??= WsWebSocket;
    Amplify.configure({
      ...(o.amplify as object),
      API: { GraphQL: { endpoint: endpoint.httpsUrl!, region: o.region, defaultAuthMode: 'userPool' } },
    } as Parameters<typeof Amplify.configure>[0]);
    await signIn({ username: owner.email, password: owner.password, options: { authFlowType: 'USER_PASSWORD_AUTH' } });
    try {
      const client = generateClient();
      const accounts = (await client.graphql({ query: '{ platformAccounts { accountId } }' })) as { data: { platformAccounts: unknown[] } };
      expect(accounts.data).toEqual({ platformAccounts: [] });

      const received: unknown[] = [];
      const before = endpoint.subscriptionCount();
      const sub = (client.graphql({ query: SUB, variables: { ownerId: owner.sub } }) as unknown as {
        subscribe(o: { next(v: unknown): void; error(e: unknown): void }): { unsubscribe(): void };
      }).subscribe({ next: (v) => received.push(v), error: (e) => received.push({ error: e }) });
      try {
        await until(() => endpoint.subscriptionCount() > before);
        await endpoint.publish('publishSyncStatus', status(owner.sub, 55));
        await until(() => received.length > 0);
        expect(received[0]).toMatchObject({ data: { onSyncStatusChanged: { ownerId: owner.sub, progress: 55, state: 'RUNNING' } } });
      } finally {
        sub.unsubscribe();
      }
    } finally {
      await signOut();
    }
  });
});

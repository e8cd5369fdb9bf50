// The real-time endpoint with a plain `ws` client speaking AppSync's protocol, fed by real
// @aws_subscribe mutations sent over HTTP (IAM, as the sync function does).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type GraphqlEndpoint } from '../../local/graphql-endpoint/server.js';
import { type Jwks, RealtimeClient, iamPost, sigv4Headers, startFixtureEndpoint, startJwks } from './helpers.js';


let jwks: Jwks;
let endpoint: GraphqlEndpoint;
const clients: RealtimeClient[] = [];

beforeAll(async () => {
  jwks = await startJwks();
  endpoint = await startFixtureEndpoint(jwks, { keepAliveMs: 200, evaluateCode: null });
});
afterEach(() => {
  for (const c of clients.splice(0)) c.close();
});
afterAll(async () => {
  await endpoint?.close();
  await jwks?.close();
});

const host = () => new URL(endpoint.url).host;
const userAuth = (sub: string) => ({ Authorization: jwks.accessToken(sub), host: host() });

async function connected(sub: string): Promise<RealtimeClient> {
  const c = await RealtimeClient.connect(endpoint.realtimeUrl, userAuth(sub));
  clients.push(c);
  const ack = await c.init();
  expect(ack).toEqual({ type: 'connection_ack', payload: { connectionTimeoutMs: 300000 } });
  return c;
}

const SUB = `subscription S($ownerId: ID!, $platform: Platform) {
  onSyncStatusChanged(ownerId: $ownerId, platform: $platform) { syncId ownerId platform progress message }
}`;
const PUBLISH = `mutation P($input: PublishSyncStatusInput!) {
  publishSyncStatus(input: $input) { syncId ownerId platform progress state }
}`;
const statusInput = (ownerId: string, extra: Record<string, unknown> = {}) => ({
  syncId: 'sync-1',
  ownerId,
  platform: 'META',
  accountId: 'act-1',
  state: 'RUNNING',
  progress: 40,
  campaignsSynced: 3,
  message: 'halfway',
  startedAt: '2026-01-01T00:00:00Z',
  ...extra,
});
const publish = async (input: Record<string, unknown>) => {
  const r = await iamPost(endpoint.url, { query: PUBLISH, variables: { input } });
  expect(r.status).toBe(200);
  expect(r.json.errors).toBeUndefined();
};
const isData = (id: string) => (m: { id?: string; type?: string }) => m.id === id && m.type === 'data';

describe('connection', () => {
  it('acks connection_init and sends keep-alives', async () => {
    const c = await connected('alice');
    await c.next((m) => m.type === 'ka', 1000);
    await c.next((m) => m.type === 'ka', 1000);
  });

  it('accepts a Bearer-prefixed token on the real-time endpoint (HTTP requests do not)', async () => {
    const c = await RealtimeClient.connect(endpoint.realtimeUrl, { Authorization: `Bearer ${jwks.idToken('alice')}`, host: host() });
    clients.push(c);
    expect((await c.init()).type).toBe('connection_ack');
  });

  it('accepts the ?header=&payload= query-string style on /graphql', async () => {
    const url = endpoint.realtimeUrl.replace('/graphql/realtime', '/graphql');
    const c = await RealtimeClient.connect(url, userAuth('alice'), 'query');
    clients.push(c);
    expect((await c.init()).type).toBe('connection_ack');
  });

  it('answers connection_error 401 to a missing or invalid token, then closes', async () => {
    for (const header of [null, { Authorization: 'garbage', host: host() }, { Authorization: jwks.idToken('a', { exp: 1 }), host: host() }]) {
      const c = await RealtimeClient.connect(endpoint.realtimeUrl, header);
      clients.push(c);
      const closed = new Promise<number>((r) => c.ws.once('close', (code) => r(code)));
      const reply = await c.init();
      expect(reply).toMatchObject({ type: 'connection_error', payload: { errors: [{ errorType: 'UnauthorizedException', errorCode: 401 }] } });
      await closed;
    }
  });

  it('accepts an IAM (SigV4) handshake signed over POST /graphql/connect with body {}', async () => {
    const connectUrl = endpoint.url + '/connect';
    const signed = await sigv4Headers(connectUrl, '{}');
    const c = await RealtimeClient.connect(endpoint.realtimeUrl, signed);
    clients.push(c);
    expect((await c.init()).type).toBe('connection_ack');
  });
});

describe('subscriptions', () => {
  it('acks a start and delivers only the fields the mutation selected (others null)', async () => {
    const c = await connected('alice');
    const { id, reply } = await c.start(SUB, { ownerId: 'alice' }, userAuth('alice'));
    expect(reply).toEqual({ type: 'start_ack', id });
    await publish(statusInput('alice'));
    const data = await c.next(isData(id));
    // `message` was set on the input but not selected by the mutation: AppSync sends null.
    expect(data).toEqual({
      id,
      type: 'data',
      payload: { data: { onSyncStatusChanged: { syncId: 'sync-1', ownerId: 'alice', platform: 'META', progress: 40, message: null } } },
    });
  });

  it('filters on the arguments the subscriber gave (equality; omitted args match anything)', async () => {
    const c = await connected('bob');
    const meta = await c.start(SUB, { ownerId: 'bob', platform: 'META' }, userAuth('bob'));
    const google = await c.start(SUB, { ownerId: 'bob', platform: 'GOOGLE_ADS' }, userAuth('bob'));
    const any = await c.start(SUB, { ownerId: 'bob' }, userAuth('bob'));
    const other = await connected('carol');
    const carol = await other.start(SUB, { ownerId: 'carol' }, userAuth('carol'));
    await publish(statusInput('bob'));
    await c.next(isData(meta.id));
    await c.next(isData(any.id));
    expect(await c.nothing(isData(google.id))).toBe(true);
    expect(await other.nothing(isData(carol.id))).toBe(true);
  });

  it("applies the resolver's enhanced filter instead of argument equality", async () => {
    const c = await connected('dave');
    const { id } = await c.start(SUB, { ownerId: 'dave', platform: 'KAKAO' }, userAuth('dave'));
    await publish(statusInput('dave', { progress: 40 }));
    expect(await c.nothing(isData(id))).toBe(true);
    await publish(statusInput('dave', { progress: 60 }));
    const data = await c.next(isData(id));
    expect(data.payload.data.onSyncStatusChanged.progress).toBe(60);
  });

  it('answers error (no start_ack) when the subscription resolver rejects the caller', async () => {
    const c = await connected('erin');
    const { reply } = await c.start(SUB, { ownerId: 'someone-else' }, userAuth('erin'));
    expect(reply).toMatchObject({ type: 'error', payload: { errors: [{ errorType: 'Unauthorized', message: 'Not authorized to subscribe to this owner' }] } });
    expect(endpoint.subscriptionCount()).toBeGreaterThanOrEqual(0);
  });

  it('denies the subscription field to a mode it does not allow (IAM on a user-pool-only field)', async () => {
    const c = await connected('erin');
    const iamAuth = await sigv4Headers(endpoint.url, JSON.stringify({ query: SUB, variables: { ownerId: 'erin' } }));
    const { reply } = await c.start(SUB, { ownerId: 'erin' }, iamAuth);
    expect(reply).toMatchObject({ type: 'error', payload: { errors: [{ errorType: 'Unauthorized', message: 'Not Authorized to access onSyncStatusChanged on type Subscription' }] } });
  });

  it('rejects a start without authorization, a duplicate id and a non-subscription operation', async () => {
    const c = await connected('fay');
    c.send({ id: 'x1', type: 'start', payload: { data: JSON.stringify({ query: SUB, variables: { ownerId: 'fay' } }), extensions: {} } });
    expect(await c.next((m) => m.id === 'x1')).toMatchObject({ type: 'error', payload: { errors: [{ errorType: 'UnauthorizedException' }] } });
    const first = await c.start(SUB, { ownerId: 'fay' }, userAuth('fay'), 'dup');
    expect(first.reply.type).toBe('start_ack');
    const second = await c.start(SUB, { ownerId: 'fay' }, userAuth('fay'), 'dup');
    expect(second.reply).toMatchObject({ type: 'error', payload: { errors: [{ errorType: 'DuplicatedOperationError' }] } });
    const query = await c.start('query { me { userId } }', {}, userAuth('fay'));
    expect(query.reply.type).toBe('error');
    const invalid = await c.start('subscription { onSyncStatusChanged(ownerId: "fay") { nope } }', {}, userAuth('fay'));
    expect(invalid.reply.payload.errors[0].message).toContain('FieldUndefined');
  });

  it('stop → complete, and nothing is delivered afterwards', async () => {
    const c = await connected('gus');
    const { id } = await c.start(SUB, { ownerId: 'gus' }, userAuth('gus'));
    c.send({ type: 'stop', id });
    expect(await c.next((m) => m.id === id)).toEqual({ type: 'complete', id });
    await publish(statusInput('gus'));
    expect(await c.nothing(isData(id))).toBe(true);
  });

  it('invalidateSubscriptions completes the subscriptions whose invalidation filter matches', async () => {
    const c = await connected('hal');
    const hal = await c.start(SUB, { ownerId: 'hal' }, userAuth('hal'));
    const other = await connected('ivy');
    const ivy = await other.start(SUB, { ownerId: 'ivy' }, userAuth('ivy'));
    await publish(statusInput('hal', { message: 'invalidate' }));
    expect(await c.next((m) => m.id === hal.id && m.type === 'complete')).toEqual({ type: 'complete', id: hal.id, payload: { message: 'Subscription complete.' } });
    expect(await other.nothing((m) => m.id === ivy.id && m.type === 'complete')).toBe(true);
    await publish(statusInput('hal'));
    expect(await c.nothing(isData(hal.id))).toBe(true);
    await publish(statusInput('ivy'));
    await other.next(isData(ivy.id));
  });

  it('does not publish a mutation that failed', async () => {
    const c = await connected('jan');
    const { id } = await c.start(SUB, { ownerId: 'jan' }, userAuth('jan'));
    // A user-pool caller may not run publishSyncStatus (@aws_iam only): nothing may reach subscribers.
    const r = await fetch(endpoint.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: jwks.idToken('jan') },
      body: JSON.stringify({ query: PUBLISH, variables: { input: statusInput('jan') } }),
    });
    expect((await r.json()).errors[0].errorType).toBe('Unauthorized');
    expect(await c.nothing(isData(id))).toBe(true);
  });
});

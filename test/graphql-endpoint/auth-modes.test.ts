// The auth-mode table (local/graphql-endpoint/auth-modes.ts) against AppSync's own directive
// declarations, and its one dispatch as the HTTP route and EvaluateCode use it: the mode that
// authenticated a request is what util.authType() reports, a mode with no local verifier (API key)
// is never taken for another, and its directive still gates fields.
import { readFileSync } from 'node:fs';
import { Kind, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { AUTH_MODES, modeOfDirective } from '../../local/graphql-endpoint/auth-modes.js';
import { startGraphqlEndpoint, type GraphqlEndpoint } from '../../local/graphql-endpoint/server.js';
import type { FieldInvocation, ResolverExecutor } from '../../local/resolver-runtime/types.js';
import { CLIENT_ID, IAM, type Jwks, iamPost, post, startJwks } from './helpers.js';

const tooling = parse(readFileSync(new URL('../../api/appsync-tooling.graphql', import.meta.url), 'utf8'));
const toolingDirectives = tooling.definitions.flatMap((d) => (d.kind === Kind.DIRECTIVE_DEFINITION ? [d.name.value] : []));

describe('the auth-mode table', () => {
  it('names a mode for every auth directive AppSync declares, and only declared directives', () => {
    const authDirectives = toolingDirectives.filter((d) => d !== 'aws_subscribe' && !d.startsWith('aws_publish'));
    expect(authDirectives.length).toBeGreaterThanOrEqual(6);
    for (const d of authDirectives) expect(modeOfDirective(d), d).toBeDefined();
    const tableDirectives = Object.values(AUTH_MODES).flatMap((m) => [...m.directives]);
    expect(new Set(tableDirectives).size).toBe(tableDirectives.length);
    for (const d of tableDirectives) expect(toolingDirectives, d).toContain(d);
    expect(modeOfDirective('aws_subscribe')).toBeUndefined();
  });
});

const SDL = `
type Query {
  who: String @aws_cognito_user_pools @aws_iam
  keyOnly: String @aws_api_key
}
type Mutation { ping: String }
type Subscription { pinged: String @aws_subscribe(mutations: ["ping"]) }
schema { query: Query mutation: Mutation subscription: Subscription }
`;

/** Every resolved field answers the util.authType() the endpoint handed it. */
const authTypeEcho: ResolverExecutor = {
  has: (typeName) => typeName === 'Query',
  execute: async (inv: FieldInvocation) => ({ data: inv.authType ?? 'none', errors: [] }),
};

let jwks: Jwks;
let endpoint: GraphqlEndpoint;
const evaluated: string[] = [];

beforeAll(async () => {
  jwks = await startJwks();
  endpoint = await startGraphqlEndpoint({
    host: '127.0.0.1',
    port: 0,
    schemaSdl: SDL,
    executor: authTypeEcho,
    auth: { cognito: { issuer: jwks.issuer, jwksUri: jwks.jwksUri, userPoolClientId: CLIENT_ID }, iam: IAM },
    log: { info() {}, warn() {}, error() {} },
    // Only the auth in front of EvaluateCode is under test here: the handler records that it ran.
    evaluateCode: (req, res) => {
      evaluated.push(String(req.headers.authorization).slice(0, 16));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    },
  });
});

afterAll(async () => {
  await endpoint?.close();
  await jwks?.close();
});

describe('one dispatch for every path', () => {
  it("hands resolvers util.authType() of the mode that authenticated the request", async () => {
    const pool = await post(endpoint.url, { query: '{ who }' }, { authorization: jwks.idToken('u1') });
    expect(pool.json).toEqual({ data: { who: 'User Pool Authorization' } });
    const iam = await iamPost(endpoint.url, { query: '{ who }' });
    expect(iam.json).toEqual({ data: { who: 'IAM Authorization' } });
  });

  it('takes an API key for no served mode (401), yet @aws_api_key still keeps the field from user-pool callers', async () => {
    const keyOnly = await post(endpoint.url, { query: '{ who }' }, { 'x-api-key': 'da2-anything' });
    expect(keyOnly.status).toBe(401);
    expect(keyOnly.json).toEqual({ errors: [{ errorType: 'UnauthorizedException', message: 'Valid authorization header not provided.' }] });
    const pool = await post(endpoint.url, { query: '{ who keyOnly }' }, { authorization: jwks.idToken('u1') });
    expect(pool.json.data).toEqual({ who: 'User Pool Authorization', keyOnly: null });
    expect(pool.json.errors[0]).toMatchObject({ errorType: 'Unauthorized', message: 'Not Authorized to access keyOnly on type Query' });
  });

  it('EvaluateCode takes only IAM: a user-pool token is "Missing Authentication Token" and the handler never runs', async () => {
    const evaluateUrl = endpoint.url.replace(/\/graphql$/, '/v1/dataplane-evaluatecode');
    const r = await post(evaluateUrl, { runtime: { name: 'APPSYNC_JS', runtimeVersion: '1.0.0' }, code: 'x', context: '{}' }, { authorization: jwks.idToken('u1') });
    expect(r.status).toBe(403);
    expect(r.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
    expect(r.json).toEqual({ message: 'Missing Authentication Token' });
    expect(evaluated).toEqual([]);
    const signed = await iamPost(evaluateUrl, { runtime: { name: 'APPSYNC_JS', runtimeVersion: '1.0.0' }, code: 'x', context: '{}' });
    expect(signed.status).toBe(200);
    expect(evaluated).toEqual(['AWS4-HMAC-SHA256']);
  });
});

/** Opens a real-time connection whose credentials ride on the upgrade request itself, and sends `frames`. */
function realtime(url: string, headers: Record<string, string>, frames: unknown[], until: (msg: { type: string }) => boolean): Promise<{ type: string; payload?: unknown }[]> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, ['graphql-ws'], { headers });
    const got: { type: string; payload?: unknown }[] = [];
    ws.on('open', () => {
      for (const f of frames) ws.send(JSON.stringify(f));
    });
    ws.on('message', (raw) => {
      const msg = JSON.parse(String(raw)) as { type: string };
      if (msg.type === 'ka') return;
      got.push(msg);
      if (until(msg)) {
        ws.close();
        resolve(got);
      }
    });
    ws.on('error', reject);
  });
}

describe('the real-time endpoint through the same dispatch', () => {
  const start = (authorization: Record<string, string>) => ({
    id: 's1',
    type: 'start',
    payload: { data: JSON.stringify({ query: 'subscription { pinged }' }), extensions: { authorization } },
  });

  it("takes the upgrade request's own Authorization header, and a start's authorization object in the same header form", async () => {
    const token = jwks.idToken('u1');
    const got = await realtime(endpoint.realtimeUrl, { authorization: token }, [{ type: 'connection_init' }, start({ authorization: token })], (m) => m.type === 'start_ack' || m.type === 'error');
    expect(got.map((m) => m.type)).toEqual(['connection_ack', 'start_ack']);
  });

  it('refuses a connection whose only credential is an API key (no served mode takes it)', async () => {
    const got = await realtime(endpoint.realtimeUrl, { 'x-api-key': 'da2-anything' }, [{ type: 'connection_init' }], (m) => m.type === 'connection_error');
    expect(got).toEqual([
      { type: 'connection_error', payload: { errors: [{ errorType: 'UnauthorizedException', message: 'Valid authorization header not provided.', errorCode: 401 }] } },
    ]);
  });
});

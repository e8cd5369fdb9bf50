// The auth-mode table (local/graphql-endpoint/auth-modes.ts) against AppSync's own directive
// declarations, and its one dispatch as the HTTP route and EvaluateCode use it: the mode that
// authenticated a request is what util.authType() reports, a mode with no local verifier (API key)
// is never taken for another, and its directive still gates fields.
import { readFileSync } from 'node:fs';
import { Kind, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
schema { query: Query }
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

// POST /graphql against the real schema: AppSync's status codes and error shapes, Cognito and IAM
// auth, auth directives, AWS scalars, limits, and what resolvers are handed.
import { readFileSync } from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGraphqlEndpoint, type GraphqlEndpoint } from '../../local/graphql-endpoint/server.js';
import { CLIENT_ID, IAM, type Jwks, iamPost, post, sigv4Headers, startJwks } from './helpers.js';
import { FixtureExecutor } from './fixture-executor.js';

const schemaSdl = readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8');
const silent = { info() {}, warn() {}, error() {} };

let jwks: Jwks;
let executor: FixtureExecutor;
let endpoint: GraphqlEndpoint;
let limited: GraphqlEndpoint;
let closed: GraphqlEndpoint;
let fanout: GraphqlEndpoint;

beforeAll(async () => {
  jwks = await startJwks();
  executor = new FixtureExecutor();
  const common = {
    host: '127.0.0.1',
    port: 0,
    schemaSdl,
    executor,
    auth: { cognito: { issuer: jwks.issuer, jwksUri: jwks.jwksUri, userPoolClientId: CLIENT_ID }, iam: IAM },
    log: silent,
    evaluateCode: null,
  };
  endpoint = await startGraphqlEndpoint(common);
  limited = await startGraphqlEndpoint({ ...common, limits: { queryDepthLimit: 2, resolverCountLimit: 2, maxBodyBytes: 2048 } });
  closed = await startGraphqlEndpoint({ ...common, introspection: false });
  fanout = await startGraphqlEndpoint({ ...common, limits: { resolverCountLimit: 3 } });
});

afterAll(async () => {
  await endpoint?.close();
  await limited?.close();
  await closed?.close();
  await fanout?.close();
  await jwks?.close();
});

const ME = 'query { me { userId email } }';
const as = (token: string) => ({ authorization: token });

describe('authentication', () => {
  it('answers 401 UnauthorizedException without an Authorization header', async () => {
    const r = await post(endpoint.url, { query: ME });
    expect(r.status).toBe(401);
    expect(r.headers.get('x-amzn-errortype')).toBe('UnauthorizedException');
    expect(r.json).toEqual({ errors: [{ errorType: 'UnauthorizedException', message: 'Valid authorization header not provided.' }] });
  });

  it('rejects a token that is not a JWT, and the Bearer scheme on HTTP', async () => {
    const garbage = await post(endpoint.url, { query: ME }, as('not-a-jwt'));
    expect(garbage.status).toBe(401);
    expect(garbage.json.errors[0].message).toBe('Unable to parse JWT token.');
    const bearer = await post(endpoint.url, { query: ME }, as(`Bearer ${jwks.idToken('u1')}`));
    expect(bearer.status).toBe(401);
  });

  it('rejects expired, foreign-signed, wrong-issuer, wrong-client and wrong-use tokens', async () => {
    const now = Math.floor(Date.now() / 1000);
    const { privateKey: otherKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const bad = [
      jwks.idToken('u1', { exp: now - 10 }),
      jwks.sign({ sub: 'u1', iss: jwks.issuer, aud: CLIENT_ID, token_use: 'id', exp: now + 600 }, { key: otherKey }),
      jwks.idToken('u1', { iss: 'http://127.0.0.1:1/other_pool' }),
      jwks.idToken('u1', { aud: 'another-client' }),
      jwks.accessToken('u1', { client_id: 'another-client' }),
      jwks.idToken('u1', { token_use: 'refresh' }),
    ];
    for (const token of bad) {
      const r = await post(endpoint.url, { query: ME }, as(token));
      expect(r.status, token).toBe(401);
      expect(r.json.errors[0].errorType).toBe('UnauthorizedException');
    }
    const expired = await post(endpoint.url, { query: ME }, as(bad[0]!));
    expect(expired.json.errors[0].message).toBe('Token has expired.');
  });

  it('accepts id and access tokens and builds ctx.identity as AppSync does', async () => {
    const idToken = jwks.idToken('user-1', { 'cognito:groups': ['admins'] });
    const r = await post(endpoint.url, { query: 'query Q($x: Boolean!) { me { userId email mail: email @include(if: $x) } }', variables: { x: true } }, { ...as(idToken), 'x-custom': 'abc' });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ data: { me: { userId: 'user-1', email: 'user-1@example.com', mail: 'user-1@example.com' } } });
    const inv = executor.calls.findLast((c) => c.fieldName === 'me')!;
    expect(inv.identity).toMatchObject({
      sub: 'user-1',
      issuer: jwks.issuer,
      username: 'user-1',
      defaultAuthStrategy: 'ALLOW',
      groups: ['admins'],
      claims: { token_use: 'id', aud: CLIENT_ID, email: 'user-1@example.com' },
    });
    expect(inv.identity!.sourceIp).toEqual([expect.stringMatching(/127\.0\.0\.1/)]);
    expect(inv.source).toEqual({});
    expect(inv.request.headers['x-custom']).toBe('abc');
    expect(inv.request.headers.authorization).toBe(idToken);
    expect(inv.info).toEqual({
      fieldName: 'me',
      parentTypeName: 'Query',
      variables: { x: true },
      selectionSetList: ['userId', 'email', 'mail'],
      selectionSetGraphQL: '{\n  userId\n  email\n  mail: email @include(if: $x)\n}',
    });

    const access = await post(endpoint.url, { query: ME }, as(jwks.accessToken('user-2')));
    expect(access.status).toBe(200);
    expect(access.json.data.me.userId).toBe('user-2');
    const accessInv = executor.calls.findLast((c) => c.fieldName === 'me')!;
    expect(accessInv.identity).toMatchObject({ sub: 'user-2', username: 'user-2', groups: null });
  });

  it('verifies SigV4 (IAM) and gives the IAM identity', async () => {
    const input = { syncId: 's', ownerId: 'o', platform: 'META', accountId: 'a', state: 'RUNNING', progress: 5, campaignsSynced: 1, startedAt: '2026-01-01T00:00:00Z' };
    const query = 'mutation P($input: PublishSyncStatusInput!) { publishSyncStatus(input: $input) { syncId progress } }';
    const r = await iamPost(endpoint.url, { query, variables: { input } });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ data: { publishSyncStatus: { syncId: 's', progress: 5 } } });
    const inv = executor.calls.findLast((c) => c.fieldName === 'publishSyncStatus')!;
    expect(inv.identity).toMatchObject({ username: IAM.accessKeyId, cognitoIdentityPoolId: null, userArn: expect.stringContaining('arn:aws:iam::') });

    // Tampered body, wrong secret, wrong region: 401.
    const text = JSON.stringify({ query, variables: { input } });
    const headers = await sigv4Headers(endpoint.url, text);
    const tampered = await post(endpoint.url, text.replace('"progress":5', '"progress":6'), headers);
    expect(tampered.status).toBe(401);
    const wrongSecret = await post(endpoint.url, text, await sigv4Headers(endpoint.url, text, { accessKeyId: IAM.accessKeyId, secretAccessKey: 'nope' }));
    expect(wrongSecret.status).toBe(401);
    const wrongKey = await post(endpoint.url, text, await sigv4Headers(endpoint.url, text, { accessKeyId: 'OTHER', secretAccessKey: IAM.secretAccessKey }));
    expect(wrongKey.status).toBe(401);
    const wrongRegion = await post(endpoint.url, text, await sigv4Headers(endpoint.url, text, IAM, 'us-east-1'));
    expect(wrongRegion.status).toBe(401);
  });
});

describe('auth directives', () => {
  it('denies a field marked only @aws_iam to user-pool callers, per field, keeping the rest', async () => {
    const input = { syncId: 's', ownerId: 'o', platform: 'META', accountId: 'a', state: 'RUNNING', progress: 5, campaignsSynced: 1, startedAt: '2026-01-01T00:00:00Z' };
    const r = await post(
      endpoint.url,
      { query: 'mutation P($input: PublishSyncStatusInput!) { publishSyncStatus(input: $input) { syncId } }', variables: { input } },
      as(jwks.idToken('u1')),
    );
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      data: { publishSyncStatus: null },
      errors: [
        {
          path: ['publishSyncStatus'],
          data: null,
          errorType: 'Unauthorized',
          errorInfo: null,
          locations: [{ line: 1, column: 47, sourceName: null }],
          message: 'Not Authorized to access publishSyncStatus on type Mutation',
        },
      ],
    });
  });

  it('applies the default mode (user pools) to fields without directives, so IAM callers are denied', async () => {
    const r = await iamPost(endpoint.url, { query: 'query { me { userId } }' });
    expect(r.status).toBe(200);
    expect(r.json.data).toBeNull();
    expect(r.json.errors[0]).toMatchObject({ errorType: 'Unauthorized', message: 'Not Authorized to access me on type Query', path: ['me'] });
  });

  it('lets both modes read a type marked @aws_cognito_user_pools @aws_iam', async () => {
    const r = await post(
      endpoint.url,
      { query: 'mutation { syncCampaigns(platform: META, accountId: "a1") { syncId ownerId state progress } }' },
      as(jwks.idToken('u9')),
    );
    expect(r.json).toEqual({ data: { syncCampaigns: { syncId: 's1', ownerId: 'u9', state: 'QUEUED', progress: 0 } } });
  });
});

describe('request format errors', () => {
  it('answers 400 to malformed JSON, a wrong content type and a missing query', async () => {
    const token = jwks.idToken('u1');
    const malformed = await post(endpoint.url, '{"query": ', as(token));
    expect(malformed.status).toBe(400);
    expect(malformed.json.errors[0].errorType).toBe('MalformedHttpRequestException');
    const text = await fetch(endpoint.url, { method: 'POST', headers: { 'content-type': 'text/plain', ...as(token) }, body: JSON.stringify({ query: ME }) });
    expect(text.status).toBe(400);
    const noQuery = await post(endpoint.url, { variables: {} }, as(token));
    expect(noQuery.status).toBe(400);
  });

  it('answers 400 with AppSync wording to syntax and validation errors', async () => {
    const token = jwks.idToken('u1');
    const syntax = await post(endpoint.url, { query: 'query { me { ' }, as(token));
    expect(syntax.status).toBe(400);
    expect(syntax.json.errors[0].message).toMatch(/^Invalid Syntax/);
    const unknown = await post(endpoint.url, { query: 'query { me { nope } }' }, as(token));
    expect(unknown.status).toBe(400);
    expect(unknown.json).toEqual({
      data: null,
      errors: [
        {
          path: null,
          locations: [{ line: 1, column: 14, sourceName: null }],
          message: "Validation error of type FieldUndefined: Field 'nope' in type 'User' is undefined @ 'me/nope'",
        },
      ],
    });
    const missingArg = await post(endpoint.url, { query: 'query { team { teamId } }' }, as(token));
    expect(missingArg.json.errors[0].message).toBe("Validation error of type MissingFieldArgument: Missing field argument teamId @ 'team'");
  });
});

describe('resolver outcomes', () => {
  it('returns util.error as a field error with every AppSync key, HTTP 200', async () => {
    const r = await post(endpoint.url, { query: 'query {\n  user(userId: "missing") { userId }\n}' }, as(jwks.idToken('u1')));
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      data: { user: null },
      errors: [
        {
          path: ['user'],
          data: null,
          errorType: 'NotFound',
          errorInfo: { userId: 'missing' },
          locations: [{ line: 2, column: 3, sourceName: null }],
          message: 'No such user',
        },
      ],
    });
  });

  it('keeps data next to appended errors (partial result)', async () => {
    const r = await post(endpoint.url, { query: '{ user(userId: "partial") { userId } }' }, as(jwks.idToken('u1')));
    expect(r.json.data).toEqual({ user: { userId: 'partial' } });
    expect(r.json.errors).toEqual([expect.objectContaining({ path: ['user'], errorType: 'Stale', message: 'name is stale' })]);
  });

  it("reports a result that is not a valid AWS scalar with AppSync's message and nulls upward", async () => {
    const r = await post(endpoint.url, { query: '{ user(userId: "bad-date") { userId createdAt } }' }, as(jwks.idToken('u1')));
    expect(r.json.data).toEqual({ user: null });
    expect(r.json.errors[0]).toMatchObject({
      path: ['user', 'createdAt'],
      message: "Can't serialize value (/user/createdAt) : Unable to serialize `yesterday` as a valid DateTime Object.",
    });
  });

  it('words a null for a non-null field as AppSync does', async () => {
    const r = await post(endpoint.url, { query: '{ team(teamId: "t") { teamId members { userId email } } }' }, as(jwks.idToken('u1')));
    expect(r.json.data.team.members).toEqual([{ userId: 't-m', email: null }]);
    const r2 = await post(endpoint.url, { query: '{ team(teamId: "t") { members { invitedBy joinedAt role name } } }' }, as(jwks.idToken('u1')));
    expect(r2.json.data.team.members[0]).toEqual({ invitedBy: null, joinedAt: '2026-01-02T03:04:05.000Z', role: 'MEMBER', name: null });
    executor.on('Query.me', () => ({ data: { userId: 'x' }, errors: [] }));
    try {
      const r3 = await post(endpoint.url, { query: '{ me { userId email } }' }, as(jwks.idToken('u1')));
      expect(r3.json).toEqual({
        data: null,
        errors: [{ path: ['me', 'email'], locations: [{ line: 1, column: 15, sourceName: null }], message: "Cannot return null for non-nullable type: 'AWSEmail' within parent 'User' (/me/email)" }],
      });
    } finally {
      executor.on('Query.me', (inv) => ({ data: { userId: inv.identity?.sub, email: 'me@example.com', emailVerified: true, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z' }, errors: [] }));
    }
  });

  it('resolves nested fields with resolvers, handing them their parent as source', async () => {
    await post(endpoint.url, { query: '{ myTeams { teamId members { userId } } }' }, as(jwks.idToken('u1')));
    const nested = executor.calls.filter((c) => c.typeName === 'Team' && c.fieldName === 'members').slice(-3);
    expect(nested.map((c) => c.source?.teamId)).toEqual(['t1', 't2', 't3']);
    expect(nested[0]!.info.parentTypeName).toBe('Team');
  });
});

describe('AWS scalars', () => {
  const CREATE = 'mutation C($input: CreatePlatformConfigInput!) { createPlatformConfig(input: $input) { configId settings } }';

  it('hands AWSJSON arguments to resolvers parsed and returns AWSJSON results as JSON strings', async () => {
    const r = await post(endpoint.url, { query: CREATE, variables: { input: { platform: 'META', name: 'n', settings: '{"tz":"Asia/Seoul","n":[1,2]}' } } }, as(jwks.idToken('u1')));
    expect(r.json).toEqual({ data: { createPlatformConfig: { configId: 'c1', settings: '{"tz":"Asia/Seoul","n":[1,2]}' } } });
    const inv = executor.calls.findLast((c) => c.fieldName === 'createPlatformConfig')!;
    expect((inv.arguments.input as { settings: unknown }).settings).toEqual({ tz: 'Asia/Seoul', n: [1, 2] });
  });

  it('rejects an AWSJSON variable that is an object or not JSON', async () => {
    for (const settings of [{ tz: 'x' }, '{nope']) {
      const r = await post(endpoint.url, { query: CREATE, variables: { input: { platform: 'META', name: 'n', settings } } }, as(jwks.idToken('u1')));
      expect(r.status).toBe(400);
      expect(r.json.errors[0].message).toMatch(/^Variable 'input' has an invalid value\. Unable to parse .* as a valid JSON\.$/);
    }
  });

  it("rejects invalid literals with AppSync's WrongType wording", async () => {
    const r = await post(endpoint.url, { query: 'mutation { createPlatformConfig(input: { platform: META, name: "n", settings: "{bad" }) { configId } }' }, as(jwks.idToken('u1')));
    expect(r.status).toBe(400);
    expect(r.json.errors[0].message).toBe(
      // AWSJSON values are never quoted (they may be credentials); other scalars' are, as AppSync does.
      "Validation error of type WrongType: argument 'input.settings' is not a valid 'AWSJSON' @ 'createPlatformConfig'",
    );
    const date = await post(endpoint.url, { query: 'mutation { syncCampaigns(platform: META, accountId: "a", from: "2026-02-30") { syncId } }' }, as(jwks.idToken('u1')));
    expect(date.json.errors[0].message).toBe(
      "Validation error of type WrongType: argument 'from' with value 'StringValue{value='2026-02-30'}' is not a valid 'AWSDate' @ 'syncCampaigns'",
    );
    const email = await post(endpoint.url, { query: 'mutation { inviteMember(teamId: "t", email: "not-an-email", role: MEMBER) { teamId } }' }, as(jwks.idToken('u1')));
    expect(email.json.errors[0].message).toContain("is not a valid 'AWSEmail'");
  });

  it('reports a bad scalar variable as "Variable ... has an invalid value"', async () => {
    const r = await post(
      endpoint.url,
      { query: 'mutation S($from: AWSDate) { syncCampaigns(platform: META, accountId: "a", from: $from) { syncId } }', variables: { from: '2019-12-24T04:15:57.798Z' } },
      as(jwks.idToken('u1')),
    );
    expect(r.status).toBe(400);
    expect(r.json.errors[0].message).toBe("Variable 'from' has an invalid value. Unable to parse `2019-12-24T04:15:57.798Z` as a valid date.");
    const ok = await post(
      endpoint.url,
      { query: 'mutation S($from: AWSDate) { syncCampaigns(platform: META, accountId: "a", from: $from) { syncId } }', variables: { from: '2019-12-24+09:00' } },
      as(jwks.idToken('u1')),
    );
    expect(ok.status).toBe(200);
    expect(executor.calls.findLast((c) => c.fieldName === 'syncCampaigns')!.arguments.from).toBe('2019-12-24+09:00');
  });
});

describe('limits', () => {
  it('rejects a request nested deeper than queryDepthLimit before running any resolver', async () => {
    const before = executor.calls.length;
    const r = await post(limited.url, { query: '{ team(teamId: "t") { teamId members { userId } } }' }, as(jwks.idToken('u1')));
    expect(r.status).toBe(400);
    expect(r.json).toEqual({
      data: null,
      errors: [{ path: null, locations: [{ line: 1, column: 40, sourceName: null }], message: 'Query depth limit of 2 exceeded.', errorType: 'QueryDepthLimitReached' }],
    });
    expect(executor.calls.length).toBe(before);
    // Fragments count at the depth where they are spread, and introspection is limited too.
    const viaFragment = await post(limited.url, { query: 'query { team(teamId: "t") { ...F } } fragment F on Team { members { userId } }' }, as(jwks.idToken('u1')));
    expect(viaFragment.json.errors[0].errorType).toBe('QueryDepthLimitReached');
    const introspection = await post(limited.url, { query: '{ __schema { types { name } } }' }, as(jwks.idToken('u1')));
    expect(introspection.json.errors[0].errorType).toBe('QueryDepthLimitReached');
    const shallow = await post(limited.url, { query: '{ team(teamId: "t") { teamId } }' }, as(jwks.idToken('u1')));
    expect(shallow.json).toEqual({ data: { team: { teamId: 't' } } });
  });

  it('refuses an operation selecting more resolvers than resolverCountLimit before running any', async () => {
    const before = executor.calls.length;
    const r = await post(limited.url, { query: '{ myTeams { teamId } me { userId } user(userId: "x") { userId } }' }, as(jwks.idToken('u1')));
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ data: null, errors: [{ path: null, locations: null, message: 'Resolver count limit of 2 exceeded.', errorType: 'ResolverExecutionLimitReached' }] });
    expect(executor.calls.length).toBe(before);
  });

  it('stops running resolvers that lists multiply past resolverCountLimit', async () => {
    // Two resolver fields as written, 1 + 3 as run: the third team's members exceed a limit of 3.
    const r = await post(fanout.url, { query: '{ myTeams { teamId members { userId } } }' }, as(jwks.idToken('u1')));
    expect(r.status).toBe(200);
    expect(r.json.errors).toEqual([expect.objectContaining({ path: ['myTeams', 2, 'members'], errorType: 'ResolverExecutionLimitReached' })]);
    expect(r.json.data).toBeNull();
  });

  it('refuses documents over 15,000 tokens as AppSync does', async () => {
    const r = await post(endpoint.url, { query: `{ ${Array.from({ length: 8000 }, (_, i) => `a${i}: __typename`).join(' ')} }` }, as(jwks.idToken('u1')));
    expect(r.status).toBe(400);
    expect(r.json.errors[0].message).toBe('Maximum char length exceeded');
  });

  it('hides the introspection fields when introspection is disabled', async () => {
    const r = await post(closed.url, { query: '{ __schema { queryType { name } } }' }, as(jwks.idToken('u1')));
    expect(r.status).toBe(400);
    expect(r.json.errors[0].message).toBe("Validation error of type FieldUndefined: Field '__schema' in type 'Query' is undefined @ '__schema'");
    const open = await post(endpoint.url, { query: '{ __schema { queryType { name } } }' }, as(jwks.idToken('u1')));
    expect(open.json).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
  });

  it('answers 413 to a body over maxBodyBytes', async () => {
    const r = await post(limited.url, { query: `{ me { userId } } # ${'x'.repeat(4000)}` }, as(jwks.idToken('u1')));
    expect(r.status).toBe(413);
    expect(r.json.errors[0].errorType).toBe('PayloadTooLargeException');
  });
});

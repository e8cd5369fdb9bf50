// GraphQL abuse against the local endpoint: each attempt is rejected with a clear error and the server
// stays healthy for the next caller.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { apiLimits } from '../../api/limits.js';
import { gql, newUser, outputs, type TestUser } from '../support/stack.js';

let user: TestUser;
beforeAll(async () => {
  user = await newUser('Abuse');
});

interface Reply {
  data?: Record<string, unknown> | null;
  errors?: { message?: string; errorType?: string }[];
}

async function post(body: string, headers: Record<string, string> = {}): Promise<{ status: number; json: Reply }> {
  const res = await fetch(outputs().graphql!.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: user.accessToken, ...headers },
    body,
  });
  const text = await res.text();
  let json: Reply = {};
  try {
    json = JSON.parse(text) as Reply;
  } catch {
    json = { errors: [{ message: text }] };
  }
  return { status: res.status, json };
}

function errorTypes(json: Reply): string[] {
  return (json.errors ?? []).map((e) => e.errorType ?? '');
}

describe('GraphQL abuse is rejected and the server stays healthy', () => {
  afterEach(async () => {
    const health = await gql<{ me: { userId: string } }>(user, 'query { me { userId } }');
    expect(health.errors).toBeUndefined();
    expect(health.data?.me.userId).toBe(user.sub);
  });

  it(`rejects a query deeper than ${apiLimits.queryDepthLimit}`, async () => {
    // __typename-free nesting through a real path: team → members repeated via fragments is not possible,
    // so nest the introspection type graph, which is arbitrarily deep.
    let selection = 'name';
    for (let i = 0; i < apiLimits.queryDepthLimit + 2; i++) selection = `ofType { ${selection} }`;
    const r = await post(JSON.stringify({ query: `query { __schema { types { ${selection} } } }` }));
    expect(errorTypes(r.json)).toContain('QueryDepthLimitReached');
  });

  it('rejects 1,000 aliases of one resolver field', async () => {
    const aliases = Array.from({ length: 1_000 }, (_, i) => `a${i}: me { userId }`).join(' ');
    const r = await post(JSON.stringify({ query: `query { ${aliases} }` }));
    expect(r.json.data ?? null).toBeNull();
    expect(errorTypes(r.json)).toContain('ResolverExecutionLimitReached');
  });

  it('rejects a huge list argument value', async () => {
    const r = await post(JSON.stringify({ query: 'query ($id: ID!) { user(userId: $id) { userId } }', variables: { id: Array(100_000).fill('x') } }));
    expect(r.status).toBeLessThan(500);
    expect(r.json.data?.user ?? null).toBeNull();
    expect(r.json.errors?.[0]?.message).toMatch(/id|Variable/);
  });

  it('rejects oversized variables with 413', async () => {
    const big = 'x'.repeat(6 * 1024 * 1024);
    const r = await post(JSON.stringify({ query: 'mutation ($n: String!) { updateMe(input: { name: $n }) { userId } }', variables: { n: big } }));
    expect(r.status).toBe(413);
    expect(errorTypes(r.json)).toContain('PayloadTooLargeException');
  });

  it('rejects a long but in-limit string with a ValidationError, not a write', async () => {
    const r = await gql(user, 'mutation ($n: String!) { updateMe(input: { name: $n }) { name } }', { n: 'x'.repeat(100_000) });
    expect(r.errors?.[0]?.errorType).toBe('ValidationError');
    const me = await gql<{ me: { name: string | null } }>(user, 'query { me { name } }');
    expect(me.data?.me.name).not.toBe('x'.repeat(100_000));
  });

  it('rejects malformed JSON with 400', async () => {
    const r = await post('{"query": "query { me { userId } }"');
    expect(r.status).toBe(400);
    expect(r.json.errors?.length).toBeGreaterThan(0);
  });

  it('rejects a wrong content type', async () => {
    const r = await post('query { me { userId } }', { 'content-type': 'text/plain' });
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
  });

  it('rejects a syntax error with a parse error', async () => {
    const r = await post(JSON.stringify({ query: 'query { me { userId }' }));
    expect(r.status).toBeLessThan(500);
    expect(r.json.data ?? null).toBeNull();
    expect(r.json.errors?.[0]?.message).toMatch(/Syntax Error|Expected/);
  });

  it('rejects a request without a token with 401', async () => {
    const res = await fetch(outputs().graphql!.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: 'query { me { userId } }' }) });
    expect(res.status).toBe(401);
    const json = (await res.json()) as Reply;
    expect(errorTypes(json)).toContain('UnauthorizedException');
  });

  it('survives 200 concurrent bad requests', async () => {
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => post(i % 2 ? '{' : JSON.stringify({ query: 'query { nope }' }))));
    for (const r of results) {
      expect(r.status).toBeGreaterThanOrEqual(200);
      expect(r.status).toBeLessThan(500);
      expect(r.json.errors?.length).toBeGreaterThan(0);
    }
  });
});

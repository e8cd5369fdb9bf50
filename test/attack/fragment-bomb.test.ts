// Freeze attempts: small documents whose fragments or aliases multiply into an enormous operation. Each
// is refused before any resolver runs, with AppSync's error, and a legitimate request sent alongside is
// answered (a 922-byte fragment bomb used to freeze the endpoint for 11-22 s). The refusal takes a few ms;
// the bound asserted is loose because the suite runs on a busy 2-core machine.
import { beforeAll, describe, expect, it } from 'vitest';
import { apiLimits } from '../../api/limits.js';
import { gql, newUser, subscribe, type GqlResult, type TestUser } from '../support/stack.js';

let user: TestUser;
beforeAll(async () => {
  user = await newUser('Bomber');
});

/** `levels` fragments, each spreading the previous one twice: 2^levels copies of the leaf selection. */
function doublingFragments(prefix: string, type: string, leaf: string, levels: number): string {
  let out = `fragment ${prefix}0 on ${type} { ${leaf} }\n`;
  for (let i = 1; i <= levels; i++) out += `fragment ${prefix}${i} on ${type} { ...${prefix}${i - 1} ...${prefix}${i - 1} }\n`;
  return out;
}

/** Times a request and, concurrently, a legitimate one that must be answered. */
async function timedWithBystander(attack: () => Promise<GqlResult<unknown>>): Promise<{ ms: number; r: GqlResult<unknown> }> {
  const started = performance.now();
  const [r, bystander] = await Promise.all([
    attack().then((res) => ({ res, ms: performance.now() - started })),
    gql<{ me: { userId: string } }>(user, 'query { me { userId } }'),
  ]);
  expect(bystander.errors).toBeUndefined();
  expect(bystander.data?.me.userId).toBe(user.sub);
  return { ms: r.ms, r: r.res };
}

describe('GraphQL cost is bounded before execution', () => {
  it('refuses the 2^30 fragment bomb at once while a legitimate query is answered', async () => {
    const query = `query { me { ...F30 } }\n${doublingFragments('F', 'User', 'userId', 30)}`;
    expect(query.length).toBeLessThan(1_300);
    const { ms, r } = await timedWithBystander(() => gql(user, query));
    expect(r.status).toBe(400);
    expect(r.data ?? null).toBeNull();
    expect(r.errors).toEqual([expect.objectContaining({ message: 'Maximum char length exceeded', errorType: 'InvalidSyntax' })]);
    expect(ms).toBeLessThan(5_000);
  });

  it('refuses an alias bomb over the introspection graph (10 aliases per level, within the depth limit)', async () => {
    const width = 10;
    let fragments = 'fragment T0 on __Type { name }\n';
    const levels = apiLimits.queryDepthLimit - 3;
    for (let i = 1; i <= levels; i++) {
      const aliases = Array.from({ length: width }, (_, k) => `a${k}: ofType { ...T${i - 1} }`).join(' ');
      fragments += `fragment T${i} on __Type { ${aliases} }\n`;
    }
    const query = `query { __schema { types { ...T${levels} } } }\n${fragments}`;
    expect(query.length).toBeLessThan(4_000);
    const { ms, r } = await timedWithBystander(() => gql(user, query));
    expect(r.status).toBe(400);
    expect(r.errors).toEqual([expect.objectContaining({ message: 'Maximum char length exceeded', errorType: 'InvalidSyntax' })]);
    expect(ms).toBeLessThan(5_000);
  });

  it('refuses more resolvers than resolverCountLimit before running any, with ResolverExecutionLimitReached', async () => {
    // 1,000 aliases of a resolver field, and the same multiplied through fragments.
    const aliases = Array.from({ length: 1_000 }, (_, i) => `a${i}: me { userId }`).join(' ');
    const viaFragments = `query { ...Q10 }\n${doublingFragments('Q', 'Query', 'me { userId }', 10)}`;
    for (const query of [`query { ${aliases} }`, viaFragments]) {
      const { ms, r } = await timedWithBystander(() => gql(user, query));
      expect(r.status).toBe(400);
      expect(r.data ?? null).toBeNull();
      expect(r.errors).toEqual([
        expect.objectContaining({ message: `Resolver count limit of ${apiLimits.resolverCountLimit} exceeded.`, errorType: 'ResolverExecutionLimitReached' }),
      ]);
      expect(ms).toBeLessThan(5_000);
    }
  });

  it('refuses an over-deep query with QueryDepthLimitReached', async () => {
    let selection = 'name';
    for (let i = 0; i < apiLimits.queryDepthLimit; i++) selection = `ofType { ${selection} }`;
    const r = await gql(user, `query { __schema { types { ${selection} } } }`);
    expect(r.status).toBe(400);
    expect(r.errors).toEqual([expect.objectContaining({ message: `Query depth limit of ${apiLimits.queryDepthLimit} exceeded.`, errorType: 'QueryDepthLimitReached' })]);
  });

  it('refuses the fragment bomb as a subscription over the real-time endpoint just as fast', async () => {
    const query = `subscription S($ownerId: ID!) { onSyncStatusChanged(ownerId: $ownerId) { ...S30 } }\n${doublingFragments('S', 'SyncStatus', 'syncId', 30)}`;
    const started = performance.now();
    const sub = await subscribe(user, query, { ownerId: user.sub });
    try {
      const refusal = (await sub.error) as { errors?: { message?: string; errorType?: string }[] };
      expect(performance.now() - started).toBeLessThan(5_000);
      expect(refusal.errors).toEqual([expect.objectContaining({ message: 'Maximum char length exceeded', errorType: 'InvalidSyntax' })]);
      await expect(sub.ready).rejects.toThrow();
    } finally {
      sub.close();
    }
    const health = await gql<{ me: { userId: string } }>(user, 'query { me { userId } }');
    expect(health.data?.me.userId).toBe(user.sub);
  });

  it('still answers a legitimate query that uses fragments', async () => {
    const r = await gql<{ me: { userId: string; email: string } }>(user, 'query { me { ...A ...B } } fragment A on User { userId } fragment B on User { email }');
    expect(r.errors).toBeUndefined();
    expect(r.data?.me).toEqual({ userId: user.sub, email: user.email });
  });
});

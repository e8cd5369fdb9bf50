// The token-level relations of the matrix for EVERY Query and Mutation field, straight from
// schema.graphql: no token and an expired token → HTTP 401 with no data; IAM (SigV4) → the field is
// denied (Unauthorized, null) unless it carries @aws_iam. Placeholder arguments suffice: authentication
// and auth-mode checks come before any resolver. Subscriptions are classified by their domain's rows
// (they are authorized on the real-time connection, not on POST /graphql).
import { beforeAll, describe, expect, it } from 'vitest';
import { gql, newUser, type TestUser } from '../support/stack.js';
import { tokenCheckedFields } from './schema-fields.js';
import { expiredAccessToken } from './tokens.js';

let user: TestUser;
beforeAll(async () => {
  user = await newUser('Token Matrix');
});

describe.each(tokenCheckedFields().map((f) => [`${f.type}.${f.name}`, f] as const))('%s', (_label, field) => {
  it('no token → 401', async () => {
    const r = await gql(null, field.document, field.variables);
    expect(r.status).toBe(401);
    expect(r.data ?? null).toBeNull();
    expect(r.errors?.[0]?.errorType).toBe('UnauthorizedException');
  });

  it('expired token → 401', async () => {
    const r = await gql({ token: expiredAccessToken(user) }, field.document, field.variables);
    expect(r.status).toBe(401);
    expect(r.data ?? null).toBeNull();
  });

  it(field.iam ? 'IAM → allowed by @aws_iam' : 'IAM → Unauthorized', async () => {
    const r = await gql('iam', field.document, field.variables);
    expect(r.status).toBe(200);
    const types = (r.errors ?? []).map((e) => e.errorType);
    if (field.iam) {
      expect(types).not.toContain('Unauthorized');
    } else {
      expect(types, JSON.stringify(r.errors)).toEqual(['Unauthorized']);
      expect(r.data?.[field.name] ?? null).toBeNull();
    }
  });
});

// AppSync's directive rules (devguide/security-authz.html) on a schema that uses every combination:
// default mode where nothing is said, type-level sets, field-level replacement, Cognito groups.
import { describe, expect, it } from 'vitest';
import { allowed, buildAppSyncSchema, type Caller } from '../../local/graphql-endpoint/schema.js';

const s = buildAppSyncSchema(`
type Query { open: Post  iamOnly: Post @aws_iam  staff: String @aws_cognito_user_pools(cognito_groups: ["staff"]) }
type Post @aws_cognito_user_pools @aws_iam { id: ID!  secret: String @aws_iam  title: String }
type Plain { x: String }
type Mutation { m: Post }
type Subscription { onM: Post @aws_subscribe(mutations: ["m"]) }
`);
const user: Caller = { mode: 'AMAZON_COGNITO_USER_POOLS', groups: [] };
const staff: Caller = { mode: 'AMAZON_COGNITO_USER_POOLS', groups: ['staff'] };
const iam: Caller = { mode: 'AWS_IAM', groups: [] };

describe('auth directive rules', () => {
  it('applies the default mode (user pools) where neither field nor type has a directive', () => {
    expect(allowed(s, 'Query', 'open', user)).toBe(true);
    expect(allowed(s, 'Query', 'open', iam)).toBe(false);
    expect(allowed(s, 'Plain', 'x', iam)).toBe(false);
  });
  it('lets a type-level set cover its fields, and a field directive replace it', () => {
    expect(allowed(s, 'Post', 'title', user)).toBe(true);
    expect(allowed(s, 'Post', 'title', iam)).toBe(true);
    expect(allowed(s, 'Post', 'secret', iam)).toBe(true);
    expect(allowed(s, 'Post', 'secret', user)).toBe(false);
    expect(allowed(s, 'Query', 'iamOnly', user)).toBe(false);
  });
  it('restricts @aws_cognito_user_pools(cognito_groups) to members of those groups', () => {
    expect(allowed(s, 'Query', 'staff', staff)).toBe(true);
    expect(allowed(s, 'Query', 'staff', user)).toBe(false);
    expect(allowed(s, 'Query', 'staff', iam)).toBe(false);
  });
  it('always allows introspection fields and maps @aws_subscribe', () => {
    expect(allowed(s, '__Schema', 'types', iam)).toBe(true);
    expect(s.subscribersOf.get('m')).toEqual(['onM']);
  });
});

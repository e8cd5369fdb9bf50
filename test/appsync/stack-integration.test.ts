// The runtime inside the shared local stack: real resolver bundles executed for a signed-in user through
// the GraphQL endpoint, and EvaluateCode served on the stack's endpoint for the unmodified AWS SDK client.
import { describe, expect, it } from 'vitest';
import { AppSyncClient, EvaluateCodeCommand } from '@aws-sdk/client-appsync';
import { gql, newUser, outputs } from '../support/stack.js';

describe('local stack', () => {
  it('resolves Query.me with the project bundle for the caller only', async () => {
    const user = await newUser('runtime');
    const res = await gql<{ me: { userId: string; email: string } }>(user, 'query { me { userId email } }');
    expect(res.errors).toBeUndefined();
    expect(res.data?.me).toEqual({ userId: user.sub, email: user.email });
  });

  it('serves EvaluateCode on the GraphQL endpoint', async () => {
    const o = outputs();
    expect(o.graphql).not.toBeNull();
    const client = new AppSyncClient({ endpoint: new URL(o.graphql!.url).origin, region: o.region, credentials: o.iam });
    try {
      const out = await client.send(
        new EvaluateCodeCommand({
          runtime: { name: 'APPSYNC_JS', runtimeVersion: '1.0.0' },
          code: "import { util } from '@aws-appsync/utils';\nexport function request(ctx) { return util.dynamodb.toMapValues(ctx.args); }\nexport function response(ctx) { return ctx.result; }\n",
          context: JSON.stringify({ arguments: { id: 'a', n: 2 } }),
          function: 'request',
        }),
      );
      expect(JSON.parse(out.evaluationResult!)).toEqual({ id: { S: 'a' }, n: { N: 2 } });
    } finally {
      client.destroy();
    }
  });
});

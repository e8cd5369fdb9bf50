// End-to-end latency of a one-GetItem GraphQL query (HTTP, Cognito JWT verification, APPSYNC_JS
// resolver, DynamoDB Local) against a raw SDK GetItem of the same item on the same DynamoDB Local,
// interleaved in one run. Targets: <= 1.3x at p50, <= 2x at p99.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { buildResolvers } from '../scripts/build-resolvers.js';
import { startStack } from '../local/stack.js';
import type { Bench } from './types.js';
import { percentile } from './stats.js';

const WARMUP = 50;
const SAMPLES = 1000;


export const run: Bench = async () => {
  const bundleDir = mkdtempSync(join(tmpdir(), 'sivera-bench-resolvers-'));
  await buildResolvers({ outDir: bundleDir });
  const stack = await startStack({ bundleDir, fakes: false });
  const o = stack.outputs;
  const ddb = new DynamoDBClient({ endpoint: o.dynamodb.endpoint, region: o.region, credentials: o.iam });
  const cognito = new CognitoIdentityProviderClient({ endpoint: o.cognito.endpoint, region: o.region, credentials: o.iam });
  try {
    if (!o.graphql) throw new Error('the stack has no GraphQL endpoint');
    const email = `bench-${Date.now()}@bench.sivera.example`;
    const password = 'BenchPass1x';
    const up = await cognito.send(new SignUpCommand({ ClientId: o.cognito.userPoolClientId, Username: email, Password: password, UserAttributes: [{ Name: 'email', Value: email }] }));
    await cognito.send(new ConfirmSignUpCommand({ ClientId: o.cognito.userPoolClientId, Username: email, ConfirmationCode: o.cognito.confirmationCode }));
    const auth = await cognito.send(new InitiateAuthCommand({ ClientId: o.cognito.userPoolClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: email, PASSWORD: password } }));
    const token = auth.AuthenticationResult!.AccessToken!;
    const sub = up.UserSub!;

    const url = o.graphql.url;
    const post = async (query: string, variables: Record<string, unknown>) => {
      const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: token }, body: JSON.stringify({ query, variables }) });
      return (await r.json()) as { data?: Record<string, { userId?: string } | null>; errors?: { message: string }[] };
    };
    // `me` is a unit resolver doing one GetItem on the users table (`user(userId)` is a pipeline that
    // also checks team membership, so it is only the fallback while `me` is not wired).
    const candidates = [
      { query: '{ me { userId email } }', variables: {}, field: 'me' },
      { query: 'query($id: ID!) { user(userId: $id) { userId email } }', variables: { id: sub }, field: 'user' },
    ];
    let chosen: (typeof candidates)[number] | undefined;
    const tried: string[] = [];
    for (const c of candidates) {
      const r = await post(c.query, c.variables);
      if (r.data?.[c.field]?.userId === sub) {
        chosen = c;
        break;
      }
      tried.push(`${c.field}: ${JSON.stringify(r.errors ?? r.data)}`);
    }
    if (!chosen) throw new Error(`no one-GetItem query answers yet (${tried.join('; ')})`);

    const get = new GetItemCommand({ TableName: o.dynamodb.tables.users, Key: { userId: { S: sub } } });
    const gqlTimes: number[] = [];
    const sdkTimes: number[] = [];
    for (let i = 0; i < WARMUP + SAMPLES; i++) {
      let t = performance.now();
      const r = await post(chosen.query, chosen.variables);
      const g = performance.now() - t;
      if (r.data?.[chosen.field]?.userId !== sub) throw new Error(`unexpected answer: ${JSON.stringify(r)}`);
      t = performance.now();
      const item = await ddb.send(get);
      const s = performance.now() - t;
      if (item.Item?.userId?.S !== sub) throw new Error('raw GetItem found no item');
      if (i >= WARMUP) {
        gqlTimes.push(g);
        sdkTimes.push(s);
      }
    }
    const round = (n: number) => Math.round(n * 1000) / 1000;
    return ([50, 99] as const).map((p) => {
      const value = round(percentile(gqlTimes, p));
      const baseline = round(percentile(sdkTimes, p));
      return {
        name: `one-GetItem GraphQL query (${chosen.field}) p${p} vs raw SDK GetItem`,
        value,
        unit: 'ms',
        baseline,
        ratio: value / baseline,
        target: p === 50 ? '<= 1.3x' : '<= 2x',
      };
    });
  } finally {
    ddb.destroy();
    cognito.destroy();
    await stack.stop();
    rmSync(bundleDir, { recursive: true, force: true });
  }
};

if (import.meta.url === `file://${process.argv[1]}`) console.log(await run());

// The deployable Lambda artifacts (NodejsFunction's esbuild output: ESM, bundled SDK, require shim)
// run against the local stack's real services, and the cloud configuration agrees with the local
// stack's where both exist (password policy, KMS alias, platform URL variables).
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LambdaKey } from '../../api/lambdas.js';
import { platformUrls } from '../../infra/config.js';
import { docClient, outputs } from '../support/stack.js';
import { useSynth, type Cfn } from './support.js';

const synth = useSynth();
const artifact = {} as Record<LambdaKey, string>;
let template: Cfn;
type Loaded = { handler: (...a: unknown[]) => Promise<unknown> };
const loaded = {} as Record<LambdaKey, Loaded>;
const savedEnv: Record<string, string | undefined> = {};
const load = async (key: LambdaKey): Promise<Loaded> => loaded[key];

beforeAll(async () => {
  // The run's one synth (test/support/cdk-assembly.ts): the dev stage with its Lambdas bundled.
  const dev = synth.assembly.dev;
  template = dev.template;
  for (const key of ['postConfirmation', 'credentials', 'sync', 'syncFailed'] as LambdaKey[]) {
    const fn = template.Resources[dev.refs.functions[key].fn];
    const hash = String(fn.Properties.Code.S3Key).replace(/\.zip$/, '');
    artifact[key] = join(dev.dir, dev.assets.files[hash]!.source.path, 'index.mjs');
  }
  // What a Lambda gets from its configuration, pointed at the local services (until this file ends: the
  // worker runs other files next).
  for (const [k, v] of Object.entries(outputs().env)) {
    if (!(k in savedEnv)) savedEnv[k] = process.env[k];
    process.env[k] = v;
  }
  // Loading ~400 KB bundles with the SDK inside is slow on a busy machine: do it here, not in a test.
  for (const key of Object.keys(artifact) as LambdaKey[]) loaded[key] = (await import(pathToFileURL(artifact[key]).href)) as Loaded;
}, 300_000);

afterAll(() => {
  for (const [k, v] of Object.entries(savedEnv)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

describe('bundled Lambda artifacts', () => {
  it('each is an ES module with source maps and a handler export', async () => {
    for (const key of Object.keys(artifact) as LambdaKey[]) {
      expect(readFileSync(artifact[key], 'utf8')).toMatch(/\/\/# sourceMappingURL=index\.mjs\.map\s*$/);
      expect(typeof (await load(key)).handler).toBe('function');
    }
  });

  it('postConfirmation creates the users row in DynamoDB Local', async () => {
    const sub = randomUUID();
    const email = `artifact-${sub.slice(0, 8)}@test.sivera.example`;
    const event = {
      version: '1',
      triggerSource: 'PostConfirmation_ConfirmSignUp',
      region: outputs().region,
      userPoolId: outputs().cognito.userPoolId,
      userName: sub,
      callerContext: { awsSdkVersion: 'aws-sdk-js-3', clientId: outputs().cognito.userPoolClientId },
      request: { userAttributes: { sub, email, email_verified: 'true', name: 'Artifact' } },
      response: {},
    };
    expect(await (await load('postConfirmation')).handler(event)).toEqual(event);
    const row = await docClient().send(new GetCommand({ TableName: outputs().dynamodb.tables.users, Key: { userId: sub } }));
    expect(row.Item).toMatchObject({ userId: sub, email });
  });

  it('syncFailed ends a sync that stopped past its lease as FAILED in DynamoDB Local', async () => {
    const ownerId = randomUUID();
    const accountId = `artifact-${ownerId.slice(0, 8)}`;
    const syncId = Buffer.from(JSON.stringify({ o: ownerId, p: 'META', a: accountId, id: randomUUID() })).toString('base64url');
    const Key = { userPlatform: `${ownerId}#META`, accountId };
    const TableName = outputs().dynamodb.tables.platformCredentials;
    const lastSync = { syncId, ownerId, platform: 'META', accountId, state: 'RUNNING', progress: 40, campaignsSynced: 3, message: null, startedAt: new Date().toISOString(), finishedAt: null };
    await docClient().send(new PutCommand({ TableName, Item: { ...Key, ownerId, platform: 'META', status: 'active', syncLease: { syncId, expiresAt: Date.now() - 1 }, lastSync } }));
    expect(await (await load('syncFailed')).handler({ staleSyncId: syncId })).toEqual({ ended: true });
    const item = (await docClient().send(new GetCommand({ TableName, Key, ConsistentRead: true }))).Item!;
    expect(item.lastSync).toMatchObject({ syncId, state: 'FAILED', progress: 40 });
    expect(item.syncLease).toBeUndefined();
  });

  it('credentials connects an account: the stored item holds KMS ciphertext, never the token', async () => {
    const sub = randomUUID();
    const token = `EAAB${randomUUID().replace(/-/g, '')}`;
    const result = (await (await load('credentials')).handler({
      fieldName: 'connectPlatformAccount',
      arguments: { input: { platform: 'META', accountId: '1234567', displayName: 'Artifact', credentials: JSON.stringify({ accessToken: token }) } },
      identity: { sub },
    })) as Record<string, unknown>;
    expect(result).toMatchObject({ ownerId: sub, platform: 'META', status: 'ACTIVE' });
    const item = await docClient().send(
      new GetCommand({ TableName: outputs().dynamodb.tables.platformCredentials, Key: { userPlatform: `${sub}#META`, accountId: String(result.accountId) } }),
    );
    expect(typeof item.Item?.credentials).toBe('string');
    expect(JSON.stringify(item.Item)).not.toContain(token);
  });
});

describe('cloud configuration matches the local stack', () => {
  it('password policy', () => {
    const pool = Object.values<Cfn>(template.Resources).find((r) => r.Type === 'AWS::Cognito::UserPool');
    const p = pool.Properties.Policies.PasswordPolicy;
    expect({
      minimumLength: p.MinimumLength,
      requireUppercase: p.RequireUppercase,
      requireLowercase: p.RequireLowercase,
      requireNumbers: p.RequireNumbers,
      requireSymbols: p.RequireSymbols,
    }).toEqual(outputs().cognito.passwordPolicy);
  });

  it('KMS alias (prod name) and platform URL variables', () => {
    expect(outputs().kms.keyAlias).toBe('alias/sivera-credentials');
    const localPlatformVars = Object.keys(outputs().platforms ?? {});
    expect(localPlatformVars.length).toBeGreaterThan(0);
    expect(localPlatformVars.sort()).toEqual(Object.keys(platformUrls).sort());
  });
});

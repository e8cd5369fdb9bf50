// Services that trusted anyone (issue 15): the KMS endpoint, Lambda Invoke, Cognito's admin actions and
// the KMS fault endpoint accepted unsigned requests or any made-up key (an unsigned invoke of the
// credentials function with a forged identity disconnected another user's account; KMS Decrypt of a
// scanned ciphertext returned the secret; AdminSetUserPassword took over an account). Each now verifies
// SigV4 against the install's key pair and answers as AWS does; after every attempt nothing changed,
// and a correctly signed call still works.
import { randomBytes, randomUUID } from 'node:crypto';
import {
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { DecryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { lambdas } from '../../api/lambdas.js';
import { signedFetch } from '../../lib/node/signed-request.js';
import { connect, contextOf, getItem, LIST, validInput } from '../../domains/credentials/test/helpers.js';
import { gql, newUser, outputs, type TestUser } from '../support/stack.js';

const o = outputs();
type Creds = { accessKeyId: string; secretAccessKey: string };
/** A well-formed key pair this install never issued. */
const madeUp: Creds = { accessKeyId: 'AKIA' + randomBytes(10).toString('hex').toUpperCase().slice(0, 16), secretAccessKey: randomBytes(30).toString('base64') };
/** The install's key id with a wrong secret: the signature cannot match. */
const wrongSecret: Creds = { accessKeyId: o.iam.accessKeyId, secretAccessKey: randomBytes(30).toString('base64') };

/** The attempts every endpoint must refuse, with the AWS error type each gets. */
const FORGERIES = [
  { name: 'made-up key', creds: madeUp, type: 'UnrecognizedClientException' },
  { name: 'wrong signature', creds: wrongSecret, type: 'InvalidSignatureException' },
] as const;

async function sdkError(p: Promise<unknown>): Promise<{ name: string; status: number | undefined; body: string }> {
  const r = await p.then(
    (v) => ({ ok: v }),
    (e: unknown) => ({ err: e as Error & { $metadata?: { httpStatusCode?: number } } }),
  );
  if ('ok' in r) return { name: 'NO ERROR: the call succeeded', status: 200, body: JSON.stringify(r.ok ?? null) };
  return { name: r.err.name, status: r.err.$metadata?.httpStatusCode, body: r.err.message };
}

let owner: TestUser;
let account: ReturnType<typeof validInput>;
beforeAll(async () => {
  owner = await newUser('Unsigned Victim');
  account = validInput('META');
  const r = await connect(owner, account);
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
});

/** The KMS-wrapped data key inside a stored sealed value (0x01 | u16 length | wrappedKey | …): what an attacker decrypts. */
async function ownersWrappedKey(): Promise<{ wrapped: Buffer; ctx: Record<string, string> }> {
  const item = await getItem(owner.sub, account.platform, account.normalizedId);
  const sealed = Buffer.from(String(item!.credentials), 'base64');
  return { wrapped: sealed.subarray(3, 3 + sealed.readUInt16BE(1)), ctx: { ...contextOf(item!) } };
}

async function ownerStillConnected(): Promise<void> {
  const item = await getItem(owner.sub, account.platform, account.normalizedId);
  expect(item?.credentials).toBeTruthy();
  const r = await gql<{ platformAccounts: { accountId: string; status: string }[] }>(owner, LIST, { platform: account.platform });
  expect(r.data?.platformAccounts.map((a) => [a.accountId, a.status])).toEqual([[account.normalizedId, 'ACTIVE']]);
}

describe('KMS Decrypt of a stored ciphertext', () => {
  it('is refused unsigned, with a made-up key and with a wrong signature', async () => {
    const { wrapped, ctx } = await ownersWrappedKey();
    const body = JSON.stringify({ CiphertextBlob: wrapped.toString('base64'), EncryptionContext: ctx });

    const unsigned = await fetch(o.kms.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.Decrypt' },
      body,
    });
    const text = await unsigned.text();
    expect(unsigned.status).toBe(400);
    expect(JSON.parse(text).__type).toBe('MissingAuthenticationTokenException');

    // A syntactically plausible header with no valid signature at all.
    const garbage = await fetch(o.kms.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'TrentService.Decrypt',
        'x-amz-date': new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, ''),
        authorization: `AWS4-HMAC-SHA256 Credential=${o.iam.accessKeyId}/20200101/${o.region}/kms/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}`,
      },
      body,
    });
    expect(garbage.status).toBe(400);
    expect(['InvalidSignatureException', 'IncompleteSignatureException']).toContain(JSON.parse(await garbage.text()).__type);

    for (const f of FORGERIES) {
      const kms = new KMSClient({ endpoint: o.kms.endpoint, region: o.region, credentials: f.creds, maxAttempts: 1 });
      const e = await sdkError(kms.send(new DecryptCommand({ CiphertextBlob: wrapped, EncryptionContext: ctx })));
      kms.destroy();
      expect(e.name, `${f.name}: ${e.body}`).toBe(f.type);
      expect(e.status).toBe(400);
    }
  });

  it('signed with the install key, the same Decrypt returns the data key', async () => {
    const { wrapped, ctx } = await ownersWrappedKey();
    const kms = new KMSClient({ endpoint: o.kms.endpoint, region: o.region, credentials: o.iam, maxAttempts: 1 });
    const dec = await kms.send(new DecryptCommand({ CiphertextBlob: wrapped, EncryptionContext: ctx }));
    kms.destroy();
    expect(dec.Plaintext?.length).toBe(32);
  });
});

describe('Lambda Invoke of the credentials function with a forged identity', () => {
  const fn = lambdas.credentials.functionName;
  const forgedEvent = () => ({
    fieldName: 'disconnectPlatformAccount',
    arguments: { platform: account.platform, accountId: account.normalizedId },
    identity: { sub: owner.sub },
  });

  it("is refused unsigned, with a made-up key and with a wrong signature: the owner's account stays connected", async () => {
    const unsigned = await fetch(`${o.lambda.endpoint}/2015-03-31/functions/${fn}/invocations`, { method: 'POST', body: JSON.stringify(forgedEvent()) });
    expect(unsigned.status).toBe(403);
    expect(unsigned.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
    await ownerStillConnected();

    for (const f of FORGERIES) {
      const lambda = new LambdaClient({ endpoint: o.lambda.endpoint, region: o.region, credentials: f.creds, maxAttempts: 1 });
      const e = await sdkError(lambda.send(new InvokeCommand({ FunctionName: fn, Payload: JSON.stringify(forgedEvent()) })));
      lambda.destroy();
      expect(e.name, `${f.name}: ${e.body}`).toBe(f.type);
      expect(e.status).toBe(403);
      await ownerStillConnected();
    }
  });

  it('a correctly signed invoke runs (a harmless DryRun, then a call for a user with nothing to disconnect)', async () => {
    const lambda = new LambdaClient({ endpoint: o.lambda.endpoint, region: o.region, credentials: o.iam, maxAttempts: 1 });
    const dry = await lambda.send(new InvokeCommand({ FunctionName: fn, InvocationType: 'DryRun' }));
    expect(dry.StatusCode).toBe(204);
    const r = await lambda.send(
      new InvokeCommand({ FunctionName: fn, Payload: JSON.stringify({ fieldName: 'disconnectPlatformAccount', arguments: { platform: 'META', accountId: 'act_1' }, identity: { sub: randomUUID() } }) }),
    );
    lambda.destroy();
    expect(r.StatusCode).toBe(200);
    await ownerStillConnected();
  });
});

describe('Cognito admin actions', () => {
  const pool = o.cognito.userPoolId;
  const newPassword = 'Taken-Over-1x';
  const cognitoCall = (target: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(o.cognito.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${target}`, ...headers },
      body: JSON.stringify(body),
    });

  async function passwordUnchanged(): Promise<void> {
    const c = new CognitoIdentityProviderClient({ endpoint: o.cognito.endpoint, region: o.region, maxAttempts: 1 });
    const ok = await c.send(
      new InitiateAuthCommand({ ClientId: o.cognito.userPoolClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: owner.email, PASSWORD: owner.password } }),
    );
    expect(ok.AuthenticationResult?.AccessToken).toBeTruthy();
    const taken = await sdkError(
      c.send(new InitiateAuthCommand({ ClientId: o.cognito.userPoolClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: owner.email, PASSWORD: newPassword } })),
    );
    c.destroy();
    expect(taken.name).toBe('NotAuthorizedException');
  }

  it('ListUsers is refused unsigned, with a made-up key and with a wrong signature, and no user is listed', async () => {
    const unsigned = await cognitoCall('ListUsers', { UserPoolId: pool });
    const text = await unsigned.text();
    expect(unsigned.status).toBe(400);
    expect(JSON.parse(text).__type).toBe('MissingAuthenticationTokenException');
    expect(text).not.toContain(owner.email);

    for (const f of FORGERIES) {
      const c = new CognitoIdentityProviderClient({ endpoint: o.cognito.endpoint, region: o.region, credentials: f.creds, maxAttempts: 1 });
      const e = await sdkError(c.send(new ListUsersCommand({ UserPoolId: pool, Filter: `email = "${owner.email}"` })));
      c.destroy();
      expect(e.name, `${f.name}: ${e.body}`).toBe(f.type);
      expect(e.status).toBe(400);
      expect(e.body).not.toContain(owner.email);
    }
  });

  it("AdminSetUserPassword is refused unsigned, with a made-up key and with a wrong signature: the owner's password is unchanged", async () => {
    const input = { UserPoolId: pool, Username: owner.email, Password: newPassword, Permanent: true };
    const unsigned = await cognitoCall('AdminSetUserPassword', input);
    expect(unsigned.status).toBe(400);
    expect(JSON.parse(await unsigned.text()).__type).toBe('MissingAuthenticationTokenException');
    await passwordUnchanged();

    for (const f of FORGERIES) {
      const c = new CognitoIdentityProviderClient({ endpoint: o.cognito.endpoint, region: o.region, credentials: f.creds, maxAttempts: 1 });
      const e = await sdkError(c.send(new AdminSetUserPasswordCommand(input)));
      c.destroy();
      expect(e.name, `${f.name}: ${e.body}`).toBe(f.type);
      await passwordUnchanged();
    }
  });

  it('signed with the install key, ListUsers works; public actions stay unsigned', async () => {
    const c = new CognitoIdentityProviderClient({ endpoint: o.cognito.endpoint, region: o.region, credentials: o.iam, maxAttempts: 1 });
    const r = await c.send(new ListUsersCommand({ UserPoolId: pool, Filter: `email = "${owner.email}"` }));
    c.destroy();
    expect(r.Users?.map((u) => u.Attributes?.find((a) => a.Name === 'email')?.Value)).toEqual([owner.email]);
    // InitiateAuth (a public action) needs no signature, as in AWS.
    await passwordUnchanged();
  });
});

describe('the KMS fault endpoint', () => {
  it("refuses unsigned, made-up-key and wrong-signature faults: the owner's credentials still decrypt", async () => {
    const fault = JSON.stringify({ error: 'AccessDeniedException', match: { userId: owner.sub } });
    const unsigned = await fetch(o.kms.faultsUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: fault });
    expect(unsigned.status).toBe(400);
    expect(JSON.parse(await unsigned.text()).__type).toBe('MissingAuthenticationTokenException');
    const clearAll = await fetch(o.kms.faultsUrl, { method: 'DELETE' });
    expect(clearAll.status).toBe(400);

    for (const f of FORGERIES) {
      const r = await signedFetch(o.kms.faultsUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: fault }, { credentials: f.creds, region: o.region, service: 'kms' });
      expect(r.status, f.name).toBe(400);
      expect(JSON.parse(await r.text()).__type).toBe(f.type);
    }

    // No fault was installed: a signed Decrypt under the owner's context still succeeds.
    const { wrapped, ctx } = await ownersWrappedKey();
    const kms = new KMSClient({ endpoint: o.kms.endpoint, region: o.region, credentials: o.iam, maxAttempts: 1 });
    const dec = await kms.send(new DecryptCommand({ CiphertextBlob: wrapped, EncryptionContext: ctx }));
    kms.destroy();
    expect(dec.Plaintext?.length).toBe(32);
  });

  it('a signed fault is installed and removed', async () => {
    const sign = { credentials: o.iam, region: o.region, service: 'kms' };
    const fault = JSON.stringify({ error: 'AccessDeniedException', match: { userId: `fault-${randomUUID()}` } });
    const added = await signedFetch(o.kms.faultsUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: fault }, sign);
    expect(added.status).toBe(200);
    const { id } = (await added.json()) as { id: string };
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await signedFetch(`${o.kms.faultsUrl}/${id}`, { method: 'DELETE' }, sign)).status).toBe(200);
  });
});

describe("the fake ad platforms' control endpoints", () => {
  it('refuse unsigned, made-up-key and wrong-signature control calls; signed ones work', async () => {
    const meta = o.platforms?.META_API_URL;
    expect(meta).toBeTruthy();
    const rule = JSON.stringify({ status: 500, times: 1000 }); // would break every sync against the fake
    const unsigned = await fetch(`${meta}/__control/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: rule });
    expect(unsigned.status).toBe(403);
    expect(unsigned.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
    for (const f of FORGERIES) {
      const r = await signedFetch(`${meta}/__control/reset`, { method: 'POST' }, { credentials: f.creds, region: o.region, service: 'sivera-fakes' });
      expect(r.status, f.name).toBe(403);
      expect(r.headers.get('x-amzn-errortype')).toBe(f.type);
    }
    const signed = await signedFetch(`${meta}/__control/requests?contains=${randomUUID()}`, { method: 'GET' }, { credentials: o.iam, region: o.region, service: 'sivera-fakes' });
    expect(signed.status).toBe(200);
    expect(await signed.json()).toEqual([]);
  });
});

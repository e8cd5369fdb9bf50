// credential-crypto against a real KMS-compatible endpoint (the local stack's KMS server, started here
// on its own so the test can inject faults without disturbing other files).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startKms, type KmsServer } from '../../../local/services/kms.js';
import {
  CredentialCryptoError,
  decryptCredentials,
  encryptCredentials,
  type CredentialContext,
} from '../../../lib/node/credential-crypto.js';

let kms: KmsServer;
let dir: string;
const saved: Record<string, string | undefined> = {};
const ENV = ['AWS_ENDPOINT_URL_KMS', 'AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'KMS_KEY_ID'];

// This KMS's own key pair: it verifies SigV4 like every endpoint of the stack.
const credentials = { accessKeyId: 'AKIACREDCRYPTOTEST00', secretAccessKey: randomBytes(30).toString('base64') };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sivera-kms-'));
  kms = await startKms({ file: join(dir, 'kms.json'), region: 'us-east-1', credentials });
  for (const k of ENV) saved[k] = process.env[k];
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_KMS: kms.url,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    KMS_KEY_ID: 'alias/sivera-credentials',
  });
});

afterAll(async () => {
  await kms?.stop();
  rmSync(dir, { recursive: true, force: true });
  for (const k of ENV) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

afterEach(() => kms.clearFaults());

const ctxA: CredentialContext = { userId: 'user-a', platform: 'META', accountId: 'act_111' };
const credsA = { accessToken: 'EAAB-secret-token-for-account-a' };

async function failure(p: Promise<unknown>): Promise<CredentialCryptoError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CredentialCryptoError);
  return err as CredentialCryptoError;
}

describe('credential-crypto', () => {
  it('round-trips with the same context, and the sealed value holds no plaintext', async () => {
    const sealed = await encryptCredentials(ctxA, credsA);
    expect(sealed).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const raw = Buffer.from(sealed, 'base64').toString('latin1');
    expect(raw).not.toContain(credsA.accessToken);
    expect(sealed).not.toContain(Buffer.from(credsA.accessToken).toString('base64'));
    expect(await decryptCredentials({ ...ctxA }, sealed)).toEqual(credsA);
  });

  it('uses a fresh data key and IV each time', async () => {
    const [a, b] = await Promise.all([encryptCredentials(ctxA, credsA), encryptCredentials(ctxA, credsA)]);
    expect(a).not.toBe(b);
  });

  it('handles credentials larger than KMS Encrypt’s 4 KB plaintext limit (envelope)', async () => {
    const big = { clientId: 'c'.repeat(2000), clientSecret: 's'.repeat(2000), refreshToken: 'r'.repeat(2000), customerId: '1234567890' };
    const sealed = await encryptCredentials({ userId: 'u', platform: 'GOOGLE_ADS', accountId: '1234567890' }, big);
    expect(await decryptCredentials({ userId: 'u', platform: 'GOOGLE_ADS', accountId: '1234567890' }, sealed)).toEqual(big);
  });

  it.each([
    ['another user', { ...ctxA, userId: 'user-b' }],
    ['another platform', { ...ctxA, platform: 'KAKAO' }],
    ['another account', { ...ctxA, accountId: 'act_222' }],
    ['a case change', { ...ctxA, userId: 'USER-A' }],
  ])('refuses to decrypt with %s’s context', async (_label, other) => {
    const sealed = await encryptCredentials(ctxA, credsA);
    const err = await failure(decryptCredentials(other, sealed));
    expect(err.reason).toBe('INVALID_CIPHERTEXT');
    expect(err.message).not.toContain(credsA.accessToken);
  });

  it('refuses tampered, truncated and garbage values', async () => {
    const sealed = await encryptCredentials(ctxA, credsA);
    const bytes = Buffer.from(sealed, 'base64');
    const flipped = Buffer.from(bytes);
    flipped[flipped.length - 1] = flipped[flipped.length - 1]! ^ 1;
    for (const bad of [flipped.toString('base64'), bytes.subarray(0, bytes.length - 5).toString('base64'), 'not-base64!', '', 'AQ==']) {
      expect((await failure(decryptCredentials(ctxA, bad))).reason).toBe('INVALID_CIPHERTEXT');
    }
  });

  it('reports KMS denial and unavailability distinctly, without secrets', async () => {
    kms.addFault({ error: 'AccessDeniedException', match: { userId: 'denied-user' } });
    const denied = await failure(encryptCredentials({ ...ctxA, userId: 'denied-user' }, credsA));
    expect(denied.reason).toBe('KMS_ACCESS_DENIED');
    expect(denied.kmsErrorName).toBe('AccessDeniedException');

    kms.addFault({ error: 'unavailable', match: { userId: 'down-user' } });
    const down = await failure(encryptCredentials({ ...ctxA, userId: 'down-user' }, credsA));
    expect(down.reason).toBe('KMS_UNAVAILABLE');

    for (const e of [denied, down]) expect(JSON.stringify({ m: e.message, s: e.stack })).not.toContain(credsA.accessToken);
    // The fault was scoped to those users: others are unaffected.
    await expect(encryptCredentials(ctxA, credsA)).resolves.toBeTypeOf('string');
  });

  it('reports decrypt-time KMS denial as denial, not as a bad ciphertext', async () => {
    const sealed = await encryptCredentials(ctxA, credsA);
    kms.addFault({ error: 'AccessDeniedException', operations: ['Decrypt'], match: { userId: ctxA.userId } });
    expect((await failure(decryptCredentials(ctxA, sealed))).reason).toBe('KMS_ACCESS_DENIED');
  });

  it('fails closed when no key is configured', async () => {
    const keyId = process.env.KMS_KEY_ID;
    delete process.env.KMS_KEY_ID;
    try {
      expect((await failure(encryptCredentials(ctxA, credsA))).reason).toBe('KMS_UNAVAILABLE');
    } finally {
      process.env.KMS_KEY_ID = keyId;
    }
  });

  it('rejects an incomplete encryption context before calling KMS', async () => {
    await expect(encryptCredentials({ ...ctxA, accountId: '' }, credsA)).rejects.toThrow(/accountId/);
  });
});

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
  credentialKms,
  decryptCredentials,
  encryptCredentials,
  type CredentialContext,
  type CredentialKms,
} from '../../../lib/node/credential-crypto.js';

let kms: KmsServer;
let dir: string;
/** The client and key the Lambdas would build from their config, pointed at this KMS. */
let k: CredentialKms;

// This KMS's own key pair: it verifies SigV4 like every endpoint of the stack.
const credentials = { accessKeyId: 'AKIACREDCRYPTOTEST00', secretAccessKey: randomBytes(30).toString('base64') };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sivera-kms-'));
  kms = await startKms({ file: join(dir, 'kms.json'), region: 'us-east-1', credentials });
  k = credentialKms({ region: 'us-east-1', credentials, endpoints: { kms: kms.url } }, 'alias/sivera-credentials');
});

afterAll(async () => {
  await kms?.stop();
  rmSync(dir, { recursive: true, force: true });
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
    const sealed = await encryptCredentials(k, ctxA, credsA);
    expect(sealed).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const raw = Buffer.from(sealed, 'base64').toString('latin1');
    expect(raw).not.toContain(credsA.accessToken);
    expect(sealed).not.toContain(Buffer.from(credsA.accessToken).toString('base64'));
    expect(await decryptCredentials(k, { ...ctxA }, sealed)).toEqual(credsA);
  });

  it('uses a fresh data key and IV each time', async () => {
    const [a, b] = await Promise.all([encryptCredentials(k, ctxA, credsA), encryptCredentials(k, ctxA, credsA)]);
    expect(a).not.toBe(b);
  });

  it('handles credentials larger than KMS Encrypt’s 4 KB plaintext limit (envelope)', async () => {
    const big = { clientId: 'c'.repeat(2000), clientSecret: 's'.repeat(2000), refreshToken: 'r'.repeat(2000), customerId: '1234567890' };
    const sealed = await encryptCredentials(k, { userId: 'u', platform: 'GOOGLE_ADS', accountId: '1234567890' }, big);
    expect(await decryptCredentials(k, { userId: 'u', platform: 'GOOGLE_ADS', accountId: '1234567890' }, sealed)).toEqual(big);
  });

  it.each([
    ['another user', { ...ctxA, userId: 'user-b' }],
    ['another platform', { ...ctxA, platform: 'KAKAO' }],
    ['another account', { ...ctxA, accountId: 'act_222' }],
    ['a case change', { ...ctxA, userId: 'USER-A' }],
  ])('refuses to decrypt with %s’s context', async (_label, other) => {
    const sealed = await encryptCredentials(k, ctxA, credsA);
    const err = await failure(decryptCredentials(k, other, sealed));
    expect(err.reason).toBe('INVALID_CIPHERTEXT');
    expect(err.message).not.toContain(credsA.accessToken);
  });

  it('refuses tampered, truncated and garbage values', async () => {
    const sealed = await encryptCredentials(k, ctxA, credsA);
    const bytes = Buffer.from(sealed, 'base64');
    const flipped = Buffer.from(bytes);
    flipped[flipped.length - 1] = flipped[flipped.length - 1]! ^ 1;
    for (const bad of [flipped.toString('base64'), bytes.subarray(0, bytes.length - 5).toString('base64'), 'not-base64!', '', 'AQ==']) {
      expect((await failure(decryptCredentials(k, ctxA, bad))).reason).toBe('INVALID_CIPHERTEXT');
    }
  });

  it('reports KMS denial and unavailability distinctly, without secrets', async () => {
    kms.addFault({ error: 'AccessDeniedException', match: { userId: 'denied-user' } });
    const denied = await failure(encryptCredentials(k, { ...ctxA, userId: 'denied-user' }, credsA));
    expect(denied.reason).toBe('KMS_ACCESS_DENIED');
    expect(denied.kmsErrorName).toBe('AccessDeniedException');

    kms.addFault({ error: 'unavailable', match: { userId: 'down-user' } });
    const down = await failure(encryptCredentials(k, { ...ctxA, userId: 'down-user' }, credsA));
    expect(down.reason).toBe('KMS_UNAVAILABLE');

    for (const e of [denied, down]) expect(JSON.stringify({ m: e.message, s: e.stack })).not.toContain(credsA.accessToken);
    // The fault was scoped to those users: others are unaffected.
    await expect(encryptCredentials(k, ctxA, credsA)).resolves.toBeTypeOf('string');
  });

  it('reports decrypt-time KMS denial as denial, not as a bad ciphertext', async () => {
    const sealed = await encryptCredentials(k, ctxA, credsA);
    kms.addFault({ error: 'AccessDeniedException', operations: ['Decrypt'], match: { userId: ctxA.userId } });
    expect((await failure(decryptCredentials(k, ctxA, sealed))).reason).toBe('KMS_ACCESS_DENIED');
  });

  it('fails closed when no key is configured', async () => {
    expect((await failure(encryptCredentials({ ...k, keyId: undefined }, ctxA, credsA))).reason).toBe('KMS_UNAVAILABLE');
  });

  it('rejects an incomplete encryption context before calling KMS', async () => {
    await expect(encryptCredentials(k, { ...ctxA, accountId: '' }, credsA)).rejects.toThrow(/accountId/);
  });
});

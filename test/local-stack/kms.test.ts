// The KMS endpoint through the unmodified @aws-sdk/client-kms: round trips, context binding, aliases,
// key states, AWS's error classes, fault injection, and key material that survives a restart.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  DisabledException,
  EnableKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GenerateDataKeyWithoutPlaintextCommand,
  IncorrectKeyException,
  InvalidCiphertextException,
  KMSClient,
  ListAliasesCommand,
  NotFoundException,
  AlreadyExistsException,
} from '@aws-sdk/client-kms';
import { afterAll, describe, expect, it } from 'vitest';
import { startKms } from '../../local/services/kms.js';
import { kmsFault, outputs } from '../support/stack.js';

const o = outputs();
const kms = new KMSClient({ endpoint: o.kms.endpoint, region: o.region, credentials: o.iam, maxAttempts: 1 });
afterAll(() => kms.destroy());
const text = (b?: Uint8Array) => Buffer.from(b ?? []).toString('utf8');
const ctx = { userId: 'kms-test-user', platform: 'META', accountId: 'act_1' };

describe('KMS endpoint', () => {
  it('round-trips under alias/sivera-credentials with the context in any key order', async () => {
    const enc = await kms.send(new EncryptCommand({ KeyId: 'alias/sivera-credentials', Plaintext: Buffer.from('top secret'), EncryptionContext: ctx }));
    expect(enc.KeyId).toBe(o.kms.keyArn);
    expect(text(enc.CiphertextBlob)).not.toContain('top secret');
    const dec = await kms.send(
      new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, EncryptionContext: { accountId: 'act_1', platform: 'META', userId: 'kms-test-user' } }),
    );
    expect(text(dec.Plaintext)).toBe('top secret');
    expect(dec.KeyId).toBe(o.kms.keyArn);
  });

  it.each([
    ['a different value', { ...ctx, userId: 'someone-else' }],
    ['a missing entry', { userId: ctx.userId, platform: ctx.platform }],
    ['an extra entry', { ...ctx, extra: 'x' }],
    ['no context', undefined],
  ])('refuses to decrypt with %s in the context (InvalidCiphertextException)', async (_l, other) => {
    const enc = await kms.send(new EncryptCommand({ KeyId: 'alias/sivera-credentials', Plaintext: Buffer.from('p'), EncryptionContext: ctx }));
    await expect(kms.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, EncryptionContext: other }))).rejects.toBeInstanceOf(InvalidCiphertextException);
  });

  it('refuses tampered ciphertext', async () => {
    const enc = await kms.send(new EncryptCommand({ KeyId: 'alias/sivera-credentials', Plaintext: Buffer.from('p'), EncryptionContext: ctx }));
    const blob = Buffer.from(enc.CiphertextBlob!);
    blob[blob.length - 1]! ^= 1;
    await expect(kms.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: ctx }))).rejects.toBeInstanceOf(InvalidCiphertextException);
  });

  it('generates data keys, with and without plaintext, that decrypt to the same key', async () => {
    const dk = await kms.send(new GenerateDataKeyCommand({ KeyId: o.kms.keyArn, KeySpec: 'AES_256', EncryptionContext: ctx }));
    expect(dk.Plaintext?.length).toBe(32);
    const back = await kms.send(new DecryptCommand({ CiphertextBlob: dk.CiphertextBlob, EncryptionContext: ctx }));
    expect(Buffer.from(back.Plaintext!).equals(Buffer.from(dk.Plaintext!))).toBe(true);
    const noPt = await kms.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: 'alias/sivera-credentials', NumberOfBytes: 16 }));
    expect((noPt as { Plaintext?: unknown }).Plaintext).toBeUndefined();
    expect((await kms.send(new DecryptCommand({ CiphertextBlob: noPt.CiphertextBlob }))).Plaintext?.length).toBe(16);
  });

  it('manages keys and aliases, with AWS error classes', async () => {
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Description: 'test key' }));
    const keyId = KeyMetadata!.KeyId!;
    expect(KeyMetadata?.KeyState).toBe('Enabled');
    const alias = `alias/test-${keyId.slice(0, 8)}`;
    await kms.send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: keyId }));
    await expect(kms.send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: keyId }))).rejects.toBeInstanceOf(AlreadyExistsException);
    const listed = await kms.send(new ListAliasesCommand({ KeyId: keyId }));
    expect(listed.Aliases?.map((a) => a.AliasName)).toEqual([alias]);
    expect((await kms.send(new ListAliasesCommand({}))).Aliases?.map((a) => a.AliasName)).toContain('alias/sivera-credentials');
    expect((await kms.send(new DescribeKeyCommand({ KeyId: alias }))).KeyMetadata?.Arn).toBe(KeyMetadata?.Arn);

    const enc = await kms.send(new EncryptCommand({ KeyId: alias, Plaintext: Buffer.from('x') }));
    await expect(kms.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, KeyId: 'alias/sivera-credentials' }))).rejects.toBeInstanceOf(IncorrectKeyException);
    await kms.send(new DisableKeyCommand({ KeyId: keyId }));
    expect((await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata?.KeyState).toBe('Disabled');
    await expect(kms.send(new EncryptCommand({ KeyId: alias, Plaintext: Buffer.from('x') }))).rejects.toBeInstanceOf(DisabledException);
    await expect(kms.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob }))).rejects.toBeInstanceOf(DisabledException);
    await kms.send(new EnableKeyCommand({ KeyId: keyId }));
    expect(text((await kms.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob }))).Plaintext)).toBe('x');

    await expect(kms.send(new EncryptCommand({ KeyId: 'alias/does-not-exist', Plaintext: Buffer.from('x') }))).rejects.toBeInstanceOf(NotFoundException);
    await expect(kms.send(new DescribeKeyCommand({ KeyId: '00000000-0000-0000-0000-000000000000' }))).rejects.toBeInstanceOf(NotFoundException);
    const tooBig = await kms.send(new EncryptCommand({ KeyId: alias, Plaintext: Buffer.alloc(4097) })).catch((e: Error) => e);
    expect((tooBig as Error).name).toBe('ValidationException');
  });

  it('injects scoped faults for resilience tests', async () => {
    const remove = await kmsFault({ error: 'AccessDeniedException', match: { userId: 'denied-in-kms-test' } });
    try {
      const denied = await kms.send(new EncryptCommand({ KeyId: 'alias/sivera-credentials', Plaintext: Buffer.from('x'), EncryptionContext: { userId: 'denied-in-kms-test' } })).catch((e: Error) => e);
      expect((denied as Error).name).toBe('AccessDeniedException');
      // Other contexts are unaffected.
      await expect(kms.send(new EncryptCommand({ KeyId: 'alias/sivera-credentials', Plaintext: Buffer.from('x'), EncryptionContext: ctx }))).resolves.toBeDefined();
    } finally {
      await remove();
    }
    await expect(
      kms.send(new EncryptCommand({ KeyId: 'alias/sivera-credentials', Plaintext: Buffer.from('x'), EncryptionContext: { userId: 'denied-in-kms-test' } })),
    ).resolves.toBeDefined();
  });

  it('keeps key material across a restart in a 0600 key file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kms-restart-'));
    const file = join(dir, 'keys.json');
    const creds = { accessKeyId: 'AKIAKMSRESTARTTEST00', secretAccessKey: 'kms-restart-test-secret-access-key-0000' };
    try {
      const first = await startKms({ file, region: 'ap-northeast-2', credentials: creds });
      const c1 = new KMSClient({ endpoint: first.url, region: 'ap-northeast-2', credentials: creds });
      const enc = await c1.send(new EncryptCommand({ KeyId: 'alias/sivera-credentials', Plaintext: Buffer.from('survives'), EncryptionContext: ctx }));
      c1.destroy();
      await first.stop();
      expect(statSync(file).mode & 0o777).toBe(0o600);

      const second = await startKms({ file, region: 'ap-northeast-2', credentials: creds });
      expect(second.defaultKeyId).toBe(first.defaultKeyId);
      const c2 = new KMSClient({ endpoint: second.url, region: 'ap-northeast-2', credentials: creds });
      expect(text((await c2.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, EncryptionContext: ctx }))).Plaintext)).toBe('survives');
      c2.destroy();
      await second.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

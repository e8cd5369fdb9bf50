// The one module that can turn stored credentials back into plaintext (decryptCredentials is
// imported only by the sync function; the credentials Lambda only encrypts).
//
// Envelope encryption: KMS GenerateDataKey (AES-256) under the record's encryption context, then
// AES-256-GCM locally. Chosen over a direct KMS Encrypt because Encrypt takes at most 4,096 bytes
// of plaintext, and a Google Ads credential set (five fields, each allowed up to 2 KB by
// validation) can exceed that; envelope keeps one code path for every platform and every future
// credential shape at the same cost (one KMS call per encrypt and per decrypt).
// Written here rather than with the AWS Encryption SDK: its strict KMS keyring needs the key ARN
// (not `alias/sivera-credentials`) to decrypt, and its default suite adds an ECDSA signature and a
// message format we do not need; the whole scheme below is ~40 lines of node:crypto.
//
// Binding: the encryption context {userId, platform, accountId} is authenticated by KMS on the
// wrapped data key AND used as AES-GCM additional data, so a sealed value copied onto another
// record (another user, platform or account) cannot be opened: KMS refuses the data key.
//
// Sealed format (base64): 0x01 | u16 BE wrappedKeyLength | wrappedKey | iv(12) | tag(16) | ciphertext
import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { clientOptions, type AwsConfig } from './lambda-config.js';

export interface CredentialContext {
  /** The owner's Cognito sub. */
  userId: string;
  /** Platform enum spelling, e.g. GOOGLE_ADS. */
  platform: string;
  /** The normalized account id (the item's sort key). */
  accountId: string;
}

export type CredentialCryptoFailure =
  /** KMS unreachable, throttled, internal error, key disabled or missing: retryable by an operator. */
  | 'KMS_UNAVAILABLE'
  /** KMS refused this principal (IAM / key policy / encryption-context condition). */
  | 'KMS_ACCESS_DENIED'
  /** The sealed value is malformed, tampered with, or belongs to another record. */
  | 'INVALID_CIPHERTEXT';

/** Carries no secret material: the message is fixed per reason, the KMS error name is kept for logs. */
export class CredentialCryptoError extends Error {
  override readonly name = 'CredentialCryptoError';
  constructor(
    readonly reason: CredentialCryptoFailure,
    readonly kmsErrorName?: string,
  ) {
    super(
      reason === 'INVALID_CIPHERTEXT'
        ? 'Stored credentials cannot be decrypted for this record'
        : reason === 'KMS_ACCESS_DENIED'
          ? 'KMS denied access to the credentials key'
          : 'KMS is unavailable',
    );
  }
}

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The KMS client and key one function encrypts or decrypts with (built by its handler from its config). */
export interface CredentialKms {
  client: KMSClient;
  /** Unset: every call fails closed (KMS_UNAVAILABLE), never falls back to another key. */
  keyId: string | undefined;
}

/**
 * Bounded timeouts turn a hung KMS into a prompt KMS_UNAVAILABLE instead of a Lambda timeout.
 * Region, credentials and endpoint come from the function's config (the SDK's defaults in AWS).
 */
export function credentialKms(aws: AwsConfig, keyId: string | undefined): CredentialKms {
  return { client: new KMSClient({ ...clientOptions(aws, 'kms'), requestHandler: { connectionTimeout: 2_000, requestTimeout: 5_000 } }), keyId };
}

function keyId(kms: CredentialKms): string {
  if (!kms.keyId) throw new CredentialCryptoError('KMS_UNAVAILABLE', 'MissingKmsKeyId');
  return kms.keyId;
}

/** The exact map given to KMS; built from the three fields only, so callers cannot add or omit keys. */
export function encryptionContext(ctx: CredentialContext): Record<string, string> {
  for (const k of ['userId', 'platform', 'accountId'] as const) {
    if (typeof ctx[k] !== 'string' || ctx[k] === '') throw new TypeError(`encryption context ${k} is required`);
  }
  return { userId: ctx.userId, platform: ctx.platform, accountId: ctx.accountId };
}

/** Canonical AAD: fixed key order, so the same context always authenticates the same bytes. */
function aad(ctx: Record<string, string>): Buffer {
  return Buffer.from(JSON.stringify([ctx.userId, ctx.platform, ctx.accountId]), 'utf8');
}

function classifyKmsError(err: unknown): CredentialCryptoError {
  if (err instanceof CredentialCryptoError) return err;
  const name = (err as { name?: string })?.name ?? 'Error';
  if (name === 'InvalidCiphertextException' || name === 'IncorrectKeyException') {
    return new CredentialCryptoError('INVALID_CIPHERTEXT', name);
  }
  if (name === 'AccessDeniedException' || name === 'UnrecognizedClientException' || name === 'InvalidSignatureException') {
    return new CredentialCryptoError('KMS_ACCESS_DENIED', name);
  }
  return new CredentialCryptoError('KMS_UNAVAILABLE', name);
}

/**
 * Encrypts a credentials object for one record. Returns the base64 sealed value to store; the
 * plaintext data key is wiped before returning.
 */
export async function encryptCredentials(kms: CredentialKms, context: CredentialContext, credentials: object): Promise<string> {
  const ctx = encryptionContext(context);
  let dataKey: Uint8Array | undefined;
  let wrapped: Uint8Array | undefined;
  try {
    const out = await kms.client.send(
      new GenerateDataKeyCommand({ KeyId: keyId(kms), KeySpec: 'AES_256', EncryptionContext: ctx }),
    );
    dataKey = out.Plaintext;
    wrapped = out.CiphertextBlob;
  } catch (err) {
    throw classifyKmsError(err);
  }
  if (!dataKey || dataKey.length !== 32 || !wrapped || wrapped.length === 0 || wrapped.length > 0xffff) {
    throw new CredentialCryptoError('KMS_UNAVAILABLE', 'MalformedGenerateDataKeyResponse');
  }
  try {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', dataKey, iv);
    cipher.setAAD(aad(ctx));
    const body = Buffer.concat([cipher.update(JSON.stringify(credentials), 'utf8'), cipher.final()]);
    const header = Buffer.alloc(3);
    header.writeUInt8(VERSION, 0);
    header.writeUInt16BE(wrapped.length, 1);
    return Buffer.concat([header, wrapped, iv, cipher.getAuthTag(), body]).toString('base64');
  } finally {
    dataKey.fill(0);
  }
}

/**
 * Decrypts a sealed value with the context rebuilt from the record's own keys (never from request
 * arguments). Throws CredentialCryptoError('INVALID_CIPHERTEXT') when the value belongs to another
 * record or was altered.
 */
export async function decryptCredentials(kms: CredentialKms, context: CredentialContext, sealed: string): Promise<Record<string, string>> {
  const ctx = encryptionContext(context);
  const blob = Buffer.from(typeof sealed === 'string' ? sealed : '', 'base64');
  if (blob.length < 3 || blob.readUInt8(0) !== VERSION) throw new CredentialCryptoError('INVALID_CIPHERTEXT');
  const wrappedLen = blob.readUInt16BE(1);
  const ivStart = 3 + wrappedLen;
  const bodyStart = ivStart + IV_BYTES + TAG_BYTES;
  if (wrappedLen === 0 || blob.length <= bodyStart) throw new CredentialCryptoError('INVALID_CIPHERTEXT');

  let dataKey: Uint8Array | undefined;
  try {
    const out = await kms.client.send(
      new DecryptCommand({ KeyId: keyId(kms), CiphertextBlob: blob.subarray(3, ivStart), EncryptionContext: ctx }),
    );
    dataKey = out.Plaintext;
  } catch (err) {
    throw classifyKmsError(err);
  }
  if (!dataKey || dataKey.length !== 32) throw new CredentialCryptoError('KMS_UNAVAILABLE', 'MalformedDecryptResponse');
  let plaintext: string;
  try {
    const decipher = createDecipheriv('aes-256-gcm', dataKey, blob.subarray(ivStart, ivStart + IV_BYTES));
    decipher.setAAD(aad(ctx));
    decipher.setAuthTag(blob.subarray(ivStart + IV_BYTES, bodyStart));
    plaintext = Buffer.concat([decipher.update(blob.subarray(bodyStart)), decipher.final()]).toString('utf8');
  } catch {
    throw new CredentialCryptoError('INVALID_CIPHERTEXT');
  } finally {
    dataKey.fill(0);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(plaintext);
  } catch {
    throw new CredentialCryptoError('INVALID_CIPHERTEXT');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new CredentialCryptoError('INVALID_CIPHERTEXT');
  return parsed as Record<string, string>;
}

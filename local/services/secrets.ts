// Per-install secrets: generated at the first start into the data folder (0600), reused by every
// later start with the same folder, never in the repository. Before this, the IAM key pair was a
// constant in the source and Cognito tokens were signed with the key pair shipped inside the
// cognito-local package (private half included), so anyone could sign requests and forge logins.
// (The KMS key material was already random per install: local/services/kms.ts, kms/keys.json.)
import { generateKeyPair, randomBytes, randomInt, createPublicKey } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { writePrivateFile } from './files.js';

export const SECRETS_FILE = 'secrets.json';
/** cognito-local stamps this key id into every token it signs (hard-coded there), so the JWKS serves our key under it. */
export const COGNITO_SIGNING_KID = 'CognitoLocal';

export interface IamCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface CognitoSigningKey {
  /** PKCS#8 PEM of an RSA-2048 key: signs every Cognito token. */
  privateKeyPem: string;
  /** Its public half as served by the pool's JWKS endpoint. */
  publicJwk: { kty: 'RSA'; n: string; e: string; kid: string; alg: 'RS256'; use: 'sig' };
}

export interface StackSecrets {
  iam: IamCredentials;
  cognitoSigningKey: CognitoSigningKey;
}

export class CorruptSecretsError extends Error {
  constructor(file: string, detail: string) {
    super(
      `The local secrets file ${file} is unreadable (${detail}). It holds this install's IAM key pair and ` +
        `token-signing key: delete it to generate new ones (clients then need the new .local/outputs.json, ` +
        `and everyone signs in again).`,
    );
    // start.ts prints errors of this name without a stack trace.
    this.name = 'CorruptStateError';
  }
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** An access key id shaped like AWS's (AKIA + 16 base32 characters), so SDKs and tools accept it. */
function newAccessKeyId(): string {
  let id = 'AKIA';
  for (let i = 0; i < 16; i++) id += BASE32[randomInt(BASE32.length)];
  return id;
}

async function newSigningKey(): Promise<CognitoSigningKey> {
  // Asynchronous: RSA generation takes a while on a loaded machine and must not block the other services starting.
  const { privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  return {
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicJwk: { kty: 'RSA', n: String(jwk.n), e: String(jwk.e), kid: COGNITO_SIGNING_KID, alg: 'RS256', use: 'sig' },
  };
}

function validate(file: string, parsed: unknown): StackSecrets {
  const s = parsed as Partial<StackSecrets> | null;
  const iam = s?.iam;
  if (!iam || typeof iam.accessKeyId !== 'string' || !/^AKIA[A-Z2-7]{16}$/.test(iam.accessKeyId) || typeof iam.secretAccessKey !== 'string' || iam.secretAccessKey.length < 40) {
    throw new CorruptSecretsError(file, 'no valid "iam" key pair');
  }
  const key = s.cognitoSigningKey;
  if (!key || typeof key.privateKeyPem !== 'string' || key.publicJwk?.kty !== 'RSA' || typeof key.publicJwk.n !== 'string') {
    throw new CorruptSecretsError(file, 'no valid "cognitoSigningKey"');
  }
  // The public half must be the private key's: a mismatch would make every issued token unverifiable.
  const derived = createPublicKey(key.privateKeyPem).export({ format: 'jwk' });
  if (derived.n !== key.publicJwk.n) throw new CorruptSecretsError(file, 'the signing key pair does not match');
  return { iam: { accessKeyId: iam.accessKeyId, secretAccessKey: iam.secretAccessKey }, cognitoSigningKey: key };
}

/** Reads the install's secrets, or generates and stores them (0600) at the first start. */
export async function loadOrCreateSecrets(file: string): Promise<StackSecrets> {
  if (existsSync(file)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new CorruptSecretsError(file, (e as Error).message);
    }
    try {
      return validate(file, parsed);
    } catch (e) {
      if (e instanceof CorruptSecretsError) throw e;
      throw new CorruptSecretsError(file, (e as Error).message);
    }
  }
  const secrets: StackSecrets = {
    // 40 characters from 30 random bytes, the length and alphabet of an AWS secret access key.
    iam: { accessKeyId: newAccessKeyId(), secretAccessKey: randomBytes(30).toString('base64') },
    cognitoSigningKey: await newSigningKey(),
  };
  writePrivateFile(file, `${JSON.stringify(secrets, null, 2)}\n`);
  return secrets;
}

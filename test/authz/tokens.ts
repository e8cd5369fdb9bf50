// Token-level callers for the authorization matrix. An expired token must be one the endpoint would
// otherwise accept (right issuer, key and client), so it is the user's own access token re-signed with
// `exp` in the past by the test stack's own signing key (per install, read from its 0600 secrets file).
import { createPrivateKey, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { StackSecrets } from '../../local/services/secrets.js';
import { outputs, type TestUser } from '../support/stack.js';

function part(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decode(segment: string | undefined): Record<string, unknown> {
  return JSON.parse(Buffer.from(segment ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** `user`'s access token with iat/exp moved an hour and more into the past, validly signed. */
export function expiredAccessToken(user: TestUser): string {
  const secrets = JSON.parse(readFileSync(outputs().secretsPath, 'utf8')) as StackSecrets;
  const pem = secrets.cognitoSigningKey.privateKeyPem;
  const [h, p] = user.accessToken.split('.');
  const header = decode(h);
  const now = Math.floor(Date.now() / 1000);
  const payload = { ...decode(p), iat: now - 7200, auth_time: now - 7200, exp: now - 3600 };
  const input = `${part(header)}.${part(payload)}`;
  const signature = sign('RSA-SHA256', Buffer.from(input), createPrivateKey(pem)).toString('base64url');
  return `${input}.${signature}`;
}

// Forged logins (issue 15): cognito-local ships its token-signing key pair, private half included, in
// the npm package. Until each install had its own key, a token signed with the shipped key for any
// `sub` was accepted, so anyone could act as any user. Now such tokens are refused with AppSync's
// Unauthorized, while the user's genuine token keeps working.
import { createPrivateKey, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { gql, newUser, outputs, type TestUser } from '../support/stack.js';

const require = createRequire(import.meta.url);
// Read straight from the installed package: exactly what an attacker has.
const shippedKeyFile = require.resolve('cognito-local/lib/keys/cognitoLocal.private.json');
const shippedKey = createPrivateKey((JSON.parse(readFileSync(shippedKeyFile, 'utf8')) as { pem: string }).pem);

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const decode = (s: string | undefined) => JSON.parse(Buffer.from(s ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;

function signWithShippedKey(header: Record<string, unknown>, payload: Record<string, unknown>): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${sign('RSA-SHA256', Buffer.from(input), shippedKey).toString('base64url')}`;
}

let attacker: TestUser;
let victim: TestUser;
beforeAll(async () => {
  [attacker, victim] = await Promise.all([newUser('Forger'), newUser('Forgery Victim')]);
});

const ME = 'query { me { userId email } }';

function expectUnauthorized(r: Awaited<ReturnType<typeof gql>>): void {
  expect(r.status).toBe(401);
  expect(r.data ?? null).toBeNull();
  expect(r.errors?.[0]?.errorType).toBe('UnauthorizedException');
}

describe('tokens signed with the key shipped in cognito-local', () => {
  it("the attacker's own access token re-signed for the victim's sub is refused", async () => {
    const [h, p] = attacker.accessToken.split('.');
    const forged = signWithShippedKey(decode(h), { ...decode(p), sub: victim.sub, username: victim.sub });
    expectUnauthorized(await gql({ token: forged }, ME));
  });

  it('a token made from scratch (right issuer, client and kid) for the victim is refused', async () => {
    const o = outputs();
    const now = Math.floor(Date.now() / 1000);
    const forged = signWithShippedKey(
      { alg: 'RS256', typ: 'JWT', kid: 'CognitoLocal' },
      {
        sub: victim.sub,
        iss: o.cognito.issuer,
        client_id: o.cognito.userPoolClientId,
        token_use: 'access',
        scope: 'aws.cognito.signin.user.admin',
        username: victim.sub,
        auth_time: now,
        iat: now,
        exp: now + 3600,
        jti: 'forged',
      },
    );
    expectUnauthorized(await gql({ token: forged }, ME));
  });

  it('a forged id token is refused too', async () => {
    const [h, p] = victim.idToken.split('.');
    expectUnauthorized(await gql({ token: signWithShippedKey(decode(h), decode(p)) }, ME));
  });

  it("the victim's genuine token still works", async () => {
    const r = await gql<{ me: { userId: string; email: string } }>(victim, ME);
    expect(r.errors).toBeUndefined();
    expect(r.data?.me.userId).toBe(victim.sub);
  });
});

// The stack's Cognito endpoint through @aws-sdk/client-cognito-identity-provider: sign-up, the fixed
// confirmation code, the PostConfirmation trigger, sign-in, both refresh APIs, the password policy,
// AWS's error names, and tokens that verify against the local JWKS.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CodeMismatchException,
  CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  InitiateAuthCommand,
  InvalidPasswordException,
  NotAuthorizedException,
  SignUpCommand,
  UserLambdaValidationException,
  UserNotConfirmedException,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { JwtRsaVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import type { Fetcher } from 'aws-jwt-verify/https';
import { afterAll, describe, expect, it } from 'vitest';
import { postConfirmationWatcher, startCognito } from '../../local/services/cognito.js';
import { startLambdaService } from '../../local/services/lambda.js';
import { createStackLog } from '../../local/services/log.js';
import { loadOrCreateSecrets } from '../../local/services/secrets.js';
import { docClient, newUser, outputs, stackLogPath, table } from '../support/stack.js';

const o = outputs();
const client = new CognitoIdentityProviderClient({ endpoint: o.cognito.endpoint, region: o.region, credentials: o.iam });
afterAll(() => client.destroy());
const clientId = o.cognito.userPoolClientId;
const email = () => `cog-${randomUUID().slice(0, 12)}@test.sivera.example`;

async function rejection(p: Promise<unknown>): Promise<Error> {
  return p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: Error) => e,
  );
}

/** A Cognito + Lambda pair of its own (state in a temp dir), its PostConfirmation trigger running `handler`. */
async function ownCognito(prefix: string, functionName: string, handler: (event: unknown) => Promise<unknown>) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const log = createStackLog(join(dir, 'stack.log'), false);
  const secrets = await loadOrCreateSecrets(join(dir, 'secrets.json'));
  const lambdaSvc = await startLambdaService({
    root: dir,
    region: 'ap-northeast-2',
    credentials: secrets.iam,
    log,
    handlers: { [functionName]: { def: { timeout: 5, memorySize: 128 }, load: async () => handler } },
  });
  const cog = await startCognito({
    dir,
    region: 'ap-northeast-2',
    credentials: secrets.iam,
    signingKey: secrets.cognitoSigningKey,
    lambdaEndpoint: lambdaSvc.url,
    postConfirmationFunction: functionName,
    postConfirmation: postConfirmationWatcher(lambdaSvc, functionName),
    log,
  });
  const client = new CognitoIdentityProviderClient({ endpoint: cog.endpoint, region: 'ap-northeast-2', credentials: secrets.iam, maxAttempts: 1 });
  return {
    dir,
    cog,
    client,
    async stop() {
      client.destroy();
      await cog.stop();
      await lambdaSvc.stop();
    },
  };
}

describe('Cognito endpoint', () => {
  it('signs up, confirms with the fixed code (running PostConfirmation), signs in and refreshes', async () => {
    const username = email();
    const password = 'Secret123x';
    const up = await client.send(new SignUpCommand({ ClientId: clientId, Username: username, Password: password, UserAttributes: [{ Name: 'email', Value: username }] }));
    expect(up.UserConfirmed).toBe(false);
    expect(up.UserSub).toMatch(/^[0-9a-f-]{36}$/);

    expect(await rejection(client.send(new SignUpCommand({ ClientId: clientId, Username: username, Password: password })))).toBeInstanceOf(UsernameExistsException);
    expect(
      await rejection(client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password } }))),
    ).toBeInstanceOf(UserNotConfirmedException);
    expect(await rejection(client.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: username, ConfirmationCode: '000000' })))).toBeInstanceOf(
      CodeMismatchException,
    );

    await client.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: username, ConfirmationCode: o.cognito.confirmationCode }));
    // The trigger ran the project's handler, which wrote the user row.
    const row = await docClient().send(new GetCommand({ TableName: table('users'), Key: { userId: up.UserSub } }));
    expect(row.Item?.email).toBe(username);
    expect(readFileSync(stackLogPath(), 'utf8')).toMatch(/\[lambda:sivera-post-confirmation\] START RequestId/);

    const auth = await client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password } }));
    const tokens = auth.AuthenticationResult!;
    expect(tokens.TokenType).toBe('Bearer');
    expect(tokens.ExpiresIn).toBeGreaterThan(0);
    const me = await client.send(new GetUserCommand({ AccessToken: tokens.AccessToken }));
    expect(me.UserAttributes?.find((a) => a.Name === 'email')?.Value).toBe(username);
    expect(me.UserAttributes?.find((a) => a.Name === 'email_verified')?.Value).toBe('true');

    const refreshed = await client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken! } }));
    expect(refreshed.AuthenticationResult?.AccessToken).toBeTruthy();
    // aws-amplify v6 refreshes with GetTokensFromRefreshToken, which the front maps onto REFRESH_TOKEN_AUTH.
    const amplifyStyle = await client.send(new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken: tokens.RefreshToken! }));
    expect(amplifyStyle.AuthenticationResult?.IdToken).toBeTruthy();
  });

  it.each([
    ['short', 'Ab1defg', /not long enough/],
    ['no uppercase', 'abcdefg1', /uppercase/],
    ['no lowercase', 'ABCDEFG1', /lowercase/],
    ['no digit', 'Abcdefgh', /numeric/],
  ])('rejects a %s password with InvalidPasswordException', async (_label, password, message) => {
    const e = await rejection(client.send(new SignUpCommand({ ClientId: clientId, Username: email(), Password: password })));
    expect(e).toBeInstanceOf(InvalidPasswordException);
    expect(e.message).toMatch(message);
  });

  it('answers a wrong password with NotAuthorizedException, as AWS does', async () => {
    const u = await newUser('wrong-password');
    const e = await rejection(
      client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: u.email, PASSWORD: `${u.password}x` } })),
    );
    expect(e).toBeInstanceOf(NotAuthorizedException);
  });

  it('reports a failing PostConfirmation trigger as AWS does, the user staying confirmed', async () => {
    // Own Cognito + Lambda pair whose trigger is a handler that fails, as a broken deployment would.
    const own = await ownCognito('cognito-trigger-', 'failing-post-confirmation', async () => {
      throw new Error('users table unreachable');
    });
    const { cog, client: c } = own;
    try {
      const username = email();
      await c.send(new SignUpCommand({ ClientId: cog.userPoolClientId, Username: username, Password: 'Secret123x' }));
      const e = await rejection(c.send(new ConfirmSignUpCommand({ ClientId: cog.userPoolClientId, Username: username, ConfirmationCode: cog.confirmationCode })));
      expect(e).toBeInstanceOf(UserLambdaValidationException);
      expect(e.message).toBe('PostConfirmation failed with error users table unreachable.');
      const auth = await c.send(
        new InitiateAuthCommand({ ClientId: cog.userPoolClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: 'Secret123x' } }),
      );
      expect(auth.AuthenticationResult?.AccessToken).toBeTruthy();
    } finally {
      await own.stop();
      rmSync(own.dir, { recursive: true, force: true });
    }
  });

  it('issues tokens that verify against the local JWKS (issuer, token_use, client)', async () => {
    const u = await newUser('jwks');
    const httpFetcher: Fetcher = { fetch: async (uri) => (await fetch(uri)).arrayBuffer() };
    const cache = new SimpleJwksCache({ fetcher: httpFetcher });
    const access = JwtRsaVerifier.create(
      { issuer: o.cognito.issuer, jwksUri: o.cognito.jwksUri, audience: null, customJwtCheck: ({ payload }) => { if (payload.token_use !== 'access' || payload.client_id !== clientId) throw new Error('not our access token'); } },
      { jwksCache: cache },
    );
    const id = JwtRsaVerifier.create({ issuer: o.cognito.issuer, jwksUri: o.cognito.jwksUri, audience: clientId }, { jwksCache: cache });
    expect((await access.verify(u.accessToken)).sub).toBe(u.sub);
    const idClaims = await id.verify(u.idToken);
    expect(idClaims.email).toBe(u.email);
    expect(idClaims.token_use).toBe('id');
    await expect(access.verify(u.idToken)).rejects.toThrow();
  });

  it('keeps its store parseable under concurrent sign-ins (stormdb saved one file with unserialised writes)', async () => {
    const own = await ownCognito('cognito-concurrent-', 'post-confirmation', async (event) => event);
    const { dir, cog, client: c } = own;
    try {
      const users = Array.from({ length: 6 }, () => email());
      for (const u of users) {
        await c.send(new SignUpCommand({ ClientId: cog.userPoolClientId, Username: u, Password: 'Secret123x' }));
        await c.send(new ConfirmSignUpCommand({ ClientId: cog.userPoolClientId, Username: u, ConfirmationCode: cog.confirmationCode }));
      }
      // Every sign-in stores a refresh token: one save of the pool file each, all at once.
      const signIn = (u: string) =>
        c.send(new InitiateAuthCommand({ ClientId: cog.userPoolClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: u, PASSWORD: 'Secret123x' } }));
      const results = await Promise.all(Array.from({ length: 48 }, (_, i) => signIn(users[i % users.length]!)));
      expect(results.every((r) => r.AuthenticationResult?.RefreshToken)).toBe(true);
    } finally {
      await own.stop();
    }
    try {
      const dbDir = join(dir, '.cognito', 'db');
      const files = readdirSync(dbDir);
      expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
      for (const f of files) expect(() => JSON.parse(readFileSync(join(dbDir, f), 'utf8')), f).not.toThrow();
      const pool = files.find((f) => f.startsWith('local_'))!;
      expect(statSync(join(dbDir, pool)).mode & 0o777).toBe(0o600);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

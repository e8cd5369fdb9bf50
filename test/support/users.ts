// Users of a local stack as a frontend makes them (sign-up, confirmation, password sign-in), for the
// tests (test/support/stack.ts newUser) and the benches, which start stacks of their own.
import { randomUUID } from 'node:crypto';
import { ConfirmSignUpCommand, InitiateAuthCommand, SignUpCommand, type CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { StackOutputs } from '../../local/outputs.js';

export interface TestUser {
  sub: string;
  email: string;
  password: string;
  accessToken: string;
  idToken: string;
  refreshToken: string;
}

function jwtPayload(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

/**
 * A fresh confirmed user with a unique email on the stack `o`: SignUp, ConfirmSignUp with the stack's
 * fixed code (so the PostConfirmation Lambda runs) and USER_PASSWORD_AUTH sign-in, through `c` (a
 * client of that stack's Cognito). `name` (optional) becomes the `name` attribute and the start of the email.
 */
export async function signUpConfirmed(o: Pick<StackOutputs, 'cognito'>, c: CognitoIdentityProviderClient, name?: string): Promise<TestUser> {
  const slug = (name ?? 'user').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 24) || 'user';
  const email = `${slug}-${randomUUID().slice(0, 12)}@test.sivera.example`;
  const password = `Pw-${randomUUID().slice(0, 8)}aA1`;
  await c.send(
    new SignUpCommand({
      ClientId: o.cognito.userPoolClientId,
      Username: email,
      Password: password,
      UserAttributes: [{ Name: 'email', Value: email }, ...(name ? [{ Name: 'name', Value: name }] : [])],
    }),
  );
  await c.send(new ConfirmSignUpCommand({ ClientId: o.cognito.userPoolClientId, Username: email, ConfirmationCode: o.cognito.confirmationCode }));
  const auth = await c.send(
    new InitiateAuthCommand({ ClientId: o.cognito.userPoolClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: email, PASSWORD: password } }),
  );
  const r = auth.AuthenticationResult;
  if (!r?.AccessToken || !r.IdToken || !r.RefreshToken) throw new Error(`sign-in of ${email} returned no tokens`);
  return { sub: String(jwtPayload(r.IdToken).sub), email, password, accessToken: r.AccessToken, idToken: r.IdToken, refreshToken: r.RefreshToken };
}

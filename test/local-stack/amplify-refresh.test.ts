// aws-amplify v6 refreshes tokens with GetTokensFromRefreshToken, which cognito-local lacks; the
// stack's Cognito front maps it onto REFRESH_TOKEN_AUTH. Checked with the unmodified Amplify client,
// configured only from the stack's outputs (outputs.amplify).
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Amplify } from 'aws-amplify';
import { confirmSignUp, fetchAuthSession, signIn, signOut, signUp } from 'aws-amplify/auth';
import { afterAll, describe, expect, it } from 'vitest';
import { outputs, stackLogPath } from '../support/stack.js';

describe('aws-amplify v6 token refresh against the local Cognito endpoint', () => {
  afterAll(async () => {
    await signOut().catch(() => undefined);
  });

  it('fetchAuthSession({ forceRefresh: true }) returns fresh tokens for the same user', async () => {
    Amplify.configure(outputs().amplify as Parameters<typeof Amplify.configure>[0]);
    const email = `refresh-${randomUUID().slice(0, 8)}@test.sivera.example`;
    const password = 'Refresh-Test-7x';
    await signUp({ username: email, password, options: { userAttributes: { email } } });
    await confirmSignUp({ username: email, confirmationCode: outputs().cognito.confirmationCode });
    expect((await signIn({ username: email, password, options: { authFlowType: 'USER_PASSWORD_AUTH' } })).isSignedIn).toBe(true);

    const before = (await fetchAuthSession()).tokens!;
    const logBefore = readFileSync(stackLogPath(), 'utf8').split('GetTokensFromRefreshToken served').length;
    await new Promise((r) => setTimeout(r, 1100)); // tokens carry second-resolution iat: make the new one differ
    const after = (await fetchAuthSession({ forceRefresh: true })).tokens!;
    expect(after.accessToken.toString()).not.toBe(before.accessToken.toString());
    expect(after.accessToken.payload.sub).toBe(before.accessToken.payload.sub);
    expect(Number(after.accessToken.payload.iat)).toBeGreaterThan(Number(before.accessToken.payload.iat));
    expect(after.idToken?.payload.email).toBe(email);
    // Amplify used the newer API (the one cognito-local lacks), so the front's mapping is what worked.
    expect(readFileSync(stackLogPath(), 'utf8').split('GetTokensFromRefreshToken served').length).toBeGreaterThan(logBefore);
  });
});

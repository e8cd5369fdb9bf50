// The whole Cognito life cycle through the typed client against the local stack's Cognito endpoint
// (cognito-local behind local/services/cognito.ts): sign-up, resend code, confirm, forgot/confirm
// password, TOTP set-up and the TOTP sign-in challenge, sign-out here and everywhere; and the gaps of
// cognito-local the front closes (forged access tokens, made-up challenge sessions, GlobalSignOut).
import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import {
  AdminCreateUserCommand,
  CognitoIdentityProviderClient,
  GetUserCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { MeDocument, SiveraAuthError, SiveraClient, configFromOutputs } from '../../client/index.js';
import { outputs } from '../support/stack.js';
import { base32Decode, totp, totpNow } from './totp.js';

// Each test signs users up (the PostConfirmation Lambda runs): seconds each on this loaded 2-core machine.
const password = 'Life-Cycle-7x';
const newClient = () => new SiveraClient(configFromOutputs(outputs() as unknown as Record<string, unknown>));
const freshEmail = (tag: string) => `${tag}-${randomUUID().slice(0, 8)}@test.sivera.example`;
const code = () => outputs().cognito.confirmationCode;
/** A raw SDK client for the calls the typed client would never make (forged tokens, made-up sessions). */
const raw = () =>
  new CognitoIdentityProviderClient({
    endpoint: outputs().cognito.endpoint,
    region: outputs().region,
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
const authError = async (p: Promise<unknown>): Promise<SiveraAuthError> => {
  const e: unknown = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(SiveraAuthError);
  return e as SiveraAuthError;
};
const sdkError = async (p: Promise<unknown>): Promise<{ name: string; message: string }> => {
  const e = (await p.then(
    () => undefined,
    (err: unknown) => err,
  )) as { name: string; message: string } | undefined;
  expect(e, 'the call must be refused').toBeDefined();
  return e!;
};

async function signedUp(tag: string): Promise<{ client: SiveraClient; email: string }> {
  const client = newClient();
  const email = freshEmail(tag);
  await client.auth.signUp(email, password);
  await client.auth.confirmSignUp(email, code());
  await client.auth.signIn(email, password);
  return { client, email };
}

describe('TOTP helper', () => {
  it('matches the RFC 6238 SHA-1 test vectors', () => {
    const key = Buffer.from('12345678901234567890');
    expect([59, 1111111109, 1111111111, 1234567890, 2000000000, 20000000000].map((t) => totp(key, t * 1000, 8))).toEqual([
      '94287082',
      '07081804',
      '14050471',
      '89005924',
      '69279037',
      '65353130',
    ]);
    expect(base32Decode('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ').toString()).toBe('12345678901234567890');
  });
});

describe('sign-up, codes and password reset through the typed client', { timeout: 90_000 }, () => {
  it('resends the sign-up code, confirms, resets a forgotten password and signs in with the new one', async () => {
    const client = newClient();
    const email = freshEmail('reset');
    const { confirmed, codeDelivery } = await client.auth.signUp(email, password);
    expect(confirmed).toBe(false);
    expect(codeDelivery).toEqual({ destination: `${email[0]}***@t***`, medium: 'EMAIL' }); // masked, as AWS does

    expect(await client.auth.resendConfirmationCode(email)).toEqual({ destination: `${email[0]}***@t***`, medium: 'EMAIL' });
    expect((await authError(client.auth.confirmSignUp(email, '000000'))).code).toBe('CodeMismatchException');
    await client.auth.confirmSignUp(email, code());
    expect((await authError(client.auth.resendConfirmationCode(email))).code).toBe('InvalidParameterException');

    expect((await client.auth.forgotPassword(email)).medium).toBe('EMAIL');
    expect((await authError(client.auth.confirmForgotPassword(email, code(), 'short'))).code).toBe('InvalidPasswordException');
    expect((await authError(client.auth.confirmForgotPassword(email, '000000', 'New-Password-8x'))).code).toBe('CodeMismatchException');
    await client.auth.confirmForgotPassword(email, code(), 'New-Password-8x');

    const e = await authError(client.auth.signIn(email, password));
    expect([e.code, e.message]).toEqual(['NotAuthorizedException', 'Incorrect username or password.']);
    const user = await client.auth.signIn(email, 'New-Password-8x');
    expect(user.email).toBe(email);
    expect((await client.query(MeDocument)).me.email).toBe(email);
  });

  it('does not reveal whether an address has an account (PreventUserExistenceErrors, as deployed)', async () => {
    const client = newClient();
    const nobody = freshEmail('nobody');
    expect(await client.auth.forgotPassword(nobody)).toEqual({ destination: 'n***@t***', medium: 'EMAIL' });
    expect(await client.auth.resendConfirmationCode(nobody)).toEqual({ destination: 'n***@t***', medium: 'EMAIL' });
    expect((await authError(client.auth.confirmForgotPassword(nobody, code(), 'New-Password-8x'))).code).toBe('CodeMismatchException');
    const e = await authError(client.auth.signIn(nobody, password));
    expect([e.code, e.message]).toEqual(['NotAuthorizedException', 'Incorrect username or password.']);
  });
});

describe('TOTP multi-factor authentication through the typed client', { timeout: 90_000 }, () => {
  it('sets TOTP up, then sign-in needs a code; a wrong code can be retried; the session refreshes', async () => {
    const { client, email } = await signedUp('totp');
    const setup = await client.auth.setUpTotp();
    expect(setup.uri).toBe(`otpauth://totp/Sivera%3A${encodeURIComponent(email)}?secret=${setup.secret}&issuer=Sivera`);
    expect((await authError(client.auth.enableTotp('000000'))).code).toBe('EnableSoftwareTokenMFAException');
    await client.auth.enableTotp(totpNow(setup.secret), 'test phone');

    // Another device: the password alone no longer signs in.
    const device = newClient();
    const required = await authError(device.auth.signIn(email, password));
    expect([required.code, required.challengeName]).toEqual(['TotpRequired', 'SOFTWARE_TOKEN_MFA']);
    expect(device.auth.currentUser()).toBeNull();

    const step = await device.auth.startSignIn(email, password);
    if (step.signedIn) throw new Error('expected the TOTP challenge');
    expect(step.challenge).toBe('SOFTWARE_TOKEN_MFA');
    const wrong = await authError(step.respond(totpNow(setup.secret, Date.now() - 10 * 60_000)));
    expect([wrong.code, wrong.message]).toEqual(['CodeMismatchException', 'Invalid code received for user']);
    const user = await step.respond(totpNow(setup.secret));
    expect(user.email).toBe(email);
    expect((await device.query(MeDocument)).me.email).toBe(email);
    // The refresh token of a challenge sign-in works (cognito-local never stored it).
    const refreshed = await device.auth.refresh();
    expect(refreshed.accessToken).toBeTruthy();
    // The session was used: it cannot sign in a second time.
    expect((await authError(step.respond(totpNow(setup.secret)))).code).toBe('NotAuthorizedException');

    // signIn with a code callback does it in one call.
    const third = newClient();
    expect((await third.auth.signIn(email, password, { totpCode: () => totpNow(setup.secret) })).email).toBe(email);

    await third.auth.disableTotp();
    expect((await newClient().auth.signIn(email, password)).email).toBe(email);
    for (const c of [client, device, third]) c.close();
  });

  it("refuses a made-up challenge session, also for a password change, and another user's session", async () => {
    const o = outputs();
    const cognito = raw();
    // A user with TOTP on, and an admin-created user who must choose a new password.
    const { client, email } = await signedUp('session');
    const { secret } = await client.auth.setUpTotp();
    await client.auth.enableTotp(totpNow(secret));
    const forged = await sdkError(
      cognito.send(
        new RespondToAuthChallengeCommand({
          ClientId: o.cognito.userPoolClientId,
          ChallengeName: 'SOFTWARE_TOKEN_MFA',
          Session: randomUUID(),
          ChallengeResponses: { USERNAME: email, SOFTWARE_TOKEN_MFA_CODE: totpNow(secret) },
        }),
      ),
    );
    expect([forged.name, forged.message]).toEqual(['NotAuthorizedException', 'Invalid session for the user.']);

    const invited = freshEmail('invited');
    const admin = new CognitoIdentityProviderClient({ endpoint: o.cognito.endpoint, region: o.region, credentials: o.iam });
    await admin.send(
      new AdminCreateUserCommand({
        UserPoolId: o.cognito.userPoolId,
        Username: invited,
        TemporaryPassword: 'Temp-Pass-1x',
        MessageAction: 'SUPPRESS',
      }),
    );
    const takeover = await sdkError(
      cognito.send(
        new RespondToAuthChallengeCommand({
          ClientId: o.cognito.userPoolClientId,
          ChallengeName: 'NEW_PASSWORD_REQUIRED',
          Session: randomUUID(),
          ChallengeResponses: { USERNAME: invited, NEW_PASSWORD: 'Taken-Over-1x' },
        }),
      ),
    );
    expect(takeover.name).toBe('NotAuthorizedException');
    // A real session of one user does not answer for another.
    const started = await cognito.send(
      new InitiateAuthCommand({
        ClientId: o.cognito.userPoolClientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: invited, PASSWORD: 'Temp-Pass-1x' },
      }),
    );
    expect(started.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    const crossed = await sdkError(
      cognito.send(
        new RespondToAuthChallengeCommand({
          ClientId: o.cognito.userPoolClientId,
          ChallengeName: 'SOFTWARE_TOKEN_MFA',
          Session: started.Session,
          ChallengeResponses: { USERNAME: email, SOFTWARE_TOKEN_MFA_CODE: totpNow(secret) },
        }),
      ),
    );
    expect(crossed.name).toBe('NotAuthorizedException');
    // The typed client names the challenge it does not answer instead of "Cognito returned no tokens".
    const unsupported = await authError(newClient().auth.signIn(invited, 'Temp-Pass-1x'));
    expect([unsupported.code, unsupported.challengeName]).toEqual(['UnsupportedChallenge', 'NEW_PASSWORD_REQUIRED']);
    client.close();
  });

  it('refuses an access token it did not sign (cognito-local only decoded it)', async () => {
    const { client } = await signedUp('forged');
    const real = await client.auth.accessToken();
    const [header, payload] = real.split('.');
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const forged = `${header}.${payload}.${sign('sha256', Buffer.from(`${header}.${payload}`), privateKey).toString('base64url')}`;
    const e = await sdkError(raw().send(new GetUserCommand({ AccessToken: forged })));
    expect([e.name, e.message]).toEqual(['NotAuthorizedException', 'Invalid Access Token']);
    // The genuine token still works.
    expect((await raw().send(new GetUserCommand({ AccessToken: real }))).Username).toBeTruthy();
    client.close();
  });
});

describe('sign-out', { timeout: 90_000 }, () => {
  it("signOutEverywhere revokes every device's refresh and access tokens; a new sign-in works", async () => {
    const { client: laptop, email } = await signedUp('global');
    const phone = newClient();
    await phone.auth.signIn(email, password);
    const phoneAccess = await phone.auth.accessToken();

    await laptop.auth.signOutEverywhere();
    expect(laptop.auth.currentUser()).toBeNull();
    const refresh = await authError(phone.auth.refresh());
    expect(refresh.code).toBe('NotAuthorizedException');
    const revoked = await sdkError(raw().send(new GetUserCommand({ AccessToken: phoneAccess })));
    expect([revoked.name, revoked.message]).toEqual(['NotAuthorizedException', 'Access Token has been revoked']);

    // Signing in again right away (same second) gives tokens that are not caught by the revocation.
    await laptop.auth.signIn(email, password);
    expect((await raw().send(new GetUserCommand({ AccessToken: await laptop.auth.accessToken() }))).Username).toBeTruthy();
    await laptop.auth.refresh();
    laptop.close();
    phone.close();
  });

  it("signOut revokes only this device's refresh token and the access tokens issued with it", async () => {
    const { client: laptop, email } = await signedUp('local');
    const phone = newClient();
    await phone.auth.signIn(email, password);
    const { refreshToken: laptopRefresh, accessToken: laptopAccess } = await laptop.auth.refresh();
    await laptop.auth.signOut();
    expect(laptop.auth.currentUser()).toBeNull();
    const e = await sdkError(
      raw().send(
        new InitiateAuthCommand({
          ClientId: outputs().cognito.userPoolClientId,
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          AuthParameters: { REFRESH_TOKEN: laptopRefresh },
        }),
      ),
    );
    expect(e.name).toBe('NotAuthorizedException');
    // As in AWS, the access tokens issued with the revoked refresh token are revoked too; the phone's are not.
    const e2 = await sdkError(raw().send(new GetUserCommand({ AccessToken: laptopAccess })));
    expect([e2.name, e2.message]).toEqual(['NotAuthorizedException', 'Access Token has been revoked']);
    expect((await raw().send(new GetUserCommand({ AccessToken: await phone.auth.accessToken() }))).Username).toBeTruthy();
    expect((await phone.auth.refresh()).accessToken).toBeTruthy();
    expect((await authError(laptop.auth.signOutEverywhere())).code).toBe('NotSignedIn');
  });
});

// Cognito's user life cycle over the user pool's own API (no Amplify): sign-up and confirmation, password
// reset, TOTP set-up and the TOTP sign-in challenge, sign-out here or everywhere; the access token is
// refreshed before it expires. Cognito's refusals are thrown as SiveraAuthError with Cognito's name.
import {
  AssociateSoftwareTokenCommand,
  CognitoIdentityProviderClient,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  ForgotPasswordCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  ResendConfirmationCodeCommand,
  RespondToAuthChallengeCommand,
  RevokeTokenCommand,
  SetUserMFAPreferenceCommand,
  SignUpCommand,
  VerifySoftwareTokenCommand,
  type AuthenticationResultType,
  type CodeDeliveryDetailsType,
  type InitiateAuthCommandOutput,
} from '@aws-sdk/client-cognito-identity-provider';
import type { SiveraConfig } from './config.js';
import { SiveraAuthError } from './errors.js';

export interface Session {
  accessToken: string;
  idToken: string;
  refreshToken: string;
  /** Epoch seconds at which the access token expires. */
  expiresAt: number;
}

export interface CurrentUser {
  userId: string;
  email: string | undefined;
}

/** Where Cognito sent a code (the address masked, as Cognito returns it). */
export interface CodeDelivery {
  destination: string | undefined;
  medium: 'EMAIL' | 'SMS' | undefined;
}

/** What a password sign-in leads to: signed in, or a TOTP code to give. */
export type SignInStep =
  | { signedIn: true; user: CurrentUser }
  | {
      signedIn: false;
      challenge: 'SOFTWARE_TOKEN_MFA';
      /** Answers with the authenticator app's current code; a wrong code can be retried within 3 minutes. */
      respond(code: string): Promise<CurrentUser>;
    };

export interface SignInOptions {
  /** Asked for the authenticator app's code when the user has TOTP on; without it such a sign-in throws TotpRequired. */
  totpCode?: () => string | Promise<string>;
}

export interface TotpSetup {
  /** Base32 secret for the authenticator app. */
  secret: string;
  /** otpauth:// URI (render as a QR code). */
  uri: string;
}

/** Refresh this many seconds before expiry, so a request never leaves with a token about to die. */
const REFRESH_MARGIN_SECONDS = 120;

function decodeJwtPayload(token: string): Record<string, unknown> {
  const part = token.split('.')[1];
  if (!part) throw new SiveraAuthError('InvalidToken', 'malformed token');
  const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
  return JSON.parse(json) as Record<string, unknown>;
}

const delivery = (d: CodeDeliveryDetailsType | undefined): CodeDelivery => ({
  destination: d?.Destination,
  medium: d?.DeliveryMedium === 'SMS' || d?.DeliveryMedium === 'EMAIL' ? d.DeliveryMedium : undefined,
});

export class SiveraAuth {
  private readonly cognito: CognitoIdentityProviderClient;
  private session: Session | null = null;
  private refreshing: Promise<Session> | null = null;

  constructor(private readonly config: SiveraConfig) {
    this.cognito = new CognitoIdentityProviderClient({
      region: config.region,
      ...(config.cognitoEndpoint ? { endpoint: config.cognitoEndpoint } : {}),
      // Unauthenticated Cognito calls are not signed; the SDK still wants credentials to exist.
      credentials: { accessKeyId: 'unsigned', secretAccessKey: 'unsigned' },
    });
  }

  async signUp(
    email: string,
    password: string,
    name?: string,
  ): Promise<{ userId: string; confirmed: boolean; codeDelivery: CodeDelivery }> {
    const out = await this.send(() =>
      this.cognito.send(
        new SignUpCommand({
          ClientId: this.config.userPoolClientId,
          Username: email,
          Password: password,
          UserAttributes: [{ Name: 'email', Value: email }, ...(name ? [{ Name: 'name', Value: name }] : [])],
        }),
      ),
    );
    return { userId: out.UserSub ?? '', confirmed: out.UserConfirmed ?? false, codeDelivery: delivery(out.CodeDeliveryDetails) };
  }

  async confirmSignUp(email: string, code: string): Promise<void> {
    await this.send(() =>
      this.cognito.send(new ConfirmSignUpCommand({ ClientId: this.config.userPoolClientId, Username: email, ConfirmationCode: code })),
    );
  }

  /** Sends a new sign-up code to a user who has not confirmed yet. */
  async resendConfirmationCode(email: string): Promise<CodeDelivery> {
    const out = await this.send(() =>
      this.cognito.send(new ResendConfirmationCodeCommand({ ClientId: this.config.userPoolClientId, Username: email })),
    );
    return delivery(out.CodeDeliveryDetails);
  }

  /** Sends a password-reset code (the pool answers the same way for an unknown address). */
  async forgotPassword(email: string): Promise<CodeDelivery> {
    const out = await this.send(() =>
      this.cognito.send(new ForgotPasswordCommand({ ClientId: this.config.userPoolClientId, Username: email })),
    );
    return delivery(out.CodeDeliveryDetails);
  }

  async confirmForgotPassword(email: string, code: string, newPassword: string): Promise<void> {
    await this.send(() =>
      this.cognito.send(
        new ConfirmForgotPasswordCommand({
          ClientId: this.config.userPoolClientId,
          Username: email,
          ConfirmationCode: code,
          Password: newPassword,
        }),
      ),
    );
  }

  /** Signs in; a user with TOTP on needs `options.totpCode` (or use startSignIn to drive the challenge yourself). */
  async signIn(email: string, password: string, options: SignInOptions = {}): Promise<CurrentUser> {
    const step = await this.startSignIn(email, password);
    if (step.signedIn) return step.user;
    if (!options.totpCode) {
      throw new SiveraAuthError(
        'TotpRequired',
        'This user has TOTP multi-factor authentication on: a code from the authenticator app is required',
        step.challenge,
      );
    }
    return step.respond(await options.totpCode());
  }

  /** Password sign-in that returns the next step instead of completing a challenge. */
  async startSignIn(email: string, password: string): Promise<SignInStep> {
    const out = await this.send(() =>
      this.cognito.send(
        new InitiateAuthCommand({
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: this.config.userPoolClientId,
          AuthParameters: { USERNAME: email, PASSWORD: password },
        }),
      ),
    );
    return this.step(out, email);
  }

  /** Starts TOTP set-up for the signed-in user: show `uri` as a QR code, then call enableTotp with a code. */
  async setUpTotp(issuer = 'Sivera'): Promise<TotpSetup> {
    const AccessToken = await this.accessToken();
    const out = await this.send(() => this.cognito.send(new AssociateSoftwareTokenCommand({ AccessToken })));
    if (!out.SecretCode) throw new SiveraAuthError('InternalErrorException', 'Cognito returned no TOTP secret');
    const label = encodeURIComponent(`${issuer}:${this.currentUser()?.email ?? ''}`);
    return { secret: out.SecretCode, uri: `otpauth://totp/${label}?secret=${out.SecretCode}&issuer=${encodeURIComponent(issuer)}` };
  }

  /** Verifies the first code of the app set up by setUpTotp and makes TOTP the user's sign-in factor. */
  async enableTotp(code: string, deviceName?: string): Promise<void> {
    const AccessToken = await this.accessToken();
    const out = await this.send(() =>
      this.cognito.send(
        new VerifySoftwareTokenCommand({ AccessToken, UserCode: code, ...(deviceName ? { FriendlyDeviceName: deviceName } : {}) }),
      ),
    );
    if (out.Status !== 'SUCCESS') throw new SiveraAuthError('EnableSoftwareTokenMFAException', 'The TOTP code was not accepted');
    await this.send(() =>
      this.cognito.send(new SetUserMFAPreferenceCommand({ AccessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } })),
    );
  }

  /** Turns TOTP off for the signed-in user (sign-in is by password alone again). */
  async disableTotp(): Promise<void> {
    const AccessToken = await this.accessToken();
    await this.send(() =>
      this.cognito.send(
        new SetUserMFAPreferenceCommand({
          AccessToken,
          SoftwareTokenMfaSettings: { Enabled: false, PreferredMfa: false },
        }),
      ),
    );
  }

  /** Exchanges the refresh token for new tokens (Cognito keeps the refresh token). */
  async refresh(): Promise<Session> {
    const current = this.session;
    if (!current) throw new SiveraAuthError('NotSignedIn', 'not signed in');
    this.refreshing ??= this.send(() =>
      this.cognito.send(
        new InitiateAuthCommand({
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          ClientId: this.config.userPoolClientId,
          AuthParameters: { REFRESH_TOKEN: current.refreshToken },
        }),
      ),
    )
      .then((out) => (this.session = this.toSession(out.AuthenticationResult, current.refreshToken)))
      .finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  /** Signs out here: the session is forgotten and its refresh token revoked (other devices stay signed in). */
  async signOut(): Promise<void> {
    const current = this.session;
    this.session = null;
    if (current)
      await this.send(() =>
        this.cognito.send(new RevokeTokenCommand({ ClientId: this.config.userPoolClientId, Token: current.refreshToken })),
      );
  }

  /** Signs the user out of every device: all their refresh tokens and access tokens are revoked. */
  async signOutEverywhere(): Promise<void> {
    const current = this.session;
    if (!current) throw new SiveraAuthError('NotSignedIn', 'not signed in');
    const AccessToken = await this.accessToken();
    await this.send(() => this.cognito.send(new GlobalSignOutCommand({ AccessToken })));
    this.session = null;
  }

  currentUser(): CurrentUser | null {
    if (!this.session) return null;
    const claims = decodeJwtPayload(this.session.idToken);
    return { userId: String(claims.sub), email: typeof claims.email === 'string' ? claims.email : undefined };
  }

  /** A valid access token, refreshed first when it is about to expire. */
  async accessToken(): Promise<string> {
    if (!this.session) throw new SiveraAuthError('NotSignedIn', 'not signed in');
    if (this.session.expiresAt - REFRESH_MARGIN_SECONDS <= Date.now() / 1000) await this.refresh();
    return this.session.accessToken;
  }

  private step(out: InitiateAuthCommandOutput, email: string): SignInStep {
    if (out.AuthenticationResult) {
      this.session = this.toSession(out.AuthenticationResult, undefined);
      return { signedIn: true, user: this.currentUser()! };
    }
    if (out.ChallengeName === 'SOFTWARE_TOKEN_MFA' && out.Session) {
      let session = out.Session;
      return {
        signedIn: false,
        challenge: 'SOFTWARE_TOKEN_MFA',
        respond: async (code) => {
          const answer = await this.send(() =>
            this.cognito.send(
              new RespondToAuthChallengeCommand({
                ClientId: this.config.userPoolClientId,
                ChallengeName: 'SOFTWARE_TOKEN_MFA',
                Session: session,
                ChallengeResponses: { USERNAME: email, SOFTWARE_TOKEN_MFA_CODE: code },
              }),
            ),
          );
          if (answer.Session) session = answer.Session;
          const next = this.step(answer, email);
          if (!next.signedIn) throw new SiveraAuthError('UnsupportedChallenge', 'Cognito asked for another TOTP code', next.challenge);
          return next.user;
        },
      };
    }
    // NEW_PASSWORD_REQUIRED (admin-created users), SELECT_MFA_TYPE, MFA_SETUP, SMS_MFA…: not offered by this pool's client.
    throw new SiveraAuthError(
      'UnsupportedChallenge',
      `Cognito asked for the ${out.ChallengeName ?? 'unnamed'} challenge, which this client does not answer`,
      out.ChallengeName,
    );
  }

  /** Cognito's refusals as SiveraAuthError (code = Cognito's exception name). */
  private async send<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (e) {
      throw SiveraAuthError.from(e);
    }
  }

  private toSession(result: AuthenticationResultType | undefined, previousRefresh: string | undefined): Session {
    if (!result?.AccessToken || !result.IdToken) throw new SiveraAuthError('InternalErrorException', 'Cognito returned no tokens');
    const refreshToken = result.RefreshToken ?? previousRefresh;
    if (!refreshToken) throw new SiveraAuthError('InternalErrorException', 'Cognito returned no refresh token');
    const exp = Number(decodeJwtPayload(result.AccessToken).exp);
    return { accessToken: result.AccessToken, idToken: result.IdToken, refreshToken, expiresAt: exp };
  }
}

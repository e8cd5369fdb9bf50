// Cognito sign-up / sign-in over the user pool's own API, with the token refreshed before it expires.
import {
  CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  SignUpCommand,
  type AuthenticationResultType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { SiveraConfig } from './config.js';

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

/** Refresh this many seconds before expiry, so a request never leaves with a token about to die. */
const REFRESH_MARGIN_SECONDS = 120;

function decodeJwtPayload(token: string): Record<string, unknown> {
  const part = token.split('.')[1];
  if (!part) throw new Error('malformed token');
  const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
  return JSON.parse(json) as Record<string, unknown>;
}

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

  async signUp(email: string, password: string, name?: string): Promise<{ userId: string; confirmed: boolean }> {
    const out = await this.cognito.send(
      new SignUpCommand({
        ClientId: this.config.userPoolClientId,
        Username: email,
        Password: password,
        UserAttributes: [{ Name: 'email', Value: email }, ...(name ? [{ Name: 'name', Value: name }] : [])],
      }),
    );
    return { userId: out.UserSub ?? '', confirmed: out.UserConfirmed ?? false };
  }

  async confirmSignUp(email: string, code: string): Promise<void> {
    await this.cognito.send(
      new ConfirmSignUpCommand({ ClientId: this.config.userPoolClientId, Username: email, ConfirmationCode: code }),
    );
  }

  async signIn(email: string, password: string): Promise<CurrentUser> {
    const out = await this.cognito.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: this.config.userPoolClientId,
        AuthParameters: { USERNAME: email, PASSWORD: password },
      }),
    );
    this.session = this.toSession(out.AuthenticationResult, undefined);
    return this.currentUser()!;
  }

  /** Exchanges the refresh token for new tokens (Cognito keeps the refresh token). */
  async refresh(): Promise<Session> {
    const current = this.session;
    if (!current) throw new Error('not signed in');
    this.refreshing ??= this.cognito
      .send(
        new InitiateAuthCommand({
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          ClientId: this.config.userPoolClientId,
          AuthParameters: { REFRESH_TOKEN: current.refreshToken },
        }),
      )
      .then((out) => (this.session = this.toSession(out.AuthenticationResult, current.refreshToken)))
      .finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  async signOut(): Promise<void> {
    const current = this.session;
    this.session = null;
    if (current) {
      // Revokes the refresh token server-side; a local endpoint without it still signs out locally.
      await this.cognito.send(new GlobalSignOutCommand({ AccessToken: current.accessToken })).catch(() => undefined);
    }
  }

  currentUser(): CurrentUser | null {
    if (!this.session) return null;
    const claims = decodeJwtPayload(this.session.idToken);
    return { userId: String(claims.sub), email: typeof claims.email === 'string' ? claims.email : undefined };
  }

  /** A valid access token, refreshed first when it is about to expire. */
  async accessToken(): Promise<string> {
    if (!this.session) throw new Error('not signed in');
    if (this.session.expiresAt - REFRESH_MARGIN_SECONDS <= Date.now() / 1000) await this.refresh();
    return this.session.accessToken;
  }

  private toSession(result: AuthenticationResultType | undefined, previousRefresh: string | undefined): Session {
    if (!result?.AccessToken || !result.IdToken) throw new Error('Cognito returned no tokens');
    const refreshToken = result.RefreshToken ?? previousRefresh;
    if (!refreshToken) throw new Error('Cognito returned no refresh token');
    const exp = Number(decodeJwtPayload(result.AccessToken).exp);
    return { accessToken: result.AccessToken, idToken: result.IdToken, refreshToken, expiresAt: exp };
  }
}

// Request authentication as AppSync does it: Cognito user-pool JWTs (default mode) and SigV4 (IAM,
// additional mode). Produces the caller's mode and the ctx.identity AppSync builds for that mode.
import { JwtRsaVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { JwtExpiredError, JwtParseError } from 'aws-jwt-verify/error';
import type { Fetcher } from 'aws-jwt-verify/https';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import { SigV4Error, awsErrorType, verifySigV4 } from '../services/sigv4.js';
import type { AuthMode } from './schema.js';

export interface AuthConfig {
  cognito: { issuer: string; jwksUri: string; userPoolClientId: string };
  iam: { accessKeyId: string; secretAccessKey: string; region: string; accountId?: string };
}

export interface Authenticated {
  mode: AuthMode;
  identity: Record<string, unknown>;
  groups: string[];
}

/** A request-level auth failure: HTTP 401 with AppSync's UnauthorizedException body. */
export class UnauthorizedError extends Error {
  readonly errorType = 'UnauthorizedException';
  /**
   * @param awsErrorType For a refused SigV4 signature: the exception AWS's REST APIs (EvaluateCode) name
   * it with (MissingAuthenticationTokenException, InvalidSignatureException, ...).
   */
  constructor(
    message: string,
    readonly awsErrorType?: string,
  ) {
    super(message);
    this.name = 'UnauthorizedError';
  }
}

export const MISSING_AUTH = 'Valid authorization header not provided.';

/** What a request looks like to the authenticator (HTTP request, WebSocket connect or start). */
export interface AuthInput {
  method: string;
  /** Path as signed, e.g. /graphql or /graphql/connect. */
  path: string;
  query?: Record<string, string>;
  /** Header names in any case; values as received. */
  headers: Record<string, string | undefined>;
  body: string;
  sourceIp: string[];
}

// aws-jwt-verify's default fetcher only speaks https; the local JWKS is served over http.
const httpFetcher: Fetcher = {
  fetch: async (uri) => {
    const r = await fetch(uri);
    if (!r.ok) throw new Error(`JWKS fetch ${uri} failed: HTTP ${r.status}`);
    return r.arrayBuffer();
  },
};

/** Verified Cognito tokens kept (oldest dropped first); a token is one user's for its lifetime. */
const TOKEN_CACHE_SIZE = 10_000;

export class Authenticator {
  private readonly verifier;
  /**
   * token → its verified payload, until the token's own expiry. A hit is only a hit while
   * `exp >= now` (the check aws-jwt-verify makes); past it the entry is dropped and the token goes
   * through the verifier again, which rejects it with the same error as before. Failed verifications
   * are never kept.
   */
  private readonly verified = new Map<string, JwtPayload>();

  constructor(private readonly config: AuthConfig) {
    const clientId = config.cognito.userPoolClientId;
    this.verifier = JwtRsaVerifier.create(
      {
        issuer: config.cognito.issuer,
        jwksUri: config.cognito.jwksUri,
        // id tokens carry the client in `aud`, access tokens in `client_id`: checked below for both.
        audience: null,
        customJwtCheck: ({ payload }: { payload: JwtPayload }) => {
          const use = payload.token_use;
          if (use === 'id') {
            if (payload.aud !== clientId) throw new Error('token was issued to another app client');
          } else if (use === 'access') {
            if (payload.client_id !== clientId) throw new Error('token was issued to another app client');
          } else {
            throw new Error('token_use must be id or access');
          }
        },
      },
      { jwksCache: new SimpleJwksCache({ fetcher: httpFetcher }) },
    );
  }

  /** Pre-load the JWKS so the first request does not pay for it (and fails early if it is unreachable). */
  async warmUp(): Promise<void> {
    await this.verifier.hydrate();
  }

  async authenticate(input: AuthInput): Promise<Authenticated> {
    const authorization = header(input.headers, 'authorization');
    if (!authorization) throw new UnauthorizedError(MISSING_AUTH);
    if (authorization.startsWith('AWS4-HMAC-SHA256 ')) return this.iam(input, authorization);
    return this.cognito(authorization, input.sourceIp);
  }

  async cognito(token: string, sourceIp: string[]): Promise<Authenticated> {
    // HTTP requests must carry the raw token; AppSync answers "Unable to parse JWT token." to `Bearer …`.
    let payload: JwtPayload | undefined = this.verified.get(token);
    if (payload && !(typeof payload.exp === 'number' && payload.exp >= Date.now() / 1000)) {
      this.verified.delete(token);
      payload = undefined;
    }
    if (!payload) payload = await this.verify(token);
    const rawGroups = payload['cognito:groups'];
    const groups = Array.isArray(rawGroups) ? rawGroups.map(String) : [];
    const identity = {
      sub: payload.sub,
      issuer: payload.iss,
      // id tokens carry `cognito:username`, access tokens `username`.
      username: (payload['cognito:username'] ?? payload.username ?? payload.sub) as string,
      claims: payload,
      sourceIp,
      defaultAuthStrategy: 'ALLOW',
      groups: groups.length ? groups : null,
    };
    return { mode: 'AMAZON_COGNITO_USER_POOLS', identity, groups };
  }

  private async verify(token: string): Promise<JwtPayload> {
    let payload: JwtPayload;
    try {
      payload = await this.verifier.verify(token);
    } catch (e) {
      if (e instanceof JwtParseError) throw new UnauthorizedError('Unable to parse JWT token.');
      if (e instanceof JwtExpiredError) throw new UnauthorizedError('Token has expired.');
      throw new UnauthorizedError(MISSING_AUTH);
    }
    // Only tokens with an expiry are kept, so that a hit can always be checked against it.
    if (typeof payload.exp === 'number') {
      if (this.verified.size >= TOKEN_CACHE_SIZE) this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(token, payload);
    }
    return payload;
  }

  async iam(input: AuthInput, authorization: string): Promise<Authenticated> {
    const { iam } = this.config;
    // The stack-wide verifier (local/services/sigv4.ts): the install's key pair, 5-minute clock skew,
    // signature recomputed and compared in constant time.
    let accessKeyId: string;
    try {
      ({ accessKeyId } = await verifySigV4(
        { method: input.method, path: input.path, query: input.query ?? {}, headers: { ...input.headers, authorization }, body: input.body },
        { credentials: { accessKeyId: iam.accessKeyId, secretAccessKey: iam.secretAccessKey }, region: iam.region, service: 'appsync' },
      ));
    } catch (e) {
      if (e instanceof SigV4Error) throw new UnauthorizedError(e.message, awsErrorType(e.failure));
      throw e;
    }
    const accountId = iam.accountId ?? '000000000000';
    const identity = {
      accountId,
      cognitoIdentityPoolId: null,
      cognitoIdentityId: null,
      sourceIp: input.sourceIp,
      username: accessKeyId,
      userArn: `arn:aws:iam::${accountId}:user/local`,
      cognitoIdentityAuthType: null,
      cognitoIdentityAuthProvider: null,
    };
    return { mode: 'AWS_IAM', identity, groups: [] };
  }
}

function header(headers: Record<string, string | undefined>, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === lower && v !== undefined) return v;
  return undefined;
}

// The verifiers behind the auth modes of auth-modes.ts: a Cognito user-pool JWT (aws-jwt-verify, with a
// cache of verified tokens) and an AppSync SigV4 signature (the stack-wide verifier). They answer
// "is this credential valid, and whose is it"; which mode a request is in and the identity resolvers
// get are auth-modes.ts's.
import { JwtRsaVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { JwtExpiredError, JwtParseError } from 'aws-jwt-verify/error';
import type { Fetcher } from 'aws-jwt-verify/https';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import { SigV4Error, awsErrorType, verifySigV4 } from '../services/sigv4.js';
import type { AuthRequest } from './auth-modes.js';
import { loopbackFetch } from '../../lib/node/loopback-fetch.js';

export interface AuthConfig {
  cognito: CognitoConfig;
  iam: IamConfig;
}
export interface CognitoConfig {
  issuer: string;
  jwksUri: string;
  userPoolClientId: string;
}
export interface IamConfig {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  accountId?: string;
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

// aws-jwt-verify's default fetcher only speaks https; the local JWKS is served over http.
const httpFetcher: Fetcher = {
  fetch: async (uri) => {
    const r = await loopbackFetch(uri);
    if (!r.ok) throw new Error(`JWKS fetch ${uri} failed: HTTP ${r.status}`);
    return r.arrayBuffer();
  },
};

/** Verified Cognito tokens kept (oldest dropped first); a token is one user's for its lifetime. */
const TOKEN_CACHE_SIZE = 10_000;

/** Verifies Cognito user-pool tokens (id or access) issued to the app client. */
export class CognitoTokenVerifier {
  private readonly verifier;
  /**
   * token → its verified payload, until the token's own expiry. A hit is only a hit while
   * `exp >= now` (the check aws-jwt-verify makes); past it the entry is dropped and the token goes
   * through the verifier again, which rejects it with the same error as before. Failed verifications
   * are never kept.
   */
  private readonly verified = new Map<string, JwtPayload>();

  constructor(config: CognitoConfig) {
    const clientId = config.userPoolClientId;
    this.verifier = JwtRsaVerifier.create(
      {
        issuer: config.issuer,
        jwksUri: config.jwksUri,
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

  /** The token's verified payload; UnauthorizedError with AppSync's wording otherwise. */
  async verify(token: string): Promise<JwtPayload> {
    const cached = this.verified.get(token);
    if (cached) {
      if (typeof cached.exp === 'number' && cached.exp >= Date.now() / 1000) return cached;
      this.verified.delete(token);
    }
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
}

/**
 * Verifies an AppSync request's SigV4 `authorization` against the install's key pair (the stack-wide
 * verifier, local/services/sigv4.ts: 5-minute clock skew, signature recomputed and compared in constant
 * time); resolves with the signer's access key id.
 */
export async function verifyAppSyncSignature(request: AuthRequest, authorization: string, iam: IamConfig): Promise<string> {
  try {
    const { accessKeyId } = await verifySigV4(
      { method: request.method, path: request.path, query: request.query ?? {}, headers: { ...headerValues(request.headers), authorization }, body: request.body },
      { credentials: { accessKeyId: iam.accessKeyId, secretAccessKey: iam.secretAccessKey }, region: iam.region, service: 'appsync' },
    );
    return accessKeyId;
  } catch (e) {
    if (e instanceof SigV4Error) throw new UnauthorizedError(e.message, awsErrorType(e.failure));
    throw e;
  }
}

/** The string (or repeated-header) values: a real-time header object is JSON and may hold anything. */
function headerValues(headers: AuthRequest['headers']): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(headers)) if (typeof v === 'string' || Array.isArray(v)) out[k] = v as string | string[];
  return out;
}

// AppSync's auth modes in one table. Each entry says which schema directives grant the mode, what
// util.authType() answers for it, whether @aws_cognito_user_pools(cognito_groups) applies to its callers,
// and (for the modes this endpoint serves) how a request's headers become a verified caller and which
// ctx.identity resolvers get. HTTP headers and the real-time endpoint's `header`/`authorization` objects
// have the same form, so one RequestAuthenticator serves POST /graphql, the real-time handshake and
// start messages, and EvaluateCode; field checks (schema.ts) read the directives from here.
// Adding a mode = one entry below (plus its verifier in auth-verifiers.ts and its config in AuthConfig).
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import { type AuthConfig, CognitoTokenVerifier, MISSING_AUTH, UnauthorizedError, verifyAppSyncSignature } from './auth-verifiers.js';

export { type AuthConfig, MISSING_AUTH, UnauthorizedError } from './auth-verifiers.js';

/** What a request looks like to the authenticator (HTTP request, WebSocket connect or start). */
export interface AuthRequest {
  method: string;
  /** Path as signed, e.g. /graphql or /graphql/connect. */
  path: string;
  query?: Record<string, string>;
  /** HTTP headers, or a real-time `header`/`authorization` object: names in any case. */
  headers: Record<string, unknown>;
  body: string;
  sourceIp: string[];
}

/** Where the request arrived: the real-time endpoint also takes `Bearer <token>` (docs: real-time-websocket-client.html). */
export type Transport = 'http' | 'realtime';

/** A verified caller as resolvers see it: ctx.identity, and the groups the directive checks read. */
export interface VerifiedCaller {
  identity: Record<string, unknown>;
  groups: string[];
}

/** A served mode's authenticator: null when the request is not in this mode's form, else its verification. */
interface ModeAuthenticator {
  authenticate(request: AuthRequest, transport: Transport): Promise<VerifiedCaller> | null;
  warmUp?(): Promise<void>;
}

interface AuthModeSpec {
  /** Schema directives that grant this mode (AppSync's api/appsync-tooling.graphql). */
  directives: readonly string[];
  /** util.authType()'s answer for callers in this mode. */
  authType: string;
  /** @aws_cognito_user_pools(cognito_groups: [...]) restricts callers of this mode to those groups. */
  cognitoGroups: boolean;
  /** How this endpoint authenticates the mode; absent = not served locally (its directives still gate fields). */
  serve?: (config: AuthConfig) => ModeAuthenticator;
}

const SIGV4 = 'AWS4-HMAC-SHA256 ';

/**
 * Dispatch order is the table's order: the first served mode that recognises a request's form
 * verifies it (the forms below are disjoint: a SigV4 Authorization header, or any other value).
 */
export const AUTH_MODES = {
  AMAZON_COGNITO_USER_POOLS: {
    directives: ['aws_cognito_user_pools', 'aws_auth'],
    authType: 'User Pool Authorization',
    cognitoGroups: true,
    serve: (config) => {
      const verifier = new CognitoTokenVerifier(config.cognito);
      return {
        authenticate: (request, transport) => {
          const authorization = authorizationOf(request.headers);
          if (!authorization || authorization.startsWith(SIGV4)) return null;
          // HTTP requests must carry the raw token: AppSync answers "Unable to parse JWT token." to `Bearer …`.
          const token = transport === 'realtime' ? authorization.replace(/^Bearer /, '') : authorization;
          return verifier.verify(token).then((payload) => userPoolCaller(payload, request.sourceIp));
        },
        warmUp: () => verifier.warmUp(),
      };
    },
  },
  AWS_IAM: {
    directives: ['aws_iam'],
    authType: 'IAM Authorization',
    cognitoGroups: false,
    serve: (config) => ({
      authenticate: (request) => {
        const authorization = authorizationOf(request.headers);
        if (!authorization?.startsWith(SIGV4)) return null;
        return verifyAppSyncSignature(request, authorization, config.iam).then((accessKeyId) =>
          iamCaller(accessKeyId, config.iam.accountId ?? '000000000000', request.sourceIp),
        );
      },
    }),
  },
  API_KEY: { directives: ['aws_api_key'], authType: 'API Key Authorization', cognitoGroups: false },
  OPENID_CONNECT: { directives: ['aws_oidc'], authType: 'Open ID Connect Authorization', cognitoGroups: false },
  AWS_LAMBDA: { directives: ['aws_lambda'], authType: 'Lambda Authorization', cognitoGroups: false },
} satisfies Record<string, AuthModeSpec>;

export type AuthMode = keyof typeof AUTH_MODES;

/** A request authenticated in `mode`. */
export interface Authenticated extends VerifiedCaller {
  mode: AuthMode;
}

/** ctx.identity for a user-pool caller (AppSync's AppSyncIdentityCognito). */
function userPoolCaller(payload: JwtPayload, sourceIp: string[]): VerifiedCaller {
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
  return { identity, groups };
}

/** ctx.identity for a SigV4 caller (AppSync's AppSyncIdentityIAM), signed with the install's key. */
function iamCaller(accessKeyId: string, accountId: string, sourceIp: string[]): VerifiedCaller {
  const identity = {
    accountId,
    cognitoIdentityPoolId: null,
    cognitoIdentityId: null,
    sourceIp,
    username: accessKeyId,
    userArn: `arn:aws:iam::${accountId}:user/local`,
    cognitoIdentityAuthType: null,
    cognitoIdentityAuthProvider: null,
  };
  return { identity, groups: [] };
}

/** The Authorization value, header name in any case; a non-string (a malformed real-time object) is none. */
function authorizationOf(headers: Record<string, unknown>): string | undefined {
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === 'authorization' && typeof v === 'string') return v;
  return undefined;
}

const MODE_OF_DIRECTIVE = new Map<string, AuthMode>(
  Object.entries(AUTH_MODES).flatMap(([mode, spec]) => spec.directives.map((d) => [d, mode as AuthMode] as const)),
);

/** The auth mode a schema directive grants (@aws_iam → AWS_IAM), or undefined for other directives. */
export function modeOfDirective(directive: string): AuthMode | undefined {
  return MODE_OF_DIRECTIVE.get(directive);
}

/** No served mode recognised the request's credentials (none sent, or in a form no served mode takes). */
export class MissingCredentialsError extends UnauthorizedError {
  constructor() {
    super(MISSING_AUTH, 'MissingAuthenticationTokenException');
  }
}

/** Authenticates a request in whichever served mode its headers are in. */
export class RequestAuthenticator {
  private readonly served: [AuthMode, ModeAuthenticator][] = [];

  constructor(config: AuthConfig) {
    for (const [mode, spec] of Object.entries(AUTH_MODES) as [AuthMode, AuthModeSpec][]) {
      if (spec.serve) this.served.push([mode, spec.serve(config)]);
    }
  }

  /** Pre-load what verifiers fetch (the user pool's JWKS), so the first request does not pay for it. */
  async warmUp(): Promise<void> {
    await Promise.all(this.served.map(([, m]) => m.warmUp?.()));
  }

  /**
   * The caller of `request`, or UnauthorizedError (MissingCredentialsError when no served mode, or none
   * of `modes` if given, recognises its credentials).
   */
  async authenticate(request: AuthRequest, transport: Transport, modes?: readonly AuthMode[]): Promise<Authenticated> {
    for (const [mode, served] of this.served) {
      if (modes && !modes.includes(mode)) continue;
      const verification = served.authenticate(request, transport);
      if (verification) return { mode, ...(await verification) };
    }
    throw new MissingCredentialsError();
  }
}

// Cognito-compatible endpoint: cognito-local (npm) in a worker thread, behind a small in-process
// front that (1) maps aws-amplify v6's GetTokensFromRefreshToken onto REFRESH_TOKEN_AUTH, which
// cognito-local lacks, (2) enforces the pool's password policy (cognito-local stores it but never
// checks it), (3) answers a wrong password with NotAuthorizedException as AWS does, (4) reports a
// failing PostConfirmation trigger as AWS does, (5) marks the email verified on confirmation, and
// (6) requires SigV4 with the install's key on every IAM-authorized (admin) action, as AWS does;
// cognito-local checks no signature at all; (7) verifies every AccessToken a user action carries
// (cognito-local only decodes it, so a forged token passed), (8) only lets RespondToAuthChallenge
// continue a challenge it issued (cognito-local accepts any Session: a NEW_PASSWORD_REQUIRED or TOTP
// answer without the password), (9) answers GlobalSignOut (missing upstream) by revoking the user's
// refresh and access tokens, (10) answers as an app client with PreventUserExistenceErrors (as infra/
// deploys it) and with AWS's exception names for TOTP. cognito-local itself only answers the front (see
// cognito-worker.mjs, which also adds ResendConfirmationCode) and signs tokens with the install's key.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { LambdaService } from './lambda.js';
import type { StackLog } from './log.js';
import { guardRequest } from './origin-guard.js';
import { listenLoopback } from './ports.js';
import { privateDir, writePrivateFile } from './files.js';
import type { CognitoSigningKey, IamCredentials } from './secrets.js';
import { awsErrorType, SigV4Error, verifyIncoming } from './sigv4.js';
import { loopbackFetch, type LoopbackResponse } from '../../lib/node/loopback-fetch.js';

export const USER_POOL_NAME = 'sivera-users';
export const USER_POOL_CLIENT_NAME = 'sivera-web';
/** The seed's password policy (also what infra/ deploys). */
export const PASSWORD_POLICY = {
  MinimumLength: 8,
  RequireUppercase: true,
  RequireLowercase: true,
  RequireNumbers: true,
  RequireSymbols: false,
  TemporaryPasswordValidityDays: 7,
} as const;
/** The fixed confirmation code of the local pool (every sign-up, forgot-password and attribute code). */
export const DEFAULT_CONFIRMATION_CODE = '123456';
/** AWS's default AuthSessionValidity: a challenge must be answered within 3 minutes. */
export const AUTH_SESSION_VALIDITY_MS = 3 * 60_000;
/** Global sign-outs (user sub → epoch second), kept beside cognito-local's store. */
const SIGNED_OUT_FILE = 'signed-out.json';
/** Access tokens revoked by RevokeToken of the refresh token they came from (jti → exp), until they expire. */
const REVOKED_TOKENS_FILE = 'revoked-tokens.json';
/** Refresh tokens whose access tokens are tracked (oldest dropped first): a dev stack's sessions. */
const TRACKED_REFRESH_TOKENS = 10_000;

export interface CognitoService {
  /** Public endpoint (the front): pass it as the SDK endpoint / Amplify `userPoolEndpoint`. */
  endpoint: string;
  port: number;
  userPoolId: string;
  userPoolClientId: string;
  issuer: string;
  jwksUri: string;
  confirmationCode: string;
  stop(): Promise<void>;
}

export interface PostConfirmationWatcher {
  /** Called by the front around ConfirmSignUp; resolves with the trigger's error message, if it failed. */
  watch(email: string): { failure(): string | undefined; done(): void };
}

/** Watches a Lambda service's invocations of the PostConfirmation function, keyed by the confirmed email. */
export function postConfirmationWatcher(lambda: Pick<LambdaService, 'onInvocation'>, functionName: string): PostConfirmationWatcher {
  const watchers = new Map<string, { error?: string }>();
  lambda.onInvocation((name, event, error) => {
    if (name !== functionName || !error) return;
    const email = (event as { request?: { userAttributes?: { email?: string } } })?.request?.userAttributes?.email?.toLowerCase();
    const w = email ? watchers.get(email) : undefined;
    if (w) w.error = error.errorMessage;
  });
  return {
    watch(email) {
      const key = email.toLowerCase();
      const w: { error?: string } = {};
      watchers.set(key, w);
      return { failure: () => w.error, done: () => void (watchers.get(key) === w && watchers.delete(key)) };
    },
  };
}

export class CorruptCognitoStateError extends Error {
  constructor(dir: string, detail: string) {
    super(
      `The local Cognito state under ${dir} could not be loaded (${detail}). Delete that directory ` +
        `(local users are lost) or the whole .local/ directory to start from scratch.`,
    );
    this.name = 'CorruptCognitoStateError';
  }
}

/** Parses every JSON file of cognito-local's state; throws CorruptCognitoStateError naming the first bad one. */
export function checkCognitoState(dir: string): void {
  const stateDir = join(dir, '.cognito');
  const files = [join(stateDir, 'config.json'), join(stateDir, SIGNED_OUT_FILE), join(stateDir, REVOKED_TOKENS_FILE), ...(existsSync(join(stateDir, 'db')) ? readdirSync(join(stateDir, 'db')).filter((f) => f.endsWith('.json')).map((f) => join(stateDir, 'db', f)) : [])];
  for (const f of files) {
    if (!existsSync(f)) continue;
    try {
      JSON.parse(readFileSync(f, 'utf8'));
    } catch (e) {
      throw new CorruptCognitoStateError(dir, `${f.slice(stateDir.length + 1)}: ${(e as Error).message}`);
    }
  }
}

export function checkPassword(password: unknown): string | undefined {
  if (typeof password !== 'string') return undefined; // the missing-parameter error is cognito-local's
  if (password.length < PASSWORD_POLICY.MinimumLength) return 'Password did not conform with policy: Password not long enough';
  if (PASSWORD_POLICY.RequireUppercase && !/[A-Z]/.test(password)) return 'Password did not conform with policy: Password must have uppercase characters';
  if (PASSWORD_POLICY.RequireLowercase && !/[a-z]/.test(password)) return 'Password did not conform with policy: Password must have lowercase characters';
  if (PASSWORD_POLICY.RequireNumbers && !/[0-9]/.test(password)) return 'Password did not conform with policy: Password must have numeric characters';
  return undefined;
}

/**
 * The actions AWS serves without SigV4 (a user's own token, or nothing, authorizes them). Every other
 * action (ListUsers, AdminSetUserPassword, every Admin*, pool and client management) needs SigV4.
 */
export const PUBLIC_ACTIONS: ReadonlySet<string> = new Set([
  'AssociateSoftwareToken',
  'ChangePassword',
  'CompleteWebAuthnRegistration',
  'ConfirmDevice',
  'ConfirmForgotPassword',
  'ConfirmSignUp',
  'DeleteUser',
  'DeleteUserAttributes',
  'DeleteWebAuthnCredential',
  'ForgetDevice',
  'ForgotPassword',
  'GetDevice',
  'GetTokensFromRefreshToken',
  'GetUser',
  'GetUserAttributeVerificationCode',
  'GetUserAuthFactors',
  'GlobalSignOut',
  'InitiateAuth',
  'ListDevices',
  'ListWebAuthnCredentials',
  'ResendConfirmationCode',
  'RespondToAuthChallenge',
  'RevokeToken',
  'SetUserMFAPreference',
  'SetUserSettings',
  'SignUp',
  'StartWebAuthnRegistration',
  'UpdateDeviceStatus',
  'UpdateUserAttributes',
  'VerifySoftwareToken',
  'VerifyUserAttribute',
]);

/** Which request field carries a new password, per operation. */
const PASSWORD_FIELDS: Record<string, (b: Record<string, unknown>) => unknown> = {
  SignUp: (b) => b.Password,
  ChangePassword: (b) => b.ProposedPassword,
  ConfirmForgotPassword: (b) => b.Password,
  AdminSetUserPassword: (b) => b.Password,
  AdminCreateUser: (b) => b.TemporaryPassword,
  RespondToAuthChallenge: (b) => (b.ChallengeResponses as Record<string, unknown> | undefined)?.NEW_PASSWORD,
};

/** AWS masks the address a code went to: d***@e***. */
export function maskDestination(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}***@${domain.slice(0, 1)}***`;
}

const notAuthorized = (message: string) => ({ __type: 'NotAuthorizedException', message });

function jwtClaims(token: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function jwtLifetime(token: unknown): number | undefined {
  if (typeof token !== 'string') return undefined;
  try {
    const p = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: number; iat?: number };
    return p.exp && p.iat ? p.exp - p.iat : undefined;
  } catch {
    return undefined;
  }
}

export async function startCognito(opts: {
  /** State directory (holds .cognito/); persistent for npm start, a temp dir for tests. */
  dir: string;
  region: string;
  /** The install's IAM key pair: admin actions must be signed with it; the PostConfirmation trigger call is. */
  credentials: IamCredentials;
  /** The install's token-signing key pair (served as the pool's JWKS). */
  signingKey: CognitoSigningKey;
  lambdaEndpoint: string;
  postConfirmationFunction: string;
  postConfirmation?: PostConfirmationWatcher;
  port?: number;
  envVar?: string;
  confirmationCode?: string;
  log: StackLog;
  /**
   * Holds a sign-in (InitiateAuth of `username`) until the promise it returns settles: the stack holds the
   * demo users' sign-ins while their demo data is still being seeded, so nobody sees them half made.
   */
  holdSignIn?: (username: string, req: IncomingMessage) => Promise<unknown> | undefined;
}): Promise<CognitoService> {
  const code = opts.confirmationCode ?? DEFAULT_CONFIRMATION_CODE;
  const stateDir = join(opts.dir, '.cognito');
  privateDir(opts.dir);
  privateDir(stateDir);
  privateDir(join(stateDir, 'db'));
  // Only the front may talk to cognito-local: a fresh shared secret per start (see cognito-worker.mjs).
  const internalToken = randomBytes(32).toString('hex');

  // Front first: its URL is the token issuer, and it must be known before cognito-local starts.
  let upstream = '';
  const front: Server = createServer((req, res) => void handle(req, res));
  const listener = await listenLoopback(front, opts.port ?? 0, 'Cognito', opts.envVar);
  const bound = listener.port;
  const endpoint = `http://127.0.0.1:${bound}`;

  const configFile = join(stateDir, 'config.json');
  try {
    checkCognitoState(opts.dir);
  } catch (e) {
    await listener.close();
    throw e;
  }
  // user sub → the epoch second of their last GlobalSignOut: access tokens issued up to it are revoked.
  const signedOutFile = join(stateDir, SIGNED_OUT_FILE);
  const signedOut = new Map<string, number>(
    existsSync(signedOutFile) ? Object.entries(JSON.parse(readFileSync(signedOutFile, 'utf8')) as Record<string, number>) : [],
  );
  let lastSignOutMs = 0;
  // RevokeToken revokes the refresh token and, in AWS, every access token issued with it (origin_jti);
  // cognito-local's tokens carry no origin_jti, so the front remembers which access tokens it handed out
  // with which refresh token.
  const revokedFile = join(stateDir, REVOKED_TOKENS_FILE);
  const revoked = new Map<string, number>(
    existsSync(revokedFile) ? Object.entries(JSON.parse(readFileSync(revokedFile, 'utf8')) as Record<string, number>) : [],
  );
  const issuedWith = new Map<string, { jti: string; exp: number }[]>();
  const track = (refreshToken: unknown, accessToken: unknown): void => {
    if (typeof refreshToken !== 'string' || typeof accessToken !== 'string') return;
    const claims = jwtClaims(accessToken);
    if (typeof claims?.jti !== 'string' || typeof claims.exp !== 'number') return;
    const list = issuedWith.get(refreshToken) ?? [];
    issuedWith.delete(refreshToken); // re-inserted last: the Map's order is least recently used first
    issuedWith.set(refreshToken, [...list, { jti: claims.jti, exp: claims.exp }].slice(-100));
    if (issuedWith.size > TRACKED_REFRESH_TOKENS) issuedWith.delete(issuedWith.keys().next().value!);
  };
  /** Challenges this front issued: Session → who may answer which challenge, until when. */
  const sessions = new Map<string, { challenge: string; clientId: unknown; usernames: string[]; expires: number }>();
  writePrivateFile(
    configFile,
    JSON.stringify(
      {
        // cognito-local invokes the PostConfirmation trigger through the Lambda endpoint, which verifies SigV4.
        LambdaClient: { endpoint: opts.lambdaEndpoint, region: opts.region, credentials: { ...opts.credentials } },
        TriggerFunctions: { PostConfirmation: opts.postConfirmationFunction },
        UserPoolDefaults: { UsernameAttributes: ['email'] },
        TokenConfig: { IssuerDomain: endpoint },
        ServerConfig: { port: 0, hostname: '127.0.0.1', https: false },
      },
      null,
      2,
    ),
  );

  // cognito-local runs in a worker thread (see cognito-worker.mjs); its own stdout/stderr come here.
  const worker = new Worker(fileURLToPath(new URL('./cognito-worker.mjs', import.meta.url)), {
    workerData: { dir: opts.dir, signingKey: opts.signingKey, internalToken },
    // CODE: cognito-local's fixed confirmation code. The thread gets its own copy of the environment.
    env: { ...process.env, CODE: code, AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1' },
    // An idle dev service: a small young generation keeps what loading the AWS SDK v2 left behind small.
    resourceLimits: { maxYoungGenerationSizeMb: 2 },
    stdout: true,
    stderr: true,
  });
  let output = '';
  const onOutput = (b: Buffer) => {
    const s = b.toString('utf8');
    if (output.length < 20_000) output += s;
    for (const line of s.split('\n').filter(Boolean)) {
      let text = line;
      try {
        const j = JSON.parse(line) as { msg?: string; level?: number; err?: { message?: string } };
        text = `${j.level && j.level >= 50 ? 'ERROR ' : ''}${j.msg ?? ''}${j.err?.message ? ` ${j.err.message}` : ''}`;
      } catch {
        /* not JSON: keep the raw line */
      }
      opts.log.write('cognito', text);
    }
  };
  worker.stdout.on('data', onOutput);
  worker.stderr.on('data', onOutput);
  let running = true;
  const exited = new Promise<number>((r) => worker.once('exit', (c) => ((running = false), r(c))));
  // An uncaught error in the thread ends it; it is reported (below, or in the log), never rethrown here.
  worker.on('error', (e) => onOutput(Buffer.from(`${e.stack ?? e.message}\n`)));

  const stopAll = async () => {
    await listener.close();
    if (running) {
      worker.postMessage('stop');
      const t = setTimeout(() => void worker.terminate(), 2000);
      await exited;
      clearTimeout(t);
    }
  };

  try {
    const internalPort = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`cognito-local did not start within 30 s:\n${output}`)), 30_000);
      worker.once('message', (m: { port?: number }) => {
        clearTimeout(timer);
        resolve(m.port ?? 0);
      });
      void exited.then((c) => {
        clearTimeout(timer);
        if (/SyntaxError|JSON/i.test(output)) reject(new CorruptCognitoStateError(opts.dir, output.trim().split('\n')[0] ?? ''));
        else reject(new Error(`cognito-local exited with code ${c} before it was ready:\n${output.trim()}`));
      });
    });
    upstream = `http://127.0.0.1:${internalPort}`;
  } catch (e) {
    await stopAll();
    throw e;
  }

  const call = async <T>(target: string, body: unknown): Promise<T> => {
    const r = await loopbackFetch(upstream, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${target}`, 'x-sivera-internal': internalToken },
      body: JSON.stringify(body),
    });
    const text = await r.text();
    if (!r.ok) throw new Error(`cognito-local ${target} failed (${r.status}): ${text}`);
    return JSON.parse(text) as T;
  };

  let userPoolId: string;
  let userPoolClientId: string;
  try {
    // The pool and client survive restarts with the state directory: look them up before creating.
    const pools = await call<{ UserPools?: { Id: string; Name: string }[] }>('ListUserPools', { MaxResults: 60 });
    let pool = pools.UserPools?.find((p) => p.Name === USER_POOL_NAME);
    if (!pool) {
      const created = await call<{ UserPool: { Id: string; Name: string } }>('CreateUserPool', {
        PoolName: USER_POOL_NAME,
        UsernameAttributes: ['email'],
        AutoVerifiedAttributes: ['email'],
        Policies: { PasswordPolicy: PASSWORD_POLICY },
        Schema: [{ Name: 'name', AttributeDataType: 'String', Mutable: true, Required: false }],
        LambdaConfig: { PostConfirmation: `arn:aws:lambda:${opts.region}:000000000000:function:${opts.postConfirmationFunction}` },
      });
      pool = created.UserPool;
    }
    userPoolId = pool.Id;
    const clients = await call<{ UserPoolClients?: { ClientId: string; ClientName: string }[] }>('ListUserPoolClients', {
      UserPoolId: userPoolId,
      MaxResults: 60,
    });
    let client = clients.UserPoolClients?.find((c) => c.ClientName === USER_POOL_CLIENT_NAME);
    if (!client) {
      const created = await call<{ UserPoolClient: { ClientId: string; ClientName: string } }>('CreateUserPoolClient', {
        UserPoolId: userPoolId,
        ClientName: USER_POOL_CLIENT_NAME,
        GenerateSecret: false,
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      });
      client = created.UserPoolClient;
    }
    userPoolClientId = client.ClientId;
    // The deployed pool's MFA setting (infra/constructs/auth.ts: optional, TOTP only), also on older state.
    await call('SetUserPoolMfaConfig', { UserPoolId: userPoolId, MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } });
  } catch (e) {
    await stopAll();
    throw e;
  }

  // Loaded here, once the pool is up, rather than before `npm start` can spawn DynamoDB Local.
  const [{ JwtRsaVerifier }, { JwtExpiredError }] = await Promise.all([import('aws-jwt-verify'), import('aws-jwt-verify/error')]);
  const verifier = JwtRsaVerifier.create({
    issuer: `${endpoint}/${userPoolId}`,
    jwksUri: `${endpoint}/${userPoolId}/.well-known/jwks.json`,
    audience: null,
    customJwtCheck: ({ payload }) => {
      if (payload.token_use !== 'access' || payload.client_id !== userPoolClientId) throw new Error('not an access token of this app client');
    },
  });
  // The key is the install's own: no need to fetch it from ourselves.
  verifier.cacheJwks({ keys: [opts.signingKey.publicJwk] });
  const verifyAccessToken = (token: string): Promise<{ sub?: unknown; iat?: unknown; jti?: unknown }> => verifier.verify(token);

  /** AWS's refusal of an AccessToken, or undefined when it is valid, of this client and not revoked. */
  async function accessTokenRefusal(token: string): Promise<string | undefined> {
    let claims: { sub?: unknown; iat?: unknown; jti?: unknown };
    try {
      claims = await verifyAccessToken(token);
    } catch (e) {
      return e instanceof JwtExpiredError ? 'Access Token has expired' : 'Invalid Access Token';
    }
    const out = signedOut.get(String(claims.sub));
    if (out !== undefined && Number(claims.iat) <= out) return 'Access Token has been revoked';
    return revoked.has(String(claims.jti)) ? 'Access Token has been revoked' : undefined;
  }

  /** RespondToAuthChallenge may only answer a challenge this endpoint issued, by its user, in time. */
  function sessionRefusal(json: Record<string, unknown>): string | undefined {
    const session = typeof json.Session === 'string' ? sessions.get(json.Session) : undefined;
    const username = (json.ChallengeResponses as Record<string, unknown> | undefined)?.USERNAME;
    if (!session || session.challenge !== json.ChallengeName || session.clientId !== json.ClientId) return 'Invalid session for the user.';
    if (typeof username !== 'string' || !session.usernames.includes(username.toLowerCase())) return 'Invalid session for the user.';
    if (session.expires <= Date.now()) {
      sessions.delete(json.Session as string);
      return 'Invalid session for the user, session is expired.';
    }
    return undefined;
  }

  function recordChallenge(out: { ChallengeName?: string; Session?: string; ChallengeParameters?: Record<string, string> }, json: Record<string, unknown>): void {
    if (!out.ChallengeName || !out.Session) return;
    const now = Date.now();
    for (const [k, v] of sessions) if (v.expires <= now) sessions.delete(k);
    const asked = (json.AuthParameters as Record<string, unknown> | undefined)?.USERNAME ?? (json.ChallengeResponses as Record<string, unknown> | undefined)?.USERNAME;
    const usernames = [asked, out.ChallengeParameters?.USER_ID_FOR_SRP].filter((u): u is string => typeof u === 'string').map((u) => u.toLowerCase());
    sessions.set(out.Session, { challenge: out.ChallengeName, clientId: json.ClientId, usernames, expires: now + AUTH_SESSION_VALIDITY_MS });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Allowed origins get their own Origin echoed by the guard; cognito-local's `*` is dropped below.
    if (guardRequest(req, res)) return;
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    let body: string | undefined = chunks.length ? raw.toString('utf8') : undefined;
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (typeof v === 'string' && !['host', 'content-length', 'connection', 'accept-encoding', 'origin', 'x-sivera-demo-seed'].includes(k)) headers[k] = v;
    }
    const reply = (status: number, payload: unknown, extra: Record<string, string> = {}) => {
      res
        .writeHead(status, { 'content-type': 'application/x-amz-json-1.1', ...extra })
        .end(typeof payload === 'string' ? payload : JSON.stringify(payload));
    };
    try {
      let target = (headers['x-amz-target'] ?? '').split('.')[1] ?? '';
      // IAM-authorized actions: verified before anything reaches cognito-local. Other routes (JWKS,
      // OpenID configuration, health, OAuth2) are public in AWS too.
      if (req.method === 'POST' && target && !PUBLIC_ACTIONS.has(target)) {
        try {
          await verifyIncoming(req, raw, { credentials: opts.credentials, region: opts.region, service: 'cognito-idp' });
        } catch (e) {
          if (!(e instanceof SigV4Error)) throw e;
          opts.log.write('cognito', `${target} refused: ${awsErrorType(e.failure)}`);
          reply(400, { __type: awsErrorType(e.failure), message: e.message });
          return;
        }
      }
      let json: Record<string, unknown> = {};
      if (req.method === 'POST' && target && body) {
        try {
          json = JSON.parse(body) as Record<string, unknown>;
        } catch {
          reply(400, { __type: 'SerializationException', message: 'Request body is not valid JSON' });
          return;
        }
      }
      if (target === 'GetTokensFromRefreshToken') {
        // aws-amplify v6 refreshes with this newer API; same result shape as InitiateAuth.
        json = { AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: json.ClientId, AuthParameters: { REFRESH_TOKEN: json.RefreshToken }, ClientMetadata: json.ClientMetadata };
        body = JSON.stringify(json);
        target = 'InitiateAuth';
        headers['x-amz-target'] = 'AWSCognitoIdentityProviderService.InitiateAuth';
        opts.log.write('cognito', 'GetTokensFromRefreshToken served as InitiateAuth REFRESH_TOKEN_AUTH');
      }
      if (req.method === 'POST' && PUBLIC_ACTIONS.has(target) && typeof json.AccessToken === 'string') {
        const refusal = await accessTokenRefusal(json.AccessToken);
        if (refusal) {
          reply(400, notAuthorized(refusal));
          return;
        }
      }
      if (target === 'RespondToAuthChallenge') {
        const refusal = sessionRefusal(json);
        if (refusal) {
          reply(400, notAuthorized(refusal));
          return;
        }
      }
      if (target === 'InitiateAuth' || target === 'RespondToAuthChallenge') {
        // Revocation compares whole-second iat claims: tokens issued in the second of a global sign-out
        // must all predate it, so new ones wait for the next second (at most 1 s, right after one).
        const wait = (Math.floor(lastSignOutMs / 1000) + 1) * 1000 - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
      const passwordOf = PASSWORD_FIELDS[target];
      const policyError = passwordOf ? checkPassword(passwordOf(json)) : undefined;
      if (policyError) {
        reply(400, { __type: 'InvalidPasswordException', message: policyError });
        return;
      }
      if (opts.holdSignIn && (target === 'InitiateAuth' || target === 'AdminInitiateAuth')) {
        const username = (json.AuthParameters as Record<string, unknown> | undefined)?.USERNAME;
        const hold = typeof username === 'string' ? opts.holdSignIn(username, req) : undefined;
        if (hold) await hold.catch(() => undefined);
      }
      const watch = target === 'ConfirmSignUp' && typeof json.Username === 'string' ? opts.postConfirmation?.watch(json.Username) : undefined;
      let r: LoopbackResponse;
      try {
        r = await loopbackFetch(upstream + (req.url ?? '/'), {
          method: req.method,
          headers: { ...headers, 'x-sivera-internal': internalToken },
          body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body,
        });
      } finally {
        watch?.done();
      }
      let text = await r.text();
      let status = r.status;
      if (r.ok && (target === 'InitiateAuth' || target === 'AdminInitiateAuth' || target === 'RespondToAuthChallenge')) {
        const out = JSON.parse(text) as { AuthenticationResult?: Record<string, unknown>; ChallengeName?: string; Session?: string };
        if (target === 'RespondToAuthChallenge') sessions.delete(String(json.Session)); // a session is used once
        recordChallenge(out, json);
        if (out.AuthenticationResult) {
          const refresh = (json.AuthParameters as Record<string, unknown> | undefined)?.REFRESH_TOKEN;
          track(out.AuthenticationResult.RefreshToken ?? refresh, out.AuthenticationResult.AccessToken);
          // cognito-local omits these; clients (and Amplify) use them to schedule refreshes.
          out.AuthenticationResult.TokenType = 'Bearer';
          out.AuthenticationResult.ExpiresIn = jwtLifetime(out.AuthenticationResult.AccessToken) ?? 3600;
          text = JSON.stringify(out);
        }
      }
      if (!r.ok && (target === 'InitiateAuth' || target === 'AdminInitiateAuth')) {
        const err = JSON.parse(text) as { __type?: string };
        const refresh = (json.AuthFlow === 'REFRESH_TOKEN_AUTH' || json.AuthFlow === 'REFRESH_TOKEN');
        if (err.__type === 'InvalidPasswordException' || err.__type === 'NotAuthorizedException' || err.__type === 'UserNotFoundException') {
          // An unknown user and a wrong password look the same (PreventUserExistenceErrors); a refresh
          // token unknown upstream was revoked (sign-out) or never issued.
          text = JSON.stringify(notAuthorized(refresh ? 'Invalid Refresh Token' : 'Incorrect username or password.'));
        }
      }
      if (!r.ok) {
        const err = JSON.parse(text) as { __type?: string };
        if (target === 'VerifySoftwareToken' && err.__type === 'CodeMismatchException') {
          text = JSON.stringify({ __type: 'EnableSoftwareTokenMFAException', message: 'Code mismatch and fail enable Software Token MFA' });
        } else if (target === 'RespondToAuthChallenge' && err.__type === 'CodeMismatchException') {
          text = JSON.stringify({ __type: 'CodeMismatchException', message: 'Invalid code received for user' });
        } else if (err.__type === 'UserNotFoundException' && (target === 'ForgotPassword' || target === 'ResendConfirmationCode')) {
          // PreventUserExistenceErrors: a code "sent" to a simulated destination.
          status = 200;
          text = JSON.stringify({ CodeDeliveryDetails: { AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: maskDestination(String(json.Username)) } });
        } else if (err.__type === 'UserNotFoundException' && (target === 'ConfirmSignUp' || target === 'ConfirmForgotPassword')) {
          status = 400;
          text = JSON.stringify({ __type: 'CodeMismatchException', message: 'Invalid verification code provided, please try again.' });
        }
      }
      if (r.ok && (target === 'SignUp' || target === 'ForgotPassword' || target === 'ResendConfirmationCode')) {
        const out = JSON.parse(text) as { CodeDeliveryDetails?: { Destination?: string } };
        if (out.CodeDeliveryDetails?.Destination) {
          out.CodeDeliveryDetails.Destination = maskDestination(out.CodeDeliveryDetails.Destination);
          text = JSON.stringify(out);
        }
      }
      if (r.ok && target === 'RevokeToken' && typeof json.Token === 'string') {
        const now = Date.now() / 1000;
        for (const [jti, exp] of revoked) if (exp < now) revoked.delete(jti);
        for (const t of issuedWith.get(json.Token) ?? []) if (t.exp >= now) revoked.set(t.jti, t.exp);
        issuedWith.delete(json.Token);
        writePrivateFile(revokedFile, JSON.stringify(Object.fromEntries(revoked)));
      }
      if (r.ok && target === 'GlobalSignOut') {
        // cognito-local dropped the refresh tokens; the access tokens issued so far are revoked here.
        const claims = await verifyAccessToken(String(json.AccessToken));
        lastSignOutMs = Date.now();
        const now = Math.floor(lastSignOutMs / 1000);
        // A record outlives every token it revokes by at most their lifetime (cognito-local's default: 24 h).
        for (const [sub, at] of signedOut) if (at < now - 24 * 3600) signedOut.delete(sub);
        signedOut.set(String(claims.sub), now);
        writePrivateFile(signedOutFile, JSON.stringify(Object.fromEntries(signedOut)));
      }
      if (r.ok && target === 'ConfirmSignUp') {
        // Confirming with the emailed code verifies the email in Cognito (cognito-local does not record it).
        const users = await call<{ Users?: { Username: string }[] }>('ListUsers', {
          UserPoolId: userPoolId,
          Filter: `email = "${String(json.Username).replace(/"/g, '')}"`,
        });
        const u = users.Users?.[0];
        const email = u && (u as { Attributes?: { Name: string; Value: string }[] }).Attributes?.find((a) => a.Name === 'email')?.Value;
        if (u && email) {
          // Not fatal: the user is confirmed either way (an error here would make SDKs retry the confirmation).
          await call('AdminUpdateUserAttributes', {
            UserPoolId: userPoolId,
            Username: u.Username,
            UserAttributes: [{ Name: 'email', Value: email }, { Name: 'email_verified', Value: 'true' }],
          }).catch((e: Error) => opts.log.write('cognito', `could not mark ${email} verified: ${e.message}`));
        }
        const failure = watch?.failure();
        if (failure !== undefined) {
          // AWS confirms the user but reports the trigger's failure to the caller.
          status = 400;
          text = JSON.stringify({ __type: 'UserLambdaValidationException', message: `PostConfirmation failed with error ${failure}.` });
        }
      }
      const out: Record<string, string> = {};
      r.headers.forEach((v, k) => {
        if (!['content-length', 'transfer-encoding', 'connection', 'content-encoding', 'keep-alive', 'vary'].includes(k) && !k.startsWith('access-control-')) out[k] = v;
      });
      res.writeHead(status, out).end(text);
    } catch (e) {
      opts.log.write('cognito', `front error: ${(e as Error).stack ?? String(e)}`);
      reply(500, { __type: 'InternalErrorException', message: (e as Error).message });
    }
  }

  const issuer = `${endpoint}/${userPoolId}`;
  return {
    endpoint,
    port: bound,
    userPoolId,
    userPoolClientId,
    issuer,
    jwksUri: `${issuer}/.well-known/jwks.json`,
    confirmationCode: code,
    stop: stopAll,
  };
}

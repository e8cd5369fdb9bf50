// Runs cognito-local in its own process (it loads the AWS SDK v2 and keeps its state relative to the
// working directory, so it cannot share the stack's process). Reports the bound port over IPC.
//
// The parent first sends { signingKey, internalToken } over IPC:
// - signingKey: the install's RSA key pair. cognito-local signs tokens with, and serves as its JWKS, a
//   key pair shipped inside the npm package (private half included), so anyone could forge a token for
//   any user. Its two key modules are replaced in the require cache before cognito-local loads them.
// - internalToken: this process answers only requests carrying it. The front (cognito.ts) is the
//   pool's public endpoint and checks SigV4 on admin actions; without the token anyone on the machine
//   could skip the front and call admin actions on this port directly.
import { createServer } from 'node:http';
import Module, { createRequire } from 'node:module';
import { timingSafeEqual } from 'node:crypto';
import { dirname, join } from 'node:path';

// The store holds clear-text passwords and refresh tokens: whatever this process creates is owner-only.
process.umask(0o077);

const require = createRequire(import.meta.url);
const cognitoDir = dirname(require.resolve('cognito-local/package.json'));

/** @type {{ signingKey: { privateKeyPem: string, publicJwk: Record<string, string> }, internalToken: string }} */
const setup = await new Promise((resolve) => process.once('message', resolve));

const preload = (file, exports) => {
  const m = new Module(file);
  m.filename = file;
  m.loaded = true;
  m.exports = exports;
  require.cache[file] = m;
};
preload(join(cognitoDir, 'lib', 'keys', 'cognitoLocal.private.json'), { jwk: {}, pem: setup.signingKey.privateKeyPem });
preload(join(cognitoDir, 'lib', 'keys', 'cognitoLocal.public.json'), { jwk: setup.signingKey.publicJwk, pem: '' });

// Targets cognito-local 5.3.0 lacks or gets wrong next to AWS, patched into its target table before the
// server is built (the router looks targets up in this object on every request). Tokens reaching here
// were already verified by the front (signature, expiry, app client, revocation).
const lib = (...p) => join(cognitoDir, 'lib', ...p);
const { Targets } = require(lib('targets', 'targets.js'));
const { NotAuthorizedError, InvalidParameterError, UserNotFoundError } = require(lib('errors.js'));
const claimsOf = (token) => {
  try {
    return JSON.parse(Buffer.from(String(token).split('.')[1] ?? '', 'base64url').toString('utf8'));
  } catch {
    throw new NotAuthorizedError('Invalid Access Token');
  }
};
// GlobalSignOut is missing: AWS revokes every refresh token of the user (the front revokes the access tokens).
Targets.GlobalSignOut = ({ cognito }) => async (ctx, req) => {
  const claims = claimsOf(req.AccessToken);
  const userPool = await cognito.getUserPoolForClientId(ctx, claims.client_id);
  const user = await userPool.getUserByUsername(ctx, claims.sub);
  if (!user) throw new NotAuthorizedError('Invalid Access Token');
  await userPool.saveUser(ctx, { ...user, RefreshTokens: [] });
  return {};
};
// ResendConfirmationCode is missing: a new sign-up code for an unconfirmed user, by email as at sign-up.
Targets.ResendConfirmationCode = ({ cognito, clock, messages, otp }) => async (ctx, req) => {
  const userPool = await cognito.getUserPoolForClientId(ctx, req.ClientId);
  const user = await userPool.getUserByUsername(ctx, req.Username);
  if (!user) throw new UserNotFoundError('Username/client id combination not found.');
  if (user.UserStatus !== 'UNCONFIRMED') throw new InvalidParameterError('User is already confirmed.');
  const email = user.Attributes?.find((a) => a.Name === 'email')?.Value;
  const details = { AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: email };
  const code = otp();
  await messages.deliver(ctx, 'SignUp', req.ClientId, userPool.options.Id, user, code, req.ClientMetadata, details);
  await userPool.saveUser(ctx, { ...user, UserLastModifiedDate: clock.get(), ConfirmationCode: code });
  return { CodeDeliveryDetails: details };
};
// A sign-in finished by RespondToAuthChallenge (TOTP, new password) hands out a refresh token that
// cognito-local never stores, so it could never be used: store it as InitiateAuth does.
const respond = Targets.RespondToAuthChallenge;
Targets.RespondToAuthChallenge = (services) => {
  const run = respond(services);
  return async (ctx, req) => {
    const out = await run(ctx, req);
    const token = out?.AuthenticationResult?.RefreshToken;
    if (token) {
      const userPool = await services.cognito.getUserPoolForClientId(ctx, req.ClientId);
      const user = await userPool.getUserByUsername(ctx, req.ChallengeResponses.USERNAME);
      if (user) await userPool.storeRefreshToken(ctx, token, user);
    }
    return out;
  };
};

const { createDefaultServer } = require('cognito-local');
const pino = require(require.resolve('pino', { paths: [cognitoDir] }));

// Plain JSON lines on stdout; the parent prefixes them into the stack log.
const logger = pino({ level: process.env.DEBUG ? 'debug' : 'info', base: undefined });
const expected = Buffer.from(setup.internalToken);
const allowed = (req) => {
  const given = Buffer.from(String(req.headers['x-sivera-internal'] ?? ''));
  return given.length === expected.length && timingSafeEqual(given, expected);
};
try {
  const { application } = await createDefaultServer(logger);
  const server = createServer((req, res) => {
    if (!allowed(req)) {
      res.writeHead(403, { 'content-type': 'application/json' }).end('{"message":"Forbidden"}');
      return;
    }
    delete req.headers['x-sivera-internal'];
    application(req, res);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  process.send?.({ ready: true, port: typeof address === 'object' && address ? address.port : 0 });
  // What loading cognito-local and the AWS SDK v2 left behind is garbage now: give it back.
  globalThis.gc?.();
} catch (err) {
  process.stderr.write(`${err?.stack ?? err}\n`);
  process.exit(1);
}

// Runs cognito-local in a worker thread of the stack's process (a child process would cost a second Node
// runtime, ~35 MB more resident memory and a process start). Reports the bound port to the parent.
//
// workerData carries { dir, signingKey, internalToken } (never argv/env: neither shows in process listings):
// - dir: the state directory. cognito-local's createDefaultServer keeps its state under ".cognito" relative
//   to the working directory, which a worker cannot change; so the server is composed here exactly as
//   createDefaultServer composes it (cognito-local 5.3.0, lib/server/defaults.js), with absolute paths.
// - signingKey: the install's RSA key pair. cognito-local signs tokens with, and serves as its JWKS, a
//   key pair shipped inside the npm package (private half included), so anyone could forge a token for
//   any user. Its two key modules are replaced in this thread's require cache before cognito-local loads them.
// - internalToken: this server answers only requests carrying it. The front (cognito.ts) is the pool's
//   public endpoint and checks SigV4 on admin actions; without the token anyone on the machine could skip
//   the front and call admin actions on this port directly.
import { createServer } from 'node:http';
import Module, { createRequire } from 'node:module';
import { timingSafeEqual } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parentPort, threadId, workerData } from 'node:worker_threads';

const require = createRequire(import.meta.url);
const cognitoDir = dirname(require.resolve('cognito-local/package.json'));
const lib = (p) => require(join(cognitoDir, 'lib', p));

/** @type {{ dir: string, signingKey: { privateKeyPem: string, publicJwk: Record<string, string> }, internalToken: string }} */
const setup = workerData;

const preload = (file, exports) => {
  const m = new Module(file);
  m.filename = file;
  m.loaded = true;
  m.exports = exports;
  require.cache[file] = m;
};
preload(join(cognitoDir, 'lib', 'keys', 'cognitoLocal.private.json'), { jwk: {}, pem: setup.signingKey.privateKeyPem });
preload(join(cognitoDir, 'lib', 'keys', 'cognitoLocal.public.json'), { jwk: setup.signingKey.publicJwk, pem: '' });

// cognito-local uses two clients of the AWS SDK v2 (Lambda for triggers, KMS for custom senders) but
// requires the whole package, which loads every service's client: ~2 s of CPU at each start. Its entry
// module is replaced by one that loads just those two, when first used.
const awsSdk = require.resolve('aws-sdk', { paths: [cognitoDir] });
const awsSdkDir = dirname(require.resolve('aws-sdk/package.json', { paths: [cognitoDir] }));
const awsClient = (name) => require(join(awsSdkDir, 'clients', name));
preload(awsSdk, {
  get Lambda() {
    return awsClient('lambda');
  },
  get KMS() {
    return awsClient('kms');
  },
});
const AWS = require(awsSdk);
// Likewise its CryptoService loads the AWS Encryption SDK when its module loads, for custom sender triggers
// only. The pool configures none (config.json is written by cognito.ts without KMSConfig), and with no
// KMSConfig the real service's encrypt throws this same error.
preload(join(cognitoDir, 'lib', 'services', 'crypto.js'), {
  CryptoService: class CryptoService {
    async encrypt() {
      throw new Error('KMSConfig.KMSKeyAlias and KMSConfig.KMSKeyId is required when using a CustomEmailSender trigger.');
    }
  },
});
const pino = require(require.resolve('pino', { paths: [cognitoDir] }));
// Targets cognito-local 5.3.0 lacks or gets wrong next to AWS, patched into its target table before the
// server is built (the router looks targets up in this object on every request). Tokens reaching here
// were already verified by the front (signature, expiry, app client, revocation).
const { Targets } = lib('targets/targets.js');
const { NotAuthorizedError, InvalidParameterError, UserNotFoundError } = lib('errors.js');
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

const services = lib('services');
const { CognitoServiceFactoryImpl } = lib('services/cognitoService');
const { CryptoService } = lib('services/crypto.js');
const { StormDBDataStoreFactory } = lib('services/dataStore/stormDb');
const { ConsoleMessageSender } = lib('services/messageDelivery/consoleMessageSender');
const { MessageDeliveryService } = lib('services/messageDelivery/messageDelivery');
const { otp } = lib('services/otp');
const { JwtTokenGenerator } = lib('services/tokenGenerator');
const { UserPoolServiceFactoryImpl } = lib('services/userPoolService');
const { loadConfig } = lib('server/config');
const { Router } = lib('server/Router');
const { createServer: createCognitoServer } = lib('server/server');

/**
 * The store holds clear-text passwords and refresh tokens. The stack's process keeps its usual umask (a
 * worker cannot set its own), so each store file is created owner-only before stormdb opens it (stormdb
 * creates a missing file with the process umask, then rewrites it in place, which keeps the mode).
 */
class PrivateStormDbFactory extends StormDBDataStoreFactory {
  async create(ctx, id, defaults) {
    try {
      writeFileSync(join(this.directory, `${id}.json`), '', { mode: 0o600, flag: 'wx' });
    } catch (e) {
      if (e.code !== 'EEXIST' && e.code !== 'ENOENT') throw e; // ENOENT: stormdb creates the directory
    }
    return super.create(ctx, id, defaults);
  }
}

/** The trigger's Lambda client, made at the first trigger call (its SDK takes long to load and most starts call none). */
function lazyLambdaClient(clientConfig) {
  let client;
  return { invoke: (params) => (client ??= new AWS.Lambda(clientConfig)).invoke(params) };
}

// stormdb (cognito-local's store) writes a file with fs.writeFile on every save, unserialised: two
// requests saving one pool at once (two sign-ins storing refresh tokens) can interleave their writes and
// leave a file that no longer parses. Saves of one file are queued here, each written whole to a temporary
// file (owner-only) and renamed over the old one, so a reader or a crash never sees half a file.
const LocalEngine = require(require.resolve('stormdb/src/engine/local.js', { paths: [cognitoDir] }));
const saving = new Map();
let tmpSeq = 0;
LocalEngine.prototype.write = function write(data) {
  const text = this.serialize(data); // the state as of this save, as stormdb's own write takes it
  const path = this.path;
  const previous = saving.get(path) ?? Promise.resolve();
  const next = previous.then(async () => {
    const tmp = `${path}.${process.pid}-${threadId}-${tmpSeq++}.tmp`;
    await writeFile(tmp, text, { mode: 0o600 });
    await rename(tmp, path);
  });
  const settled = next.catch(() => undefined);
  saving.set(path, settled);
  void settled.then(() => saving.get(path) === settled && saving.delete(path));
  return next;
};

async function createCognitoLocal(logger, configDirectory) {
  const dataDirectory = join(configDirectory, 'db');
  const ctx = { logger };
  const config = await loadConfig(ctx, new PrivateStormDbFactory(configDirectory));
  const clock = new services.DateClock();
  const dataStoreFactory = new PrivateStormDbFactory(dataDirectory);
  const cognitoServiceFactory = new CognitoServiceFactoryImpl(dataDirectory, dataStoreFactory, new UserPoolServiceFactoryImpl(clock, dataStoreFactory));
  const cognitoClient = await cognitoServiceFactory.create(ctx, config.UserPoolDefaults);
  const triggers = new services.TriggersService(
    clock,
    cognitoClient,
    new services.LambdaService(config.TriggerFunctions, lazyLambdaClient(config.LambdaClient)),
    new CryptoService(config.KMSConfig),
  );
  const all = {
    clock,
    cognito: cognitoClient,
    config,
    messages: new services.MessagesService(triggers, new MessageDeliveryService(new ConsoleMessageSender())),
    otp,
    tokenGenerator: new JwtTokenGenerator(clock, triggers, config.TokenConfig),
    triggers,
  };
  return createCognitoServer(Router(all), logger, config.ServerConfig, all);
}

// Plain JSON lines on this thread's stdout; the parent prefixes them into the stack log.
const logger = pino({ level: process.env.DEBUG ? 'debug' : 'info', base: undefined });
const expected = Buffer.from(setup.internalToken);
const allowed = (req) => {
  const given = Buffer.from(String(req.headers['x-sivera-internal'] ?? ''));
  return given.length === expected.length && timingSafeEqual(given, expected);
};
const { application } = await createCognitoLocal(logger, join(setup.dir, '.cognito'));
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
parentPort.postMessage({ ready: true, port: typeof address === 'object' && address ? address.port : 0 });
parentPort.on('message', (m) => {
  if (m === 'stop') server.close(() => process.exit(0));
});

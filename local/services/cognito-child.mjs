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

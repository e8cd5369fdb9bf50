// A user pool's signing side without Cognito: a real RSA key served as a JWKS over http (what
// cognito-local serves) and RS256 tokens shaped like Cognito's, for tests and benches that run the
// GraphQL endpoint on its own.
import { createServer, type Server } from 'node:http';
import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { AddressInfo } from 'node:net';

export const CLIENT_ID = 'testclient123';

export interface Jwks {
  issuer: string;
  jwksUri: string;
  sign(claims: Record<string, unknown>, opts?: { kid?: string; key?: KeyObject }): string;
  idToken(sub: string, extra?: Record<string, unknown>): string;
  accessToken(sub: string, extra?: Record<string, unknown>): string;
  close(): Promise<void>;
}

const b64url = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

export async function startJwks(): Promise<Jwks> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = 'test-key-1';
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
  const server: Server = createServer((req, res) => {
    if (req.url === '/local_pool/.well-known/jwks.json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = `${base}/local_pool`;
  const sign: Jwks['sign'] = (claims, opts = {}) => {
    const head = b64url({ alg: 'RS256', kid: opts.kid ?? kid, typ: 'JWT' });
    const body = b64url(claims);
    const sig = createSign('RSA-SHA256').update(`${head}.${body}`).sign(opts.key ?? privateKey).toString('base64url');
    return `${head}.${body}.${sig}`;
  };
  const now = () => Math.floor(Date.now() / 1000);
  return {
    issuer,
    jwksUri: `${issuer}/.well-known/jwks.json`,
    sign,
    idToken: (sub, extra = {}) =>
      sign({
        sub,
        iss: issuer,
        aud: CLIENT_ID,
        token_use: 'id',
        'cognito:username': sub,
        email: `${sub}@example.com`,
        email_verified: true,
        auth_time: now(),
        iat: now(),
        exp: now() + 3600,
        ...extra,
      }),
    accessToken: (sub, extra = {}) =>
      sign({ sub, iss: issuer, client_id: CLIENT_ID, token_use: 'access', username: sub, scope: 'aws.cognito.signin.user.admin', iat: now(), exp: now() + 3600, ...extra }),
    close: () => new Promise((r) => server.close(() => r())),
  };
}

// Test scaffolding for the GraphQL endpoint: a real RSA key served as a JWKS over http (what
// cognito-local serves), JWT signing, SigV4-signed requests, and a WebSocket client speaking
// AppSync's real-time protocol with nothing but `ws`.
import { createServer, type Server } from 'node:http';
import { createSign, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SignatureV4 } from '@smithy/signature-v4';
import { HttpRequest } from '@smithy/protocol-http';
import { Sha256 } from '@aws-crypto/sha256-js';
import { WebSocket } from 'ws';

export const CLIENT_ID = 'testclient123';
export const IAM = { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-secret-key', region: 'ap-northeast-2' };

export interface Jwks {
  issuer: string;
  jwksUri: string;
  sign(claims: Record<string, unknown>, opts?: { kid?: string; key?: KeyObject }): string;
  idToken(sub: string, extra?: Record<string, unknown>): string;
  accessToken(sub: string, extra?: Record<string, unknown>): string;
  close(): Promise<void>;
}

/** A parsed JSON value, loosely typed for assertions (what JSON.parse returns). */
export type Json = ReturnType<typeof JSON.parse>;

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

export async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; json: Json }> {
  const r = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await r.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: r.status, headers: r.headers, json };
}

/** Sign a request as the AWS SDK would (SigV4, service appsync). */
export async function sigv4Headers(
  url: string,
  body: string,
  creds: { accessKeyId: string; secretAccessKey: string } = IAM,
  region = IAM.region,
): Promise<Record<string, string>> {
  const u = new URL(url);
  const signer = new SignatureV4({ credentials: creds, region, service: 'appsync', sha256: Sha256 });
  const signed = await signer.sign(
    new HttpRequest({
      method: 'POST',
      protocol: u.protocol,
      hostname: u.hostname,
      port: u.port ? Number(u.port) : undefined,
      path: u.pathname,
      headers: { host: u.host, 'content-type': 'application/json' },
      body,
    }),
  );
  return signed.headers as Record<string, string>;
}

export async function iamPost(url: string, body: unknown): Promise<{ status: number; json: Json }> {
  const text = JSON.stringify(body);
  const headers = await sigv4Headers(url, text);
  return post(url, text, headers);
}

/** A WebSocket client of AppSync's real-time protocol, recording every frame it receives. */
export class RealtimeClient {
  readonly frames: Json[] = [];
  private waiters: { pred: (m: Json) => boolean; resolve: (m: Json) => void }[] = [];
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (raw) => {
      const m = JSON.parse(String(raw));
      this.frames.push(m);
      this.waiters = this.waiters.filter((w) => (w.pred(m) ? (w.resolve(m), false) : true));
    });
  }

  static async connect(realtimeUrl: string, authHeader: Record<string, string> | null, style: 'subprotocol' | 'query' = 'subprotocol'): Promise<RealtimeClient> {
    const protocols = ['graphql-ws'];
    let url = realtimeUrl;
    if (authHeader && style === 'subprotocol') protocols.push(`header-${Buffer.from(JSON.stringify(authHeader)).toString('base64url')}`);
    if (authHeader && style === 'query') {
      url += `?header=${encodeURIComponent(Buffer.from(JSON.stringify(authHeader)).toString('base64'))}&payload=e30=`;
    }
    const ws = new WebSocket(url, protocols);
    const client = new RealtimeClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return client;
  }

  send(msg: unknown): void {
    this.ws.send(JSON.stringify(msg));
  }

  next(pred: (m: Json) => boolean, timeoutMs = 3000): Promise<Json> {
    const found = this.frames.find(pred);
    if (found) {
      this.frames.splice(this.frames.indexOf(found), 1);
      return Promise.resolve(found);
    }
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no matching frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames)}`)), timeoutMs);
      this.waiters.push({
        pred,
        resolve: (m) => {
          clearTimeout(t);
          this.frames.splice(this.frames.indexOf(m), 1);
          resolve(m);
        },
      });
    });
  }

  async init(): Promise<Json> {
    this.send({ type: 'connection_init' });
    return this.next((m) => m.type === 'connection_ack' || m.type === 'connection_error');
  }

  /** start a subscription; resolves with start_ack or error for that id. */
  async start(query: string, variables: Record<string, unknown>, authorization: Record<string, string>, id: string = randomUUID()): Promise<{ id: string; reply: Json }> {
    this.send({ id, type: 'start', payload: { data: JSON.stringify({ query, variables }), extensions: { authorization } } });
    const reply = await this.next((m) => m.id === id && (m.type === 'start_ack' || m.type === 'error'));
    return { id, reply };
  }

  /** True when nothing matching arrives within `ms`. */
  async nothing(pred: (m: Json) => boolean, ms = 300): Promise<boolean> {
    try {
      await this.next(pred, ms);
      return false;
    } catch {
      return true;
    }
  }

  close(): void {
    this.ws.close();
  }
}

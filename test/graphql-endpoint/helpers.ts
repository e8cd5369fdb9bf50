// Test scaffolding for the GraphQL endpoint: a JWKS and tokens (../support/jwks.ts), SigV4-signed
// requests, and a WebSocket client speaking AppSync's real-time protocol frame by frame over `ws`.
import { randomUUID } from 'node:crypto';
import { WebSocket } from 'ws';
export { CLIENT_ID, startJwks, type Jwks } from '../support/jwks.js';
import { CONNECTION_INIT, realtimeProtocols, realtimeQueryUrl, startMessage, subscriptionData } from '../../client/realtime-protocol.js';
import { appSyncIamSigner } from '../../lib/node/signed-request.js';
import { readFileSync } from 'node:fs';
import { startGraphqlEndpoint, type GraphqlEndpoint, type GraphqlEndpointOptions } from '../../local/graphql-endpoint/server.js';
import { CLIENT_ID, type Jwks } from '../support/jwks.js';
import { FixtureExecutor } from './fixture-executor.js';

export const IAM = { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-secret-key', region: 'ap-northeast-2' };

/**
 * An endpoint on loopback serving the contract schema through the fixture executor, trusting `jwks`'s
 * tokens and the test IAM key, logging nothing; `extra` adds or overrides options.
 */
export function startFixtureEndpoint(jwks: Jwks, extra: Partial<GraphqlEndpointOptions> = {}): Promise<GraphqlEndpoint> {
  return startGraphqlEndpoint({
    host: '127.0.0.1',
    port: 0,
    schemaSdl: readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8'),
    executor: new FixtureExecutor(),
    auth: { cognito: { issuer: jwks.issuer, jwksUri: jwks.jwksUri, userPoolClientId: CLIENT_ID }, iam: IAM },
    log: { info() {}, warn() {}, error() {} },
    ...extra,
  });
}

/** A parsed JSON value, loosely typed for assertions (what JSON.parse returns). */
export type Json = ReturnType<typeof JSON.parse>;

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
  return appSyncIamSigner({ credentials: creds, region }).headers(url, body);
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
    const protocols = realtimeProtocols(style === 'subprotocol' ? authHeader : null);
    const url = authHeader && style === 'query' ? realtimeQueryUrl(realtimeUrl, authHeader) : realtimeUrl;
    const ws = new WebSocket(url, protocols);
    const client = new RealtimeClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return client;
  }

  send(msg: unknown): void {
    this.ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg));
  }

  next(pred: (m: Json) => boolean, timeoutMs = 3000): Promise<Json> {
    const found = this.frames.find(pred);
    if (found) {
      this.frames.splice(this.frames.indexOf(found), 1);
      return Promise.resolve(found);
    }
    return new Promise((resolve, reject) => {
      const waiter = {
        pred,
        resolve: (m: Json) => {
          clearTimeout(t);
          this.frames.splice(this.frames.indexOf(m), 1);
          resolve(m);
        },
      };
      // A waiter that timed out (nothing() expects that) must not stay behind and take a later frame.
      const t = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`no matching frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames)}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  async init(): Promise<Json> {
    this.send(CONNECTION_INIT);
    return this.next((m) => m.type === 'connection_ack' || m.type === 'connection_error');
  }

  /** start a subscription; resolves with start_ack or error for that id. */
  async start(query: string, variables: Record<string, unknown>, authorization: Record<string, string>, id: string = randomUUID()): Promise<{ id: string; reply: Json }> {
    this.send(startMessage(id, subscriptionData(query, variables), authorization));
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

// SigV4 *signing* in one place: the sync Lambda's publishSyncStatus POST (AppSync IAM auth), the
// tests' and benches' IAM callers (HTTP and the real-time handshake), and the local stack's signed
// calls to its own non-SDK endpoints (KMS faults, the fakes' /__control). Part of the sync Lambda's
// bundle, so it needs only @smithy/signature-v4 + @smithy/protocol-http (what the SDK clients sign
// with) and node:crypto. The local endpoints' *verification* stays in local/services/sigv4.ts: it
// recomputes a signature over what a client sent (its signed-header list, its date), not a new request.
import { createHash, createHmac } from 'node:crypto';
import type { HttpRequest } from '@smithy/protocol-http';
import type { SignatureV4 } from '@smithy/signature-v4';
import { loopbackFetch, type LoopbackResponse } from './loopback-fetch.js';

/** Static keys or a provider (the default credential chain in a Lambda). */
export type SigningCredentials = ConstructorParameters<typeof SignatureV4>[0]['credentials'];

export interface SigningKey {
  credentials: SigningCredentials;
  region: string;
  /** Signing name: appsync, kms, lambda, sivera-fakes… */
  service: string;
}

export interface SignedInit {
  method: string;
  headers?: Record<string, string>;
  body?: string;
}

// Node's native SHA-256/HMAC in the shape the signer expects: faster than the pure-JS hash, no dependency.
type SourceData = string | ArrayBuffer | ArrayBufferView;
export class NodeSha256 {
  private readonly h;
  constructor(secret?: SourceData) {
    this.h = secret === undefined ? createHash('sha256') : createHmac('sha256', toBytes(secret));
  }
  update(data: Uint8Array | string): void {
    this.h.update(typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.h.digest()));
  }
  reset(): void {
    throw new Error('not supported');
  }
}
function toBytes(d: SourceData): Buffer {
  if (typeof d === 'string') return Buffer.from(d, 'utf8');
  if (ArrayBuffer.isView(d)) return Buffer.from(d.buffer, d.byteOffset, d.byteLength);
  return Buffer.from(d);
}

interface SmithySigning {
  SignatureV4: typeof SignatureV4;
  HttpRequest: typeof HttpRequest;
}
let smithyModules: Promise<SmithySigning> | undefined;
/**
 * @smithy's signer and request class, loaded on first use: as static imports they were ~80 ms of module
 * loading that `npm start` paid before it could spawn DynamoDB Local, the service it waits for last.
 */
export function smithySigning(): Promise<SmithySigning> {
  return (smithyModules ??= Promise.all([import('@smithy/signature-v4'), import('@smithy/protocol-http')]).then(([s, h]) => ({ SignatureV4: s.SignatureV4, HttpRequest: h.HttpRequest })));
}

/**
 * A signer for one key: resolves with the headers (host included) that sign `init` sent to `url`.
 * Kept per key so the derived signing key is cached across requests, as the SDK clients do.
 */
export function requestSigner(key: SigningKey): (url: string | URL, init: SignedInit) => Promise<Record<string, string>> {
  const signing = smithySigning().then(({ SignatureV4, HttpRequest }) => ({ signer: new SignatureV4({ credentials: key.credentials, region: key.region, service: key.service, sha256: NodeSha256 }), HttpRequest }));
  signing.catch(() => undefined); // awaited by each call
  return async (url, init) => {
    const u = new URL(url);
    const query: Record<string, string> = {};
    for (const [k, v] of u.searchParams) query[k] = v;
    const { signer, HttpRequest } = await signing;
    const signed = await signer.sign(
      new HttpRequest({
        method: init.method,
        protocol: u.protocol,
        hostname: u.hostname,
        port: u.port ? Number(u.port) : undefined,
        path: u.pathname,
        query,
        headers: { ...init.headers, host: u.host },
        body: init.body,
      }),
    );
    return signed.headers as Record<string, string>;
  };
}

/** The signed headers without host: fetch and node:http set the same value from the URL (fetch refuses one given). */
function withoutHost(headers: Record<string, string>): Record<string, string> {
  const sent = { ...headers };
  delete sent.host;
  return sent;
}

/** fetch() with the signed headers. */
function fetchSigned(url: string | URL, init: SignedInit, headers: Record<string, string>, signal?: AbortSignal): Promise<Response> {
  return fetch(url, { method: init.method, headers: withoutHost(headers), body: init.body, signal });
}

/** A request signed with SigV4 to one of the local stack's own services (the KMS fault endpoint, /__control, the Lambda API): see loopback-fetch.ts. */
export async function signedFetch(url: string | URL, init: SignedInit, key: SigningKey): Promise<LoopbackResponse> {
  return loopbackFetch(url, { method: init.method, headers: withoutHost(await requestSigner(key)(url, init)), body: init.body });
}

/** The headers of an IAM-authorized AppSync GraphQL POST: what the SDK and Amplify send. */
const APPSYNC_HEADERS = { 'content-type': 'application/json' };

/**
 * The real-time handshake's IAM authorization (AppSync's documented IAM header): the signed headers of
 * a POST to `<graphql url>/connect` with body `{}` for the connection, or to the GraphQL URL with the
 * subscription's `data` for a start message, with the headers Amplify signs.
 */
const REALTIME_HEADERS = { accept: 'application/json, text/javascript', 'content-encoding': 'amz-1.0', 'content-type': 'application/json; charset=UTF-8' };

export interface AppSyncIamSigner {
  /** Signed headers (host included) of a GraphQL POST of `body` to `url`. */
  headers(url: string | URL, body: string): Promise<Record<string, string>>;
  /** POSTs `body` (a GraphQL request as JSON text) to `url`, signed. */
  post(url: string | URL, body: string, opts?: { signal?: AbortSignal }): Promise<Response>;
  /**
   * The `authorization` object of the real-time protocol: for the connection (`header-…` subprotocol)
   * with `data` undefined, for a start message with its `data` string. `graphqlUrl` is the HTTP GraphQL URL.
   */
  realtime(graphqlUrl: string | URL, data?: string): Promise<Record<string, string>>;
}

/** Signs (and sends) IAM-authorized AppSync GraphQL requests: service "appsync" with the given keys. */
export function appSyncIamSigner(opts: { credentials: SigningCredentials; region: string }): AppSyncIamSigner {
  const sign = requestSigner({ ...opts, service: 'appsync' });
  const init = (body: string, headers: Record<string, string>): SignedInit => ({ method: 'POST', headers, body });
  return {
    headers: (url, body) => sign(url, init(body, APPSYNC_HEADERS)),
    post: async (url, body, o) => fetchSigned(url, init(body, APPSYNC_HEADERS), await sign(url, init(body, APPSYNC_HEADERS)), o?.signal),
    realtime: (graphqlUrl, data) => {
      const u = new URL(graphqlUrl);
      if (data === undefined) u.pathname = `${u.pathname.replace(/\/$/, '')}/connect`;
      return sign(u, init(data ?? '{}', REALTIME_HEADERS));
    },
  };
}

// What every HTTP and WebSocket server of the local stack checks first, so that no web page other
// than the stack's own (and the frontend dev servers the developer names) can use it:
//  - Host must be a loopback name of the port the request came in on: a DNS-rebinding page
//    (evil.example resolving to 127.0.0.1) sends Host: evil.example:<port> and is refused;
//  - a request from a browser page carries Origin: only the stack's own pages, same-origin requests
//    and SIVERA_CORS_ORIGINS get CORS headers (the exact origin, never `*`); any other Origin is
//    refused with 403 before the handler runs, so a page cannot fire blind POSTs either.
// Non-browser clients (AWS SDKs, the stack's own calls, curl) send no Origin and a loopback Host.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';

export const CORS_ORIGINS_ENV = 'SIVERA_CORS_ORIGINS';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

export class CorsOriginsError extends Error {
  constructor(entry: string) {
    super(
      `${CORS_ORIGINS_ENV} has "${entry}", which is not an origin: list your frontend dev server's origins, ` +
        `comma-separated, e.g. ${CORS_ORIGINS_ENV}=http://localhost:5173,http://127.0.0.1:5173 (no "*", no paths).`,
    );
    this.name = 'CorsOriginsError';
  }
}

/** The origins in a SIVERA_CORS_ORIGINS value, normalized as browsers send them; throws on anything else. */
export function parseOrigins(raw: string | undefined): string[] {
  const out: string[] = [];
  for (const entry of (raw ?? '').split(/[\s,]+/).filter(Boolean)) {
    let url: URL;
    try {
      url = new URL(entry);
    } catch {
      throw new CorsOriginsError(entry);
    }
    const bare = entry.replace(/\/$/, '');
    if (!/^https?:$/.test(url.protocol) || url.origin.toLowerCase() !== bare.toLowerCase()) throw new CorsOriginsError(entry);
    out.push(url.origin);
  }
  return out;
}

let configured: { raw: string | undefined; origins: Set<string> } | undefined;
/** SIVERA_CORS_ORIGINS, read at request time (tests and `npm start` set it before starting); invalid entries allow nothing. */
function configuredOrigins(): Set<string> {
  const raw = process.env[CORS_ORIGINS_ENV];
  if (configured && configured.raw === raw) return configured.origins;
  let origins: string[] = [];
  try {
    origins = parseOrigins(raw);
  } catch {
    /* reported at stack start (checkCorsOrigins); here it only fails closed */
  }
  configured = { raw, origins: new Set(origins) };
  return configured.origins;
}

/** Throws CorsOriginsError when SIVERA_CORS_ORIGINS is malformed: called at stack start so the mistake shows at once. */
export function checkCorsOrigins(): void {
  parseOrigins(process.env[CORS_ORIGINS_ENV]);
}

// Origins of the pages the stack serves itself (GraphiQL and the demo page on the GraphQL endpoint's
// http and https ports), registered by the server that serves them. Process-wide: a second stack in
// the same process (tests of the stack itself) is the same developer's loopback pages.
const ownOrigins = new Map<string, number>();

/** Allows the pages of a server on 127.0.0.1:`port` to call every server of the stack; returns the undo. */
export function registerOwnOrigin(scheme: 'http' | 'https', port: number): () => void {
  const origins = ['127.0.0.1', 'localhost'].map((h) => `${scheme}://${h}:${port}`);
  for (const o of origins) ownOrigins.set(o, (ownOrigins.get(o) ?? 0) + 1);
  let done = false;
  return () => {
    if (done) return;
    done = true;
    for (const o of origins) {
      const n = (ownOrigins.get(o) ?? 1) - 1;
      if (n > 0) ownOrigins.set(o, n);
      else ownOrigins.delete(o);
    }
  };
}

function isEncrypted(req: IncomingMessage): boolean {
  return (req.socket as TLSSocket).encrypted === true;
}

/** Is `host` (a Host header) a loopback name of `port`? Only the default port may be left out. */
export function isLoopbackHost(host: string | undefined, port: number, defaultPort?: number): boolean {
  if (!host) return false;
  const h = host.toLowerCase();
  return LOOPBACK_NAMES.some((name) => h === `${name}:${port}` || (port === defaultPort && h === name));
}

/** The request's Host is a loopback name of the port it arrived on. */
export function hasLoopbackHost(req: IncomingMessage): boolean {
  return isLoopbackHost(req.headers.host, req.socket.localPort ?? -1, isEncrypted(req) ? 443 : 80);
}

function originAllowed(req: IncomingMessage, origin: string): boolean {
  if (ownOrigins.has(origin) || configuredOrigins().has(origin)) return true;
  // Same origin: the page was served by this very server (its Host is already known to be loopback).
  return origin === `${isEncrypted(req) ? 'https' : 'http'}://${(req.headers.host ?? '').toLowerCase()}`;
}

/** Why a request (or WebSocket upgrade) must be refused, or null when it may proceed. */
export function refusal(req: IncomingMessage): string | null {
  if (!hasLoopbackHost(req)) return 'Host not allowed: the local stack answers only 127.0.0.1, localhost and [::1].';
  const origin = req.headers.origin;
  if (origin !== undefined) {
    if (!originAllowed(req, origin)) {
      return `Origin ${origin} not allowed: add it to ${CORS_ORIGINS_ENV} (comma-separated) to call the local stack from that page.`;
    }
    return null;
  }
  // A browser always sends Origin on a cross-site POST; this only catches one that did not.
  const site = req.headers['sec-fetch-site'];
  if ((site === 'cross-site' || site === 'same-site') && !['GET', 'HEAD'].includes(req.method ?? 'GET')) return 'Cross-site request refused.';
  return null;
}

// Preflight: the headers a page asked for are echoed (only to allowed origins), bounded to header-name characters.
const DEFAULT_ALLOWED_HEADERS =
  'content-type, authorization, x-amz-date, x-amz-security-token, x-amz-user-agent, x-amz-content-sha256, x-amz-target, x-api-key, amz-sdk-invocation-id, amz-sdk-request';

/**
 * Call first in every HTTP request handler. Returns true when it has answered (refused with 403, or
 * a CORS preflight from an allowed origin); otherwise the allowed Origin is already echoed in
 * Access-Control-Allow-Origin on whatever the handler writes.
 */
export function guardRequest(req: IncomingMessage, res: ServerResponse): boolean {
  const reason = refusal(req);
  if (reason) {
    req.resume(); // drain the body so the 403 reaches the client rather than a reset
    const body = JSON.stringify({ __type: 'AccessDeniedException', message: reason });
    res.writeHead(403, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-amzn-errortype': 'AccessDeniedException' });
    res.end(body);
    return true;
  }
  const origin = req.headers.origin;
  if (origin === undefined) return false;
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('vary', 'Origin');
  if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
    const asked = req.headers['access-control-request-headers'];
    res.writeHead(204, {
      'access-control-allow-methods': 'GET, POST, OPTIONS',
      'access-control-allow-headers': asked && /^[\w\-, ]{1,2000}$/.test(asked) ? asked : DEFAULT_ALLOWED_HEADERS,
      'access-control-max-age': '600',
    });
    res.end();
    return true;
  }
  return false;
}

/** Call first in every WebSocket upgrade handler: returns true when it refused (and closed) the socket. */
export function guardUpgrade(req: IncomingMessage, socket: Duplex): boolean {
  const reason = refusal(req);
  if (!reason) return false;
  socket.end(`HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(reason)}\r\n\r\n${reason}`);
  return true;
}

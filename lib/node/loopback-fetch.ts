// A small fetch() for the local stack's calls to its own services (DynamoDB Local, cognito-local, the
// JWKS, the fakes' control API), all on the start path. Node's global fetch loads its bundled undici and
// web streams on first use (~40 ms of CPU on an idle machine; with the JVM and Cognito starting beside it,
// its load and cold paths took ~250 ms of the main thread before the stack was ready), while node:http is
// already loaded by the stack's servers. Answers are read whole: these are small JSON bodies.
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface LoopbackInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  signal?: AbortSignal;
  /** A connection silent this long fails the request (default 300 s, as fetch's undici: never a wait forever). */
  idleTimeoutMs?: number;
}

/** The part of fetch's Response these callers use. */
export interface LoopbackResponse {
  status: number;
  ok: boolean;
  headers: { get(name: string): string | null; forEach(fn: (value: string, name: string) => void): void };
  text(): Promise<string>;
  json(): Promise<unknown>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | null {
  const v = headers[name.toLowerCase()];
  return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
}

export function loopbackFetch(url: string | URL, init: LoopbackInit = {}): Promise<LoopbackResponse> {
  const target = typeof url === 'string' ? new URL(url) : url;
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const headers: Record<string, string | number> = { ...init.headers };
  // As fetch does: a body is sent with its length, not chunked.
  if (init.body !== undefined) headers['content-length'] = Buffer.byteLength(init.body);
  return new Promise((resolve, reject) => {
    const req = request(target, { method: init.method ?? 'GET', headers, signal: init.signal }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.once('error', reject);
      res.once('end', () => {
        const body = Buffer.concat(chunks);
        const status = res.statusCode ?? 0;
        resolve({
          status,
          ok: status >= 200 && status < 300,
          headers: {
            get: (name) => headerValue(res.headers, name),
            forEach: (fn) => {
              for (const name of Object.keys(res.headers)) fn(headerValue(res.headers, name)!, name);
            },
          },
          text: async () => body.toString('utf8'),
          json: async () => JSON.parse(body.toString('utf8')) as unknown,
          arrayBuffer: async () => body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer,
        });
      });
    });
    const idleMs = init.idleTimeoutMs ?? 300_000;
    req.setTimeout(idleMs, () => req.destroy(new Error(`no answer from ${target.origin} within ${idleMs} ms`)));
    req.once('error', reject);
    req.end(init.body);
  });
}

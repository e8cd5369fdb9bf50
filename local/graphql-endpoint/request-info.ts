// What resolvers are told about the HTTP request (POST /graphql or the real-time upgrade): the caller's
// addresses (ctx.identity.sourceIp) and its headers (ctx.request.headers).
import type { IncomingMessage } from 'node:http';

/** ctx.identity.sourceIp: the peer's address, then any X-Forwarded-For hops. */
export function sourceIps(req: IncomingMessage): string[] {
  const ips = [req.socket.remoteAddress ?? '127.0.0.1'];
  const xff = req.headers['x-forwarded-for'];
  if (typeof xff === 'string') ips.push(...xff.split(',').map((s) => s.trim()).filter(Boolean));
  return ips;
}

/** Request headers as AppSync hands them to resolvers: lower-case names, repeated headers as arrays, no cookie. */
export function resolverRequestHeaders(req: IncomingMessage): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(req.headersDistinct)) {
    if (k === 'cookie' || !v) continue;
    out[k] = v.length === 1 ? v[0]! : v;
  }
  return out;
}

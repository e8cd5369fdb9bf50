// util.http inside the sandbox (http-helpers-in-utils-http-js.html).
import { Set } from './intrinsics.js';
import { state } from './state.js';

const HOP_BY_HOP = new Set([
  'transfer-encoding',
  'connection',
  'host',
  'expect',
  'keep-alive',
  'upgrade',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'content-length',
]);

const RESTRICTED = new Set([
  ...HOP_BY_HOP,
  'access-control-allow-credentials',
  'access-control-allow-origin',
  'access-control-expose-headers',
  'access-control-max-age',
  'access-control-allow-methods',
  'access-control-allow-headers',
  'vary',
  'content-type',
]);

const MAX_HEADER_BYTES = 4096;

function headerError(message: string): void {
  state.current.errors.push({ message, errorType: 'ResponseHeaderError', data: null, errorInfo: null });
}

function addResponseHeader(name: unknown, value: unknown): void {
  if (typeof name !== 'string' || name.trim() === '') return headerError('Header name must not be empty');
  const lower = name.toLowerCase();
  if (RESTRICTED.has(lower) || lower.startsWith('x-amzn-') || lower.startsWith('x-amz-'))
    return headerError(`Header ${name} is restricted and cannot be set`);
  if (value === null || value === undefined) return headerError(`Header ${name} must have a value`);
  const headers = state.current.responseHeaders;
  const next = { ...headers, [name]: String(value) };
  let size = 0;
  for (const k of Object.keys(next)) size += k.length + next[k]!.length;
  if (size > MAX_HEADER_BYTES) return headerError('Response headers exceed the 4 KB limit');
  headers[name] = String(value);
}

export const httpUtil = {
  copyHeaders(headers: unknown): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (typeof headers !== 'object' || headers === null) return out;
    for (const k of Object.keys(headers)) if (!HOP_BY_HOP.has(k.toLowerCase())) out[k] = (headers as Record<string, unknown>)[k];
    return out;
  },
  addResponseHeader,
  addResponseHeaders(headers: unknown): void {
    if (typeof headers !== 'object' || headers === null) return;
    for (const k of Object.keys(headers)) addResponseHeader(k, (headers as Record<string, unknown>)[k]);
  },
};

// What every adapter shares: fetch with a timeout, retries with backoff that honours the platform's
// own hint, and an incremental reader for top-level JSON arrays (Google's searchStream body).
import type { Platform } from '../../../api/generated/schema-types.js';
import { DEFAULT_RETRY, PlatformError, type AdapterOptions } from './types.js';

export interface HttpResponse {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

export const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** One request, answer read whole. Network failures and timeouts become TRANSIENT PlatformErrors. */
export async function request(
  platform: Platform,
  url: string,
  init: RequestInit,
  opts: AdapterOptions,
): Promise<HttpResponse> {
  const res = await open(platform, url, init, opts);
  let text: string;
  try {
    text = await res.text();
  } catch (e) {
    throw networkError(platform, e);
  }
  let json: unknown = undefined;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined; // Gateways answer HTML now and then; classifiers work from the status then.
    }
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** Opens a request and returns the live response (body unread), for streaming readers. */
export async function open(platform: Platform, url: string, init: RequestInit, opts: AdapterOptions): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(opts.timeoutMs ?? 60_000) });
  } catch (e) {
    throw networkError(platform, e);
  }
}

export function networkError(platform: Platform, e: unknown): PlatformError {
  const err = e as Error;
  const timedOut = err?.name === 'TimeoutError' || err?.name === 'AbortError';
  return new PlatformError(platform, 'TRANSIENT', timedOut ? 'request timed out' : 'network error', {
    code: timedOut ? 'TIMEOUT' : (err as { cause?: { code?: string } })?.cause?.code ?? 'NETWORK',
  });
}

/** Full-jitter exponential backoff (AWS architecture blog), capped. */
export function backoffMs(attempt: number, base: number, cap: number): number {
  return Math.floor(Math.random() * Math.min(cap, base * 2 ** attempt));
}

/** A Retry-After header (seconds or HTTP date) in ms. */
export function retryAfterHeader(headers: Headers, now = Date.now()): number | undefined {
  const v = headers.get('retry-after');
  if (!v) return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) return Math.ceil(Number(v) * 1000);
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : Math.max(0, t - now);
}

/**
 * Runs `op` until it succeeds or fails for good. RATE_LIMITED and TRANSIENT are retried: after the
 * platform's hint when it gave one (never earlier), else with full-jitter backoff. A wait that would
 * pass the deadline gives up at once with the last error.
 */
export async function withRetry<T>(opts: AdapterOptions, op: (attempt: number) => Promise<T>): Promise<T> {
  const policy = opts.retry ?? DEFAULT_RETRY;
  const sleep = opts.sleep ?? realSleep;
  const now = opts.now ?? Date.now;
  for (let attempt = 0; ; attempt++) {
    try {
      return await op(attempt);
    } catch (e) {
      if (!(e instanceof PlatformError) || !e.retryable || attempt + 1 >= policy.attempts) throw e;
      const hint = e.opts.retryAfterMs;
      const wait = hint !== undefined ? hint + backoffMs(0, Math.min(policy.baseMs, 250), policy.capMs) : backoffMs(attempt, policy.baseMs, policy.capMs);
      if (opts.deadline !== undefined && now() + wait > opts.deadline) throw e;
      await sleep(wait);
    }
  }
}

/**
 * Yields each element of a top-level JSON array as it arrives, so a body of any size is never held
 * whole. Written here because the one need (split the outer array of a trusted, well-formed API body)
 * is ~50 lines, smaller than a streaming-JSON dependency and its API. Each chunk is scanned once and an
 * element's pieces are joined only when it is complete (appending to one growing string would copy it
 * again on every chunk). Inside strings, indexOf jumps to the next quote or backslash: most of a body is
 * string content, and stepping through it char by char was a third of a 10,000-campaign sync's parsing.
 */
export async function* jsonArrayElements(body: ReadableStream<Uint8Array>): AsyncGenerator<unknown> {
  const decoder = new TextDecoder();
  let parts: string[] = [];
  let depth = 0; // 0 = inside the outer array, between elements
  let inString = false;
  let escaped = false;
  let opened = false;
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    const s = decoder.decode(chunk, { stream: true });
    const n = s.length;
    let start = depth > 0 ? 0 : -1;
    let backslash = -2; // the next backslash at or after i; -1: none left in s; -2: not looked for yet
    let i = 0;
    while (i < n) {
      if (inString) {
        if (escaped) {
          escaped = false;
          i++;
          continue;
        }
        const quote = s.indexOf('"', i);
        if (backslash !== -1 && backslash < i) backslash = s.indexOf('\\', i);
        if (backslash !== -1 && (quote === -1 || backslash < quote)) {
          escaped = true;
          i = backslash + 1;
        } else if (quote === -1) i = n;
        else {
          inString = false;
          i = quote + 1;
        }
        continue;
      }
      const ch = s.charCodeAt(i++);
      if (!opened) {
        if (ch === 0x5b /* [ */) opened = true;
        else if (ch > 0x20) throw new SyntaxError('expected a JSON array');
        continue;
      }
      if (ch === 0x22 /* " */) inString = true;
      else if (ch === 0x7b /* { */ || ch === 0x5b /* [ */) {
        if (depth === 0) start = i - 1;
        depth++;
      } else if (ch === 0x7d /* } */ || ch === 0x5d /* ] */) {
        if (depth === 0) return; // end of the outer array
        depth--;
        if (depth === 0) {
          parts.push(s.slice(start, i));
          const text = parts.length === 1 ? parts[0]! : parts.join('');
          parts = [];
          start = -1;
          yield JSON.parse(text);
        }
      }
    }
    if (depth > 0) parts.push(s.slice(start));
  }
  throw new SyntaxError(opened ? 'JSON body ended inside the array' : 'empty body, expected a JSON array');
}

/** The first `n` chars of a message, whitespace collapsed (platform messages, never raw bodies with secrets). */
export function snippet(s: string | undefined, n = 160): string {
  return (s ?? '').replace(/\s+/g, ' ').slice(0, n);
}

// Redaction for anything that leaves a Lambda as text (log lines, error messages built from
// untrusted platform bodies). Two independent nets, because either alone misses cases:
//  1. by key: any property whose name looks secret-bearing is replaced wholesale;
//  2. by value: every string is scrubbed of the secret values registered for the current work
//     (the decrypted credentials), wherever they appear (inside messages, URLs, stack traces),
//     and of common inline forms (`Bearer …`, `access_token=…`).
// Written here rather than taken from a library: the logging libraries on npm redact by path
// (pino's `redact`) and cannot scrub a known value out of free text.

export const REDACTED = '[REDACTED]';

/** Property names whose values are never logged. Over-matching (e.g. `partitionKey`) is accepted. */
const SECRET_KEY = /secret|token|passw|pwd|credential|key|authori[sz]ation|cookie|signature|session/i;

/** Inline secrets in free text: `Bearer x`, `access_token=x`, `"client_secret":"x"`. */
const INLINE_PATTERNS: [RegExp, string][] = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/]+=*/g, `$1 ${REDACTED}`],
  [
    /\b([A-Za-z_-]*(?:token|secret|key|password|signature)[A-Za-z_-]*)=([^&\s"',;]+)/gi,
    `$1=${REDACTED}`,
  ],
  [
    /("[A-Za-z_-]*(?:token|secret|key|password|signature)[A-Za-z_-]*"\s*:\s*")((?:[^"\\]|\\.)*)"/gi,
    `$1${REDACTED}"`,
  ],
];

/** Strings shorter than this are not registered as secret values (they would blank out ordinary text). */
const MIN_SECRET_LENGTH = 4;
const MAX_STRING = 2048;
const MAX_DEPTH = 8;

// Reference-counted so that overlapping requests in one process (the local stack runs every
// Lambda in one Node process) do not unregister each other's values.
const registered = new Map<string, number>();

function stringLeaves(value: unknown, out: string[], depth = 0): string[] {
  if (depth > MAX_DEPTH) return out;
  if (typeof value === 'string') out.push(value);
  else if (typeof value === 'number' || typeof value === 'bigint') out.push(String(value));
  else if (Array.isArray(value)) value.forEach((v) => stringLeaves(v, out, depth + 1));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => stringLeaves(v, out, depth + 1));
  return out;
}

/**
 * Registers secret values (strings, or every string/number leaf of an object) to be scrubbed from
 * all redacted output until the returned function is called. Call it as soon as a secret is in
 * memory (on input, after decryption) and release it in `finally`.
 */
export function registerSecrets(...values: unknown[]): () => void {
  const leaves = [...new Set(values.flatMap((v) => stringLeaves(v, [])))].filter(
    (s) => s.length >= MIN_SECRET_LENGTH,
  );
  for (const s of leaves) registered.set(s, (registered.get(s) ?? 0) + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    for (const s of leaves) {
      const n = (registered.get(s) ?? 1) - 1;
      if (n <= 0) registered.delete(s);
      else registered.set(s, n);
    }
  };
}

/** Number of distinct values currently registered (for tests of the release discipline). */
export function registeredSecretCount(): number {
  return registered.size;
}

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** Scrubs registered secret values and inline secret forms from a string, then truncates it. */
export function redactString(input: string, maxLength = MAX_STRING): string {
  let s = input;
  // Longest first, so a secret that contains another registered secret is removed whole.
  const values = [...registered.keys()].sort((a, b) => b.length - a.length);
  for (const v of values) if (s.includes(v)) s = s.split(v).join(REDACTED);
  for (const [re, repl] of INLINE_PATTERNS) s = s.replace(re, repl);
  return s.length > maxLength ? `${s.slice(0, maxLength)}…(${s.length - maxLength} more chars)` : s;
}

function redactError(err: Error, seen: WeakSet<object>, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = { name: err.name, message: redactString(err.message) };
  const extra = err as Error & { code?: unknown; $fault?: unknown; $metadata?: { httpStatusCode?: number } };
  if (typeof extra.code === 'string') out.code = extra.code;
  if (typeof extra.$fault === 'string') out.fault = extra.$fault;
  if (typeof extra.$metadata?.httpStatusCode === 'number') out.httpStatusCode = extra.$metadata.httpStatusCode;
  if (err.stack) out.stack = redactString(err.stack, 4096);
  if (err.cause !== undefined && depth < MAX_DEPTH) out.cause = redactValue(err.cause, seen, depth + 1);
  return out;
}

function redactValue(value: unknown, seen: WeakSet<object>, depth: number): unknown {
  if (typeof value === 'string') return redactString(value);
  if (typeof value === 'bigint') return redactString(value.toString());
  if (typeof value === 'number') return registered.has(String(value)) ? REDACTED : value;
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[Truncated]';
  seen.add(value);
  if (value instanceof Error) return redactError(value, seen, depth);
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return `[${value.byteLength} bytes]`;
  if (Array.isArray(value)) return value.slice(0, 100).map((v) => redactValue(v, seen, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = isSecretKey(k) && v !== undefined && v !== null ? REDACTED : redactValue(v, seen, depth + 1);
  }
  return out;
}

/** A redacted deep copy: secret-named keys blanked, registered values and inline secrets scrubbed. */
export function redact<T>(value: T): unknown {
  return redactValue(value, new WeakSet(), 0);
}

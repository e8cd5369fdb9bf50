// Loads APPSYNC_JS code into an isolated node:vm context. The sandbox holds only ECMAScript built-ins
// plus the AppSync globals (util, runtime, extensions, console) built inside it by realm/index.ts;
// process, require, fs, network and timers do not exist there, and string/wasm code generation is off.
import vm from 'node:vm';
import { SourceMap } from 'node:module';
import { randomBytes } from 'node:crypto';
import { createHash } from 'node:crypto';
import { buildSync } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { checkAndPrepare, type CodeError } from './code-check.js';
import type { RealmApi, Outcome } from './realm/index.js';
import type { LogEntry } from './realm/state.js';

export type { Outcome } from './realm/index.js';
export type { CodeError } from './code-check.js';

/** AppSync's answer when evaluation takes too long (as returned for timed-out requests). */
export const TIMEOUT_ERROR = { message: 'Execution timed out.', errorType: 'ExecutionTimeout' } as const;

/**
 * Per-handler evaluation limit. AppSync documents only the 30 s request limit; 5 s stops runaway code
 * quickly without failing legitimate handlers on a heavily loaded machine.
 */
export const DEFAULT_HANDLER_TIMEOUT_MS = 5_000;

let realmScript: vm.Script | null = null;

/** The sandbox built-ins, compiled once per process and run in every new context. */
function realm(): vm.Script {
  if (realmScript) return realmScript;
  const entry = fileURLToPath(new URL('./realm/index.ts', import.meta.url));
  const built = buildSync({
    entryPoints: [entry],
    bundle: true,
    format: 'iife',
    globalName: '__appsyncRealm',
    platform: 'neutral',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const text = built.outputFiles[0]!.text;
  // Wrapped in a function so the iife's `var` stays local and nothing of it is left on the global.
  realmScript = new vm.Script(`(function () {\n${text}\nreturn __appsyncRealm.install;\n})()`, { filename: 'appsync-runtime.js' });
  return realmScript;
}

export class CodeLoadError extends Error {
  constructor(
    message: string,
    readonly codeErrors: CodeError[],
  ) {
    super(message);
    this.name = 'CodeLoadError';
  }
}

export interface HandlerResult extends Omit<Outcome, 'x' | 'logs'> {
  /** For k === 'exception': AppSync's "code.js:L:C: Error: message" text. */
  exceptionMessage?: string;
  /** console.* output as EvaluateCode prints it: `INFO - code.js:5:3: "current id" "record-id"`. */
  logs: string[];
}

export interface LoadedCode {
  readonly exports: readonly string[];
  has(name: string): boolean;
  /** Runs an exported handler with a JSON-serialisable context. */
  invoke(name: string, context: Record<string, unknown>, timeoutMs?: number): HandlerResult;
  /** Same, with the context already serialised (EvaluateCode passes it through). */
  invokeJson(name: string, contextJson: string, timeoutMs?: number): HandlerResult;
}

/**
 * Positions in resolver code as AppSync reports them: "code.js:L:C", or — when the bundle carries an
 * inline source map, as AWS recommends — the original file's position (additional-utilities.html:
 * "log lines and runtime errors then point to original files").
 */
function positionFormatter(code: string): (line: number, column: number) => string {
  const m = /\/\/# sourceMappingURL=data:application\/json(?:;charset=[^;,]+)?;base64,([A-Za-z0-9+/=]+)\s*$/.exec(code);
  let map: SourceMap | null = null;
  if (m) {
    try {
      map = new SourceMap(JSON.parse(Buffer.from(m[1]!, 'base64').toString('utf8')));
    } catch {
      map = null;
    }
  }
  return (line, column) => {
    const entry = map?.findEntry(line - 1, column - 1) as { originalSource?: string; originalLine?: number; originalColumn?: number } | undefined;
    if (entry?.originalSource !== undefined && entry.originalLine !== undefined && entry.originalColumn !== undefined) {
      const file = entry.originalSource.replace(/^(?:\.\.?\/)+/, '');
      return `${file}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
    }
    return `code.js:${line}:${column}`;
  };
}

function formatCodeErrors(errors: CodeError[]): string {
  return errors.map((e) => `code.js(${e.location.line},${e.location.column}): error ${e.errorType}: ${e.value}`).join('\n');
}

/** Compiles and evaluates resolver code in a fresh sandbox. Throws CodeLoadError with AppSync-style codeErrors. */
export function loadCode(code: string, timeoutMs = DEFAULT_HANDLER_TIMEOUT_MS): LoadedCode {
  const checked = checkAndPrepare(code);
  if (!checked.ok) throw new CodeLoadError(formatCodeErrors(checked.errors), checked.errors);
  const { prepared } = checked;

  const context = vm.createContext({}, { name: 'APPSYNC_JS', codeGeneration: { strings: false, wasm: false } });
  const install = realm().runInContext(context) as (bridge: { randomHex(n: number): string }) => RealmApi;
  const api = install({ randomHex: (n: number) => randomBytes(Math.max(0, Math.min(64, n | 0))).toString('hex') });

  let factory: unknown;
  try {
    factory = new vm.Script(prepared.wrapped, { filename: 'code.js', lineOffset: -1 }).runInContext(context, { timeout: timeoutMs });
  } catch (e) {
    const err = e as Error;
    throw new CodeLoadError(err.message, [{ errorType: 'PARSER_ERROR', value: err.message, location: { line: 0, column: 0, span: -1 } }]);
  }
  const loaded = JSON.parse(api.load(factory as Parameters<RealmApi['load']>[0], timeoutMs)) as {
    ok: boolean;
    exports?: string[];
    timeout?: boolean;
    message?: string;
    line?: number;
    column?: number;
  };
  if (!loaded.ok) {
    const where = loaded.line ? prepared.toOriginal(loaded.line, loaded.column ?? 1) : { line: 0, column: 0 };
    const message = loaded.timeout ? TIMEOUT_ERROR.message : `code.js:${where.line}:${where.column}: ${loaded.message}`;
    throw new CodeLoadError(message, [{ errorType: 'RUNTIME_ERROR', value: message, location: { ...where, span: -1 } }]);
  }
  const exports = Object.freeze(loaded.exports ?? []);
  const position = positionFormatter(code);

  const logLine = (l: LogEntry): string => {
    if (!l.line) return `${l.level} - code.js:0:0: ${l.text}`;
    const at = prepared.toOriginal(l.line, l.column);
    // V8 points at the method name; AppSync's log lines point at the start of the console.* call.
    const before = prepared.originalLine(at.line).slice(0, at.column - 1);
    const m = /console\s*\.\s*$/.exec(before);
    return `${l.level} - ${position(at.line, m ? m.index + 1 : at.column)}: ${l.text}`;
  };

  const invokeJson = (name: string, contextJson: string, limit = timeoutMs): HandlerResult => {
    const out = JSON.parse(api.invoke(name, contextJson, limit)) as Outcome;
    const { x, logs, ...rest } = out;
    const result: HandlerResult = { ...rest, logs: logs.length ? logs.map(logLine) : [] };
    if (out.k !== 'exception') return result;
    const where = x?.line ? prepared.toOriginal(x.line, x.column ?? 1) : null;
    result.exceptionMessage = where ? `${position(where.line, where.column)}: ${x!.message}` : (x?.message ?? 'Error');
    return result;
  };

  return {
    exports,
    has: (name) => exports.includes(name),
    invokeJson,
    invoke: (name, ctx, limit) => invokeJson(name, JSON.stringify(ctx), limit),
  };
}

const cache = new Map<string, LoadedCode>();

/** loadCode with a cache keyed by the code's hash (loading lints and builds a context: milliseconds). */
export function loadCodeCached(code: string, timeoutMs = DEFAULT_HANDLER_TIMEOUT_MS): LoadedCode {
  const key = `${timeoutMs}:${createHash('sha256').update(code).digest('base64')}`;
  let hit = cache.get(key);
  if (!hit) {
    hit = loadCode(code, timeoutMs);
    // Each entry holds a vm context (a few MB): keep the cache small (EvaluateCode callers send arbitrary code).
    if (cache.size >= 64) cache.delete(cache.keys().next().value!);
    cache.set(key, hit);
  }
  return hit;
}

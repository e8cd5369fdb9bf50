// The APPSYNC_JS built-ins, evaluated INSIDE each resolver sandbox (a node:vm context). Everything
// resolver code can reach is created in the sandbox's own realm, so no host object (and through it no
// host Function constructor, process or require) is ever exposed. The host talks to this code only
// with strings: it passes the context as JSON and reads the outcome back as JSON.
import { escapeEcmaScript, formUrlDecode, formUrlEncode, utf8Encode, utf8Decode, bytesToBase64, base64ToBytes } from './encoding.js';
import { autoId, autoKsuid, autoUlid, setRandomSource } from './ids.js';
import { timeUtil } from './time.js';
import { dynamodbUtil } from './dynamodb-util.js';
import { transformUtil } from './transform.js';
import { httpUtil } from './http.js';
import { xmlUtil } from './xml.js';
import { ddbModule } from './ddb-module.js';
import { lockdown } from './lockdown.js';
import { apply, arrayIncludes, create, defineProperty, Error, freeze, isArray, Map, normalize, Proxy, reflectGet, RegExp, setPrototypeOf, Symbol, TypeError } from './intrinsics.js';
import { groupCount, javaRegExp, javaReplacement } from './java-regex.js';
import { checkFilterLimits } from './filter-limits.js';
import {
  state,
  freshState,
  UtilErrorSignal,
  EarlyReturnSignal,
  TIMEOUT,
  startClock,
  stopClock,
  tick,
  type RealmError,
  type LogEntry,
} from './state.js';

type Obj = Record<string, unknown>;

const jsonParse = JSON.parse;
const jsonStringify = JSON.stringify;

// $util helpers that exist only in VTL; AppSync's JS `util` does not have them (built-in-util-js.html).
const VTL_ONLY = [
  'isNull',
  'isNullOrEmpty',
  'isNullOrBlank',
  'defaultIfNull',
  'defaultIfNullOrEmpty',
  'defaultIfNullOrBlank',
  'isString',
  'isNumber',
  'isBoolean',
  'isList',
  'isMap',
  'typeOf',
  'toJson',
  'parseJson',
  'qr',
  'quiet',
  'validate',
  'list',
  'map',
  'log',
];

/**
 * Makes a read of a missing member fail loudly, naming it, instead of yielding undefined: the local
 * runtime must not silently diverge from AWS when a resolver uses something it does not implement.
 */
function guard<T extends object>(obj: T, path: string): T {
  const PASS = new Set(['toJSON', 'then', 'constructor', 'valueOf', 'toString', 'toLocaleString', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', '__proto__', 'asymmetricMatch', 'nodeType', 'inspect']);
  const proto = new Proxy(Object.prototype, {
    get(target, prop, receiver) {
      if (typeof prop !== 'string' || PASS.has(prop)) return reflectGet(target, prop, receiver);
      const name = `${path}.${prop}`;
      const why = path === 'util' && arrayIncludes(VTL_ONLY, prop) ? ' (it is a VTL-only $util helper; APPSYNC_JS does not provide it)' : ' (not available in this APPSYNC_JS runtime)';
      return function notImplemented() {
        throw new TypeError(`${name} is not a function${why}`);
      };
    },
  });
  setPrototypeOf(obj, proto);
  return freeze(obj);
}

function makeError(msg: string, errorType: unknown, data: unknown, errorInfo: unknown): RealmError {
  return {
    message: msg,
    errorType: typeof errorType === 'string' ? errorType : null,
    data: data === undefined ? null : data,
    errorInfo: errorInfo === undefined ? null : errorInfo,
  };
}

// util.error / appendError with a non-string message or error type do nothing on AWS
// (aws/aws-appsync-community#384); reproduce that rather than "fixing" it.
const validErrorArgs = (msg: unknown, errorType: unknown) =>
  typeof msg === 'string' && (errorType === undefined || errorType === null || typeof errorType === 'string');

const JAVA_REGEX_UNSUPPORTED = /\(\?<[=!]|\\[pP]\{(?:Is|In|java)|\\[QE]|\(\?[a-z]*[uxU]/;

const util = guard(
  {
    escapeJavaScript: (s: string) => escapeEcmaScript(String(s)),
    urlEncode: (s: string) => formUrlEncode(String(s)),
    urlDecode: (s: string) => formUrlDecode(String(s)),
    base64Encode: (s: string) => bytesToBase64(utf8Encode(String(s))),
    base64Decode: (s: string) => utf8Decode(base64ToBytes(String(s))),
    autoId,
    autoUlid,
    autoKsuid,
    unauthorized(): never {
      const s = state.current;
      throw new UtilErrorSignal(
        makeError(`Not Authorized to access ${s.fieldName} on type ${s.parentTypeName}`, 'Unauthorized', null, null),
      );
    },
    error(msg: string, errorType?: string, data?: unknown, errorInfo?: unknown): never {
      if (!validErrorArgs(msg, errorType)) return undefined as never;
      throw new UtilErrorSignal(makeError(msg, errorType, data, errorInfo));
    },
    appendError(msg: string, errorType?: string, data?: unknown, errorInfo?: unknown): void {
      if (!validErrorArgs(msg, errorType)) return;
      state.current.errors.push(makeError(msg, errorType, data, errorInfo));
    },
    /** Java Pattern.matches: the whole value must match. */
    matches(pattern: string, value: string): boolean {
      if (JAVA_REGEX_UNSUPPORTED.test(pattern)) throw new Error(`util.matches: pattern construct not supported locally: ${pattern}`);
      return new RegExp(`^(?:${pattern})$`).test(String(value));
    },
    authType(): string {
      return state.current.authType;
    },
    time: guard({ ...timeUtil }, 'util.time'),
    dynamodb: guard({ ...dynamodbUtil }, 'util.dynamodb'),
    transform: guard({ ...transformUtil }, 'util.transform'),
    http: guard({ ...httpUtil }, 'util.http'),
    xml: guard({ ...xmlUtil }, 'util.xml'),
    str: guard(
      {
        normalize(value: string, form: string) {
          const f = String(form).toUpperCase();
          if (f !== 'NFC' && f !== 'NFD' && f !== 'NFKC' && f !== 'NFKD') throw new Error(`util.str.normalize: unknown normalization type ${form}`);
          return normalize(String(value), f);
        },
      },
      'util.str',
    ),
    math: guard(
      {
        roundNum: (n: number) => Math.round(n),
        minVal: (a: number, b: number) => Math.min(a, b),
        maxVal: (a: number, b: number) => Math.max(a, b),
        randomDouble: () => Math.random(),
        randomWithinRange: (start: number, end: number) => Math.floor(Math.random() * (end - start + 1)) + start,
      },
      'util.math',
    ),
    rds: guard(
      {
        toJsonObject(result: unknown) {
          const parsed = (typeof result === 'string' ? jsonParse(result) : result) as { sqlStatementResults?: Obj[] } | null;
          if (!parsed || !isArray(parsed.sqlStatementResults)) return null;
          return parsed.sqlStatementResults.map((r) => {
            const cols = (r.columnMetadata as { label?: string; name?: string }[] | undefined) ?? [];
            const records = (r.records as Obj[][] | undefined) ?? [];
            return records.map((row) => {
              const out: Obj = {};
              row.forEach((cell, i) => {
                const col = cols[i];
                const key = col?.label ?? col?.name ?? String(i);
                out[key] = cell.isNull ? null : (cell.stringValue ?? cell.longValue ?? cell.doubleValue ?? cell.booleanValue ?? cell.blobValue ?? cell.arrayValue ?? null);
              });
              return out;
            });
          });
        },
      },
      'util.rds',
    ),
  },
  'util',
);

const runtime = guard(
  {
    earlyReturn(obj?: unknown, options?: { skipTo?: 'END' | 'NEXT' }): never {
      const skipTo = options?.skipTo;
      if (skipTo !== undefined && skipTo !== 'END' && skipTo !== 'NEXT') throw new Error(`runtime.earlyReturn: skipTo must be 'END' or 'NEXT', got ${String(skipTo)}`);
      throw new EarlyReturnSignal(obj, skipTo);
    },
  },
  'runtime',
);

const extensions = guard(
  {
    evictFromApiCache(typeName: string, fieldName: string, keyValuePair: Obj): void {
      state.current.evictions.push({ typeName, fieldName, keyValuePair });
    },
    setSubscriptionFilter(filter: unknown): void {
      checkFilterLimits(filter, 'extensions.setSubscriptionFilter');
      state.current.subscriptionFilter = filter;
    },
    setSubscriptionInvalidationFilter(filter: unknown): void {
      checkFilterLimits(filter, 'extensions.setSubscriptionInvalidationFilter');
      state.current.subscriptionInvalidationFilter = filter;
    },
    invalidateSubscriptions(obj: { subscriptionField: string; payload: Obj }): void {
      state.current.invalidations.push(obj);
    },
  },
  'extensions',
);

function notInRuntime(name: string) {
  return () => {
    throw new TypeError(`@aws-appsync/utils/rds.${name} is not available in this APPSYNC_JS runtime`);
  };
}

const rdsModule = guard(
  {
    select: notInRuntime('select'),
    insert: notInRuntime('insert'),
    update: notInRuntime('update'),
    remove: notInRuntime('remove'),
    sql: notInRuntime('sql'),
    createPgStatement: notInRuntime('createPgStatement'),
    createMySQLStatement: notInRuntime('createMySQLStatement'),
    toJsonObject: util.rds.toJsonObject,
  },
  '@aws-appsync/utils/rds',
);

const utilsModule = freeze({ util, runtime, extensions });
const dynamodbModule = guard({ ...ddbModule, operations: freeze({ ...ddbModule.operations }) }, '@aws-appsync/utils/dynamodb');

const MODULES: Record<string, unknown> = {
  '@aws-appsync/utils': utilsModule,
  '@aws-appsync/utils/dynamodb': dynamodbModule,
  '@aws-appsync/utils/rds': rdsModule,
};

function requireModule(name: string): unknown {
  const m = MODULES[name];
  if (!m) throw new Error(`Cannot find module '${name}'`);
  return m;
}

/** "code.js:L:C" of the innermost resolver frame in a stack. */
function codePosition(stack: string | undefined): { line: number; column: number } | null {
  if (!stack) return null;
  const m = /code\.js:(\d+):(\d+)/.exec(stack);
  return m ? { line: Number(m[1]), column: Number(m[2]) } : null;
}

function describeArg(v: unknown): string {
  if (typeof v === 'string') return jsonStringify(v);
  if (v === undefined) return 'undefined';
  try {
    return jsonStringify(v) ?? String(v);
  } catch {
    // A function or a cyclic value: APPSYNC_JS functions have no toString to print them with.
    return `[${typeof v}]`;
  }
}

function logger(level: 'INFO' | 'ERROR') {
  return (...args: unknown[]) => {
    const pos = codePosition(new Error().stack?.split('\n').slice(2).join('\n'));
    state.current.logs.push({ level, line: pos?.line ?? 0, column: pos?.column ?? 0, text: args.map(describeArg).join(' ') });
  };
}

const consoleObj = freeze({ log: logger('INFO'), info: logger('INFO'), warn: logger('INFO'), debug: logger('INFO'), error: logger('ERROR') });

// ---------------------------------------------------------------------------------------------

type ModuleFactory = (require: (n: string) => unknown, tick: () => void) => Obj;

// Every bundle loaded into this context, by the id load() gave it. A bundle's module body runs anew
// for each invocation, so module-level variables never carry one evaluation's data into the next.
const modules = new Map<number, ModuleFactory>();
let nextModuleId = 1;

interface CtxInput {
  arguments?: Obj;
  identity?: unknown;
  source?: unknown;
  stash?: Obj;
  result?: unknown;
  prev?: unknown;
  error?: unknown;
  info?: Obj;
  request?: Obj;
  env?: Record<string, string>;
  authType?: string;
}

// selectionSetList/GraphQL are readable but not serialised by JSON.stringify(ctx.info)
// (resolver-context-reference-js.html): they live under symbols, exposed by prototype getters.
const SELECTION_LIST = Symbol('selectionSetList');
const SELECTION_GRAPHQL = Symbol('selectionSetGraphQL');
const infoPrototype = freeze(
  create(Object.prototype, {
    selectionSetList: {
      get(this: Record<symbol, unknown>) {
        return this[SELECTION_LIST];
      },
    },
    selectionSetGraphQL: {
      get(this: Record<symbol, unknown>) {
        return this[SELECTION_GRAPHQL];
      },
    },
  }),
);

// ctx and its direct members are read-only in APPSYNC_JS; the lint rule no-disallowed-re-assignment
// refuses such writes at load time, so the context is not frozen again per call (freezing costs µs).
function buildContext(raw: CtxInput): Obj {
  const args = raw.arguments ?? {};
  const infoIn = raw.info ?? {};
  const info = create(infoPrototype) as Obj & Record<symbol, unknown>;
  info.fieldName = infoIn.fieldName;
  info.parentTypeName = infoIn.parentTypeName;
  info.variables = infoIn.variables ?? {};
  info[SELECTION_LIST] = infoIn.selectionSetList ?? [];
  info[SELECTION_GRAPHQL] = infoIn.selectionSetGraphQL ?? '';
  const ctx: Obj = {
    arguments: args,
    args,
    identity: raw.identity,
    source: raw.source,
    stash: raw.stash ?? {},
    result: raw.result,
    prev: raw.prev ?? { result: undefined },
    info,
    request: raw.request ?? { headers: {}, domainName: null },
    env: raw.env ?? {},
  };
  if (raw.error !== undefined && raw.error !== null) ctx.error = raw.error;
  return ctx;
}

export interface Outcome {
  k: 'ok' | 'early' | 'error' | 'exception' | 'timeout' | 'missing';
  v?: unknown;
  skipTo?: string;
  e?: RealmError;
  x?: { message: string; line?: number; column?: number };
  errors: RealmError[];
  logs: LogEntry[];
  stash?: unknown;
  headers?: Record<string, string>;
  ext?: Obj;
}

function invoke(id: number, name: string, ctxJson: string, timeoutMs: number): string {
  return run(id, name, () => jsonParse(ctxJson) as CtxInput, timeoutMs);
}

/** Runs a handler on the context `input` gives (read once, after the module is found). */
function run(id: number, name: string, input: () => CtxInput, timeoutMs: number): string {
  const factory = modules.get(id);
  const s = freshState();
  state.current = s;
  if (!factory) return jsonStringify({ k: 'exception', x: { message: 'Error: module not loaded' }, errors: [], logs: [] });
  const raw = input();
  s.fieldName = String(raw.info?.fieldName ?? '');
  s.parentTypeName = String(raw.info?.parentTypeName ?? '');
  s.authType = raw.authType ?? '';
  const ctx = buildContext(raw);
  let out: Outcome;
  startClock(timeoutMs);
  try {
    const fn = factory(requireModule, tick)[name];
    if (typeof fn !== 'function') return jsonStringify({ k: 'missing', errors: [], logs: [] });
    out = { k: 'ok', v: (fn as (c: Obj) => unknown)(ctx), errors: s.errors, logs: s.logs };
  } catch (e) {
    if (e instanceof EarlyReturnSignal) out = { k: 'early', v: e.value, skipTo: e.skipTo, errors: s.errors, logs: s.logs };
    else if (e instanceof UtilErrorSignal) out = { k: 'error', e: e.error, errors: s.errors, logs: s.logs };
    else if (e === TIMEOUT) out = { k: 'timeout', errors: s.errors, logs: s.logs };
    else {
      const err = e as { name?: string; message?: string; stack?: string } | null;
      const pos = codePosition(err?.stack);
      const text = err && typeof err === 'object' ? `${err.name ?? 'Error'}: ${err.message ?? ''}` : String(e);
      out = { k: 'exception', x: { message: text, ...(pos ?? {}) }, errors: s.errors, logs: s.logs };
    }
  } finally {
    stopClock();
  }
  out.stash = ctx.stash;
  if (Object.keys(s.responseHeaders).length) out.headers = s.responseHeaders;
  const ext: Obj = {};
  if (s.subscriptionFilter !== undefined) ext.subscriptionFilter = s.subscriptionFilter;
  if (s.subscriptionInvalidationFilter !== undefined) ext.subscriptionInvalidationFilter = s.subscriptionInvalidationFilter;
  if (s.invalidations.length) ext.invalidations = s.invalidations;
  if (s.evictions.length) ext.evictions = s.evictions;
  if (Object.keys(ext).length) out.ext = ext;
  try {
    return jsonStringify(out);
  } catch (e) {
    return jsonStringify({ k: 'exception', x: { message: `TypeError: ${(e as Error).message}` }, errors: s.errors, logs: s.logs });
  }
}

/**
 * One handler of a chain (see chain()): [module id, handler name, whether its value becomes prev.result,
 * where its ctx.result comes from: 0 none, 1 the NONE data source's answer to the previous handler's
 * request (its `payload`), 2 prev.result (a pipeline's response handler)].
 */
type ChainStep = [id: number, name: string, setsPrev: 0 | 1, result: 0 | 1 | 2];

// The base context of the last chain, parsed. The handlers of a resolver run share it, so each gets a
// copy instead of parsing the same text again: a typical context (~1 kB: identity, headers, info)
// takes ~3 µs to parse here and well under 1 µs to copy.
let baseText = '';
let baseValue: CtxInput = {};

/** A copy of a JSON.parse result, equal to parsing the same text again (own "__proto__" keys included). */
function jsonCopy(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (isArray(v)) {
    const out: unknown[] = [];
    for (let i = 0; i < v.length; i++) out[i] = jsonCopy(v[i]);
    return out;
  }
  const out: Obj = {};
  for (const k in v as Obj) {
    const value = jsonCopy((v as Obj)[k]);
    if (k === '__proto__') defineProperty(out, k, { value, writable: true, enumerable: true, configurable: true });
    else out[k] = value;
  }
  return out;
}

/** The NONE data source's ctx.result for a request, as the host's data-sources/none.ts answers it. */
function nonePayload(request: unknown): unknown {
  return typeof request === 'object' && request !== null && !isArray(request) ? (request as { payload?: unknown }).payload : undefined;
}

/**
 * Runs handlers that no I/O separates (a pipeline's request and its first function's request, a
 * function's response and the next one's request, a request and response around a NONE data source)
 * in one call from the host instead of one call each. Every handler's context text is built exactly as
 * the host builds it (base, stash, prev, result, error), from the previous outcome as the host would
 * read it back: its JSON text parsed. Stops after the first outcome that is not 'ok', after the last
 * step, or before a step once `budgetMs` have passed; answers the outcomes' texts as one JSON array.
 */
function chain(base: string, stash: string, prev: string | null, result: string | null, error: string | null, stepsJson: string, timeoutMs: number, budgetMs: number): string {
  const steps = jsonParse(stepsJson) as ChainStep[];
  const started = Date.now();
  if (base !== baseText) {
    baseValue = jsonParse(`${base}}`) as CtxInput;
    baseText = base;
  }
  let text = '[';
  for (let i = 0; i < steps.length; i++) {
    if (i > 0 && Date.now() - started >= budgetMs) break;
    const [id, name, setsPrev] = steps[i]!;
    // What parsing `${base},"stash":…,"prev":…,"result":…,"error":…}` gives, as the host would send it.
    const input = (): CtxInput => {
      const raw = jsonCopy(baseValue) as CtxInput;
      raw.stash = jsonParse(stash) as Obj;
      if (prev !== null) raw.prev = jsonParse(prev);
      if (result !== null) raw.result = jsonParse(result);
      if (error !== null) raw.error = jsonParse(error);
      return raw;
    };
    const outText = run(id, name, input, timeoutMs);
    text += (i ? ',' : '') + outText;
    const next = steps[i + 1];
    if (!next) break;
    const out = jsonParse(outText) as Outcome;
    if (out.k !== 'ok') break;
    if (out.stash !== undefined) stash = jsonStringify(out.stash);
    if (setsPrev) prev = jsonStringify({ result: out.v });
    result = next[3] === 1 ? jsonStringify(nonePayload(out.v) ?? null) : next[3] === 2 ? jsonStringify((prev === null ? undefined : (jsonParse(prev) as { result?: unknown }).result) ?? null) : null;
    error = null;
  }
  return text + ']';
}

/**
 * Registers the module factory the loader compiled from a bundle (imports rewritten to `require`) and
 * runs its body once to report the exported handlers and any load-time error.
 */
function load(factory: ModuleFactory, timeoutMs: number): string {
  state.current = freshState();
  startClock(timeoutMs);
  try {
    const exported = factory(requireModule, tick);
    const id = nextModuleId++;
    modules.set(id, factory);
    return jsonStringify({ ok: true, id, exports: Object.keys(exported).filter((k) => typeof exported[k] === 'function') });
  } catch (e) {
    if (e === TIMEOUT) return jsonStringify({ ok: false, timeout: true });
    const err = e as { name?: string; message?: string; stack?: string };
    return jsonStringify({ ok: false, message: `${err?.name ?? 'Error'}: ${err?.message ?? String(e)}`, ...(codePosition(err?.stack) ?? {}) });
  } finally {
    stopClock();
  }
}

function unload(id: number): void {
  modules.delete(id);
}

export interface RealmApi {
  load: typeof load;
  invoke: typeof invoke;
  chain: typeof chain;
  unload: typeof unload;
}

/**
 * Built-ins whose APPSYNC_JS behaviour differs from ECMAScript, as https://docs.aws.amazon.com/appsync/latest/devguide/supported-features.html
 * describes them. The captured Reflect.apply, not .call: lockdown() removes Function.prototype.call and Reflect.
 */
function installDocumentedBuiltins(): void {
  const method = (proto: object, name: string, value: (...args: never[]) => unknown) =>
    defineProperty(proto, name, { value, writable: true, enumerable: false, configurable: true });
  // "Array.prototype.sort() doesn't support arguments": a comparator is not used.
  const sort = Array.prototype.sort;
  method(Array.prototype, 'sort', function sort_(this: unknown[]) {
    return apply(sort, this, []);
  });
  defineProperty(Array.prototype.sort, 'name', { value: 'sort' });
  // replace/replaceAll: "Regular expressions are not supported. However, Java-styled regular expression
  // constructs are supported in the provided parameter": a string pattern is a java.util.regex Pattern
  // and the replacement string follows Matcher.replaceAll ($n, ${name}, backslash escapes).
  const replace = String.prototype.replace;
  const replaceAll = String.prototype.replaceAll;
  const javaReplace = (all: boolean) =>
    function (this: unknown, pattern: unknown, replacement: unknown): string {
      if (this === null || this === undefined) throw new TypeError(`String.prototype.${all ? 'replaceAll' : 'replace'} called on null or undefined`);
      if (typeof pattern !== 'string') return apply(all ? replaceAll : replace, this, [pattern, replacement]) as string;
      const re = javaRegExp(pattern, all);
      const by = typeof replacement === 'function' ? replacement : javaReplacement(String(replacement), groupCount(re));
      return apply(replace, String(this), [re, by]) as string;
    };
  method(String.prototype, 'replace', javaReplace(false));
  method(String.prototype, 'replaceAll', javaReplace(true));
  defineProperty(String.prototype.replace, 'name', { value: 'replace' });
  defineProperty(String.prototype.replaceAll, 'name', { value: 'replaceAll' });
}

/** Called once per sandbox by the host, then deleted from the sandbox's global object. */
export function install(randomHex: (n: number) => string): RealmApi {
  setRandomSource((n) => String(randomHex(n)));
  const g = globalThis as unknown as Obj;
  const define = (name: string, value: unknown) => defineProperty(g, name, { value, writable: false, enumerable: false, configurable: false });
  define('util', util);
  define('runtime', runtime);
  define('extensions', extensions);
  define('console', consoleObj);
  // APPSYNC_JS: JSON.parse answers "" for text that is not JSON instead of throwing (supported-features.html).
  const safeParse = (text: string, reviver?: (this: unknown, key: string, value: unknown) => unknown) => {
    try {
      return jsonParse(text, reviver);
    } catch {
      return '';
    }
  };
  defineProperty(JSON, 'parse', { value: safeParse, writable: false, configurable: false });
  installDocumentedBuiltins();
  lockdown();
  return freeze({ load, invoke, chain, unload });
}

/**
 * The same built-ins as plain objects, for code that runs them outside a sandbox (the overhead
 * benchmark's direct-call baseline). Not for resolver execution: they are not isolated.
 */
export const builtins = { util, runtime, extensions, requireModule };

// Runs APPSYNC_JS code behind a V8 isolate boundary (isolated-vm): resolver code shares no heap, no
// objects and no constructor chain with Node, so there is no process, require, import(), promise job
// or timer of the host to reach, whatever the code does. node:vm was not enough: its contexts share
// the host's heap and a host object's `constructor` leads back to the host's Function.
// Each isolate has a heap cap (a huge allocation disposes the isolate, which is rebuilt on the next
// call) and every call a wall-clock cap that V8 enforces even inside native work such as regular
// expression backtracking. Measured on this 2-core machine (a loop of isolated-vm calls), a synchronous
// call into the isolate costs ~8 µs and an asynchronous one ~55 µs, and a fresh context per evaluation
// ~1.2 ms: so the GraphQL path calls synchronously into one long-lived context per isolate whose
// shared objects are frozen (realm/lockdown.ts) and whose modules are re-instantiated per call, and
// only an evaluation that outlives a short synchronous slice is retried off the event loop.
import ivm from 'isolated-vm';
import { SourceMap } from 'node:module';
import { createHash, randomBytes } from 'node:crypto';
import { buildSync, version as esbuildVersion } from 'esbuild';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { machineCacheDir } from '../services/cache-dir.js';
import { writePrivateFile } from '../services/files.js';
import { fileURLToPath } from 'node:url';
import { checkAndPrepareOffThread, type CodeError } from './code-check.js';
import type { Outcome } from './realm/index.js';
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

/**
 * How long a call may hold the event loop. Handlers of this project take well under a millisecond;
 * one that is still running after this is stopped and run again, with its full limit, in a second
 * isolate on isolated-vm's own thread, so a hostile evaluation costs the endpoint at most this much.
 * Re-running is safe: a handler's only effects are the outcome it returns.
 */
const SYNC_SLICE_MS = 25;

/** Heap cap per isolate: far above what a handler needs (the realm plus all bundles take ~10 MB). */
const ISOLATE_MEMORY_MB = 128;

if (!process.execArgv.includes('--no-node-snapshot') && !/(^|\s)--no-node-snapshot(\s|$)/.test(process.env.NODE_OPTIONS ?? '')) {
  // isolated-vm crashes Node 20+ when V8 isolates are created from Node's startup snapshot.
  throw new Error('The APPSYNC_JS sandbox needs Node started with --no-node-snapshot (the npm scripts set NODE_OPTIONS).');
}

let realmSource: string | null = null;

/**
 * The sandbox built-ins (realm/index.ts), bundled and installed in every isolate. The bundle is kept in
 * the machine-wide cache per content of realm/ (and esbuild's version): building it costs every process
 * that runs resolvers an esbuild process and ~85 ms of its start, npm start's included.
 */
function realm(): string {
  if (realmSource) return realmSource;
  const dir = fileURLToPath(new URL('./realm/', import.meta.url));
  const hash = createHash('sha256').update(esbuildVersion);
  for (const f of readdirSync(dir).sort()) if (f.endsWith('.ts')) hash.update(f).update('\0').update(readFileSync(join(dir, f)));
  const cached = join(machineCacheDir(), `appsync-realm-${hash.digest('hex').slice(0, 16)}.js`);
  try {
    realmSource = readFileSync(cached, 'utf8');
    return realmSource;
  } catch {
    /* not built yet for these sources */
  }
  const built = buildSync({
    entryPoints: [join(dir, 'index.ts')],
    bundle: true,
    format: 'iife',
    globalName: '__appsyncRealm',
    platform: 'neutral',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  // Wrapped in a function so the iife's `var` stays local and nothing of it is left on the global.
  realmSource = `(function () {\n${built.outputFiles[0]!.text}\nreturn __appsyncRealm.install;\n})()`;
  try {
    writePrivateFile(cached, realmSource);
  } catch {
    /* a read-only node_modules: built again next time */
  }
  return realmSource;
}

const randomHex = new ivm.Callback((n: number) => randomBytes(Math.max(0, Math.min(64, n | 0))).toString('hex'));

/** Why the engine, rather than the realm, ended a call. */
type Stop = { stop: 'timeout' } | { stop: 'memory' } | { stop: 'error'; message: string };

function stopOf(e: unknown, isolate: ivm.Isolate): Stop {
  if (isolate.isDisposed) return { stop: 'memory' };
  const message = e instanceof Error ? e.message : String(e);
  if (/timed out/i.test(message)) return { stop: 'timeout' };
  return { stop: 'error', message };
}

interface Live {
  isolate: ivm.Isolate;
  context: ivm.Context;
  load: ivm.Reference;
  invoke: ivm.Reference;
  chain: ivm.Reference;
  unload: ivm.Reference;
}

/** One isolate whose single context holds the realm and every bundle loaded so far. */
class Engine {
  private live: Live | null = null;
  /** Bumped whenever the isolate is rebuilt: module ids of an older generation no longer exist. */
  generation = 0;
  /** Asynchronous calls queued or running on this isolate's thread. */
  inFlight = 0;

  /** The live isolate, rebuilt (with a new generation) when the previous one was disposed. */
  private ensure(): Live {
    if (this.live && !this.live.isolate.isDisposed) return this.live;
    this.live?.context.release();
    const isolate = new ivm.Isolate({ memoryLimit: ISOLATE_MEMORY_MB });
    const context = isolate.createContextSync();
    const install = isolate.compileScriptSync(realm(), { filename: 'appsync-runtime.js' }).runSync(context, { reference: true }) as ivm.Reference;
    const api = install.applySync(undefined, [randomHex], { result: { reference: true } }) as ivm.Reference;
    const fn = (name: string) => api.getSync(name, { reference: true }) as ivm.Reference;
    this.generation++;
    this.live = { isolate, context, load: fn('load'), invoke: fn('invoke'), chain: fn('chain'), unload: fn('unload') };
    return this.live;
  }

  /** The generation a call would run in now: an isolate disposed since (its memory cap) is replaced first, so its module ids are seen as gone. */
  liveGeneration(): number {
    this.ensure();
    return this.generation;
  }

  /** Compiles a prepared bundle and runs its body once; answers the realm's load report (JSON). */
  loadSync(wrapped: string, limitMs: number, sliceMs: number): string | Stop {
    const live = this.ensure();
    try {
      const script = live.isolate.compileScriptSync(wrapped, { filename: 'code.js', lineOffset: -1 });
      const factory = script.runSync(live.context, { reference: true, timeout: sliceMs }) as ivm.Reference;
      return live.load.applySync(undefined, [factory.derefInto(), limitMs], { timeout: sliceMs }) as string;
    } catch (e) {
      return stopOf(e, live.isolate);
    }
  }

  async load(wrapped: string, limitMs: number): Promise<string | Stop> {
    const live = this.ensure();
    this.inFlight++;
    try {
      const script = await live.isolate.compileScript(wrapped, { filename: 'code.js', lineOffset: -1 });
      const factory = (await script.run(live.context, { reference: true, timeout: limitMs })) as ivm.Reference;
      return (await live.load.apply(undefined, [factory.derefInto(), limitMs], { timeout: limitMs })) as string;
    } catch (e) {
      return stopOf(e, live.isolate);
    } finally {
      this.inFlight--;
    }
  }

  invokeSync(id: number, name: string, json: string, limitMs: number, sliceMs: number): string | Stop {
    const live = this.ensure();
    try {
      return live.invoke.applySync(undefined, [id, name, json, limitMs], { timeout: sliceMs }) as string;
    } catch (e) {
      return stopOf(e, live.isolate);
    }
  }

  /** The realm's chain(): several handlers in one call (see invokeChainSync). */
  chainSync(start: ChainStart, steps: string, limitMs: number, sliceMs: number, budgetMs: number): string | Stop {
    const live = this.ensure();
    try {
      return live.chain.applySync(undefined, [start.base, start.stash, start.prev, start.result, start.error, steps, limitMs, budgetMs], { timeout: sliceMs }) as string;
    } catch (e) {
      return stopOf(e, live.isolate);
    }
  }

  async invoke(id: number, name: string, json: string, limitMs: number): Promise<string | Stop> {
    const live = this.ensure();
    this.inFlight++;
    try {
      return (await live.invoke.apply(undefined, [id, name, json, limitMs], { timeout: limitMs })) as string;
    } catch (e) {
      return stopOf(e, live.isolate);
    } finally {
      this.inFlight--;
    }
  }

  unload(id: number, generation: number): void {
    if (generation !== this.generation || !this.live || this.live.isolate.isDisposed) return;
    this.live.unload.applySync(undefined, [id], { timeout: 100 });
  }
}

/**
 * Where a bundle runs: `sync` (optional) answers within the event loop's slice, `async` on isolated-vm's
 * threads. The GraphQL path has both; EvaluateCode, which runs code sent over the network, only `async`.
 * An isolate runs one call at a time, so each pool has two asynchronous isolates: a call that runs to
 * its limit holds one of them while the other keeps answering.
 */
interface Pool {
  sync: Engine | null;
  async: Engine[];
}

export type PoolName = 'resolvers' | 'evaluate';
const pools: Record<PoolName, Pool> = {
  resolvers: { sync: new Engine(), async: [new Engine(), new Engine()] },
  evaluate: { sync: null, async: [new Engine(), new Engine()] },
};

const leastBusy = (engines: Engine[]): Engine => engines.reduce((a, b) => (b.inFlight < a.inFlight ? b : a));

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
  invoke(name: string, context: Record<string, unknown>, timeoutMs?: number): Promise<HandlerResult>;
  /** Same, with the context already serialised (EvaluateCode passes it through). */
  invokeJson(name: string, contextJson: string, timeoutMs?: number): Promise<HandlerResult>;
  /** Frees the bundle's compiled code in the sandbox. */
  release(): void;
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

interface LoadReport {
  ok: boolean;
  id?: number;
  exports?: string[];
  timeout?: boolean;
  message?: string;
  line?: number;
  column?: number;
}

const isStop = (x: unknown): x is Stop => typeof x === 'object' && x !== null && 'stop' in x;

/** What a call the engine ended looks like to the executor: AppSync's timeout or a runtime error. */
function stopOutcome(stop: Stop): Outcome {
  if (stop.stop === 'timeout') return { k: 'timeout', errors: [], logs: [] };
  const message = stop.stop === 'memory' ? 'RangeError: Evaluation exceeded the memory limit' : `Error: ${stop.message}`;
  return { k: 'exception', x: { message }, errors: [], logs: [] };
}

/** A bundle's module id in each engine it has been loaded into (loaded lazily, again after a rebuild). */
class Placement {
  private readonly ids = new Map<Engine, { generation: number; id: number }>();
  /** The exported handler names, from the first successful load. */
  exports: string[] | null = null;

  constructor(private readonly wrapped: string) {}

  current(engine: Engine): number | undefined {
    const at = this.ids.get(engine);
    return at && at.generation === engine.liveGeneration() ? at.id : undefined;
  }

  private record(engine: Engine, report: string | Stop): LoadReport | Stop {
    if (isStop(report)) return report;
    const parsed = JSON.parse(report) as LoadReport;
    if (parsed.ok && parsed.id !== undefined) {
      this.ids.set(engine, { generation: engine.generation, id: parsed.id });
      this.exports ??= parsed.exports ?? [];
    }
    return parsed;
  }

  loadSync(engine: Engine, limitMs: number, sliceMs: number): LoadReport | Stop {
    return this.record(engine, engine.loadSync(this.wrapped, limitMs, sliceMs));
  }

  async load(engine: Engine, limitMs: number): Promise<LoadReport | Stop> {
    return this.record(engine, await engine.load(this.wrapped, limitMs));
  }

  release(): void {
    for (const [engine, at] of this.ids) engine.unload(at.id, at.generation);
    this.ids.clear();
  }
}

type Result = string | Stop | LoadReport;

/**
 * Runs a call on a bundle (loading it first where needed) synchronously within the slice, when the pool
 * has a synchronous engine. Undefined: the slice ran out (or there is no such engine), run it async.
 */
function runSync(pool: Pool, placement: Placement, limitMs: number, call: (engine: Engine, id: number, sliceMs: number) => string | Stop): Result | undefined {
  if (!pool.sync) return undefined;
  const slice = Math.min(limitMs, SYNC_SLICE_MS);
  let id = placement.current(pool.sync);
  let out: Result;
  if (id === undefined) {
    out = placement.loadSync(pool.sync, limitMs, slice);
    id = placement.current(pool.sync);
  }
  if (id !== undefined) out = call(pool.sync, id, slice);
  return isStop(out!) && out.stop === 'timeout' && limitMs > slice ? undefined : out!;
}

/** The same off the event loop, with the full limit, on the pool's least busy asynchronous engine. */
async function runAsync(pool: Pool, placement: Placement, limitMs: number, call: (engine: Engine, id: number) => Promise<string | Stop>): Promise<Result> {
  const engine = leastBusy(pool.async);
  let id = placement.current(engine);
  if (id === undefined) {
    const report = await placement.load(engine, limitMs);
    id = placement.current(engine);
    if (id === undefined) return report;
  }
  return call(engine, id);
}

export interface LoadOptions {
  timeoutMs?: number;
  /** The engines to run in (default: the GraphQL path's). */
  pool?: PoolName;
}

/** Lints, compiles and loads resolver code into the sandbox. Throws CodeLoadError with AppSync-style codeErrors. */
export async function loadCode(code: string, options: LoadOptions = {}): Promise<LoadedCode> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_HANDLER_TIMEOUT_MS;
  const pool = pools[options.pool ?? 'resolvers'];
  // Checked off the event loop (a worker thread holds ESLint and TypeScript): crafted EvaluateCode input
  // can keep the type checker busy for seconds, and even an ordinary first check loads ~2 s of tools.
  // A verdict cached for this content (kept across restarts) answers at once.
  const checked = await checkAndPrepareOffThread(code);
  if (!checked.ok) throw new CodeLoadError(formatCodeErrors(checked.errors), checked.errors);
  const { prepared } = checked;
  const placement = new Placement(prepared.wrapped);

  const report = runSync(pool, placement, timeoutMs, () => 'loaded') ?? (await runAsync(pool, placement, timeoutMs, async () => 'loaded'));
  const loaded: LoadReport = isStop(report) ? { ok: false, timeout: report.stop === 'timeout', message: stopOutcome(report).x?.message } : typeof report === 'string' ? { ok: true } : report;
  if (!loaded.ok) {
    placement.release();
    const where = loaded.line ? prepared.toOriginal(loaded.line, loaded.column ?? 1) : { line: 0, column: 0 };
    const message = loaded.timeout ? TIMEOUT_ERROR.message : `code.js:${where.line}:${where.column}: ${loaded.message}`;
    throw new CodeLoadError(message, [{ errorType: 'RUNTIME_ERROR', value: message, location: { ...where, span: -1 } }]);
  }
  const exports = Object.freeze(placement.exports ?? []);
  const position = positionFormatter(code);

  const logLine = (l: LogEntry): string => {
    if (!l.line) return `${l.level} - code.js:0:0: ${l.text}`;
    const at = prepared.toOriginal(l.line, l.column);
    // V8 points at the method name; AppSync's log lines point at the start of the console.* call.
    const before = prepared.originalLine(at.line).slice(0, at.column - 1);
    const m = /console\s*\.\s*$/.exec(before);
    return `${l.level} - ${position(at.line, m ? m.index + 1 : at.column)}: ${l.text}`;
  };

  // In place: every outcome here is a fresh object, and copying it with a rest spread cost ~2 µs.
  const shapeOutcome = (out: Outcome): HandlerResult => {
    const result = out as unknown as HandlerResult & { x?: Outcome['x'] };
    if (out.logs.length) result.logs = out.logs.map(logLine);
    if (out.k !== 'exception') return result;
    const x = out.x;
    delete result.x;
    const where = x?.line ? prepared.toOriginal(x.line, x.column ?? 1) : null;
    result.exceptionMessage = where ? `${position(where.line, where.column)}: ${x!.message}` : (x?.message ?? 'Error');
    return result;
  };
  const shape = (raw: Result): HandlerResult =>
    shapeOutcome(
      typeof raw === 'string' ? (JSON.parse(raw) as Outcome) : isStop(raw) ? stopOutcome(raw) : { k: 'exception', x: { message: raw.timeout ? TIMEOUT_ERROR.message : (raw.message ?? 'Error') }, errors: [], logs: [] },
    );

  // Not async: the common case answers within the slice, and a resolved promise costs the caller one tick.
  const invokeJson = (name: string, contextJson: string, limit = timeoutMs): Promise<HandlerResult> => {
    const quick = runSync(pool, placement, limit, (engine, id, slice) => engine.invokeSync(id, name, contextJson, limit, slice));
    if (quick !== undefined) return Promise.resolve(shape(quick));
    return runAsync(pool, placement, limit, (engine, id) => engine.invoke(id, name, contextJson, limit)).then(shape);
  };

  const handle: LoadedCode = {
    exports,
    has: (name) => exports.includes(name),
    invokeJson,
    invoke: (name, ctx, limit) => invokeJson(name, JSON.stringify(ctx), limit),
    release: () => placement.release(),
  };
  chainable.set(handle, { pool, placement, limitMs: timeoutMs, shape: shapeOutcome });
  return handle;
}

/** What invokeChainSync needs of a loaded bundle, kept out of the LoadedCode interface. */
const chainable = new WeakMap<LoadedCode, { pool: Pool; placement: Placement; limitMs: number; shape: (out: Outcome) => HandlerResult }>();

/** The first handler's context parts (JSON texts; null: the member is absent), as the executor builds them. */
export interface ChainStart {
  /** `{"arguments":…,…` up to (without) the stash: the members that are the same for every handler. */
  base: string;
  stash: string;
  prev: string | null;
  result: string | null;
  error: string | null;
}

export interface ChainStep {
  code: LoadedCode;
  name: string;
  /** Its value becomes prev.result for the handlers after it (a pipeline's request, a function's response). */
  setsPrev: boolean;
  /** Where the next handlers' ctx.result comes from (the first handler's is ChainStart.result). */
  result: 'none' | 'payload' | 'prev';
}

const RESULT_FROM = { none: 0, payload: 1, prev: 2 } as const;

/**
 * Runs handlers that no I/O separates in one synchronous call into the sandbox instead of one call
 * each (each call costs an isolated-vm crossing with its timer, and JSON both ways). The realm threads
 * stash and prev.result from one handler to the next exactly as the executor does, and stops after the
 * first outcome that is not 'ok', so the outcomes answered are those the separate calls would give.
 * Answers them in order (fewer than the steps when the chain stopped or its time budget ran out), or
 * why the chain did not run as one call: 'unchained' (no synchronous engine, or the first two
 * handlers' bundles not both loaded into it) or 'stopped' (the slice ran out or the isolate was lost,
 * so a handler of the chain may not fit in one). Then the caller runs the first handler alone, as
 * before (re-running is safe: a handler's only effects are its outcome).
 */
export function invokeChainSync(start: ChainStart, steps: ChainStep[]): HandlerResult[] | 'unchained' | 'stopped' {
  const first = chainable.get(steps[0]!.code);
  const engine = first?.pool.sync;
  if (!first || !engine) return 'unchained';
  const encoded: [number, string, 0 | 1, 0 | 1 | 2][] = [];
  for (const step of steps) {
    const at = chainable.get(step.code);
    const id = at && at.pool === first.pool && at.limitMs === first.limitMs ? at.placement.current(engine) : undefined;
    if (id === undefined) break;
    encoded.push([id, step.name, step.setsPrev ? 1 : 0, RESULT_FROM[step.result]]);
  }
  if (encoded.length < 2) return 'unchained';
  const slice = Math.min(first.limitMs, SYNC_SLICE_MS);
  // No handler starts after a fifth of the slice: the last one started still has most of it.
  const raw = engine.chainSync(start, JSON.stringify(encoded), first.limitMs, slice, slice / 5);
  if (typeof raw !== 'string') return 'stopped';
  return (JSON.parse(raw) as Outcome[]).map((out, i) => chainable.get(steps[i]!.code)!.shape(out));
}

const cache = new Map<string, Promise<LoadedCode>>();

/** loadCode with a cache keyed by the code's hash (loading lints and compiles: milliseconds). */
export function loadCodeCached(code: string, options: LoadOptions = {}): Promise<LoadedCode> {
  const key = `${options.pool ?? 'resolvers'}:${options.timeoutMs ?? DEFAULT_HANDLER_TIMEOUT_MS}:${createHash('sha256').update(code).digest('base64')}`;
  let hit = cache.get(key);
  if (!hit) {
    hit = loadCode(code, options);
    // EvaluateCode callers send arbitrary code: keep the cache bounded and free what leaves it.
    if (cache.size >= 256) {
      const oldest = cache.keys().next().value!;
      void cache.get(oldest)!.then((m) => m.release(), () => undefined);
      cache.delete(oldest);
    }
    cache.set(key, hit);
    hit.catch(() => cache.delete(key));
  }
  return hit;
}

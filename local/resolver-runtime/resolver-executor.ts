// Unit and pipeline resolver execution (resolver-reference-overview-js.html, runtime-utils-js.html):
// request → data source → response, with one stash per resolver run, prev.result threading, early
// returns (incl. skipTo END/NEXT) and AppSync's error semantics (util.error stops the field with data
// null, util.appendError keeps the value, uncaught exceptions are errorType "Code").
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { lambdas } from '../../api/lambdas.js';
import { tableName } from '../../api/tables.js';
import type { DataSourceDef, ResolverDef } from '../../api/wiring/index.js';
import type { AppSyncError, ExecutorOptions, FieldInvocation, FieldOutcome, ResolverExecutor } from './types.js';
import { CodeLoadError, DEFAULT_HANDLER_TIMEOUT_MS, TIMEOUT_ERROR, invokeChainSync, loadCodeCached, type ChainStep, type HandlerResult, type LoadedCode } from './sandbox.js';
import { prepareCheckerFor } from './code-check.js';
import { DynamoDataSource, createDynamoClient } from './data-sources/dynamodb.js';
import { LambdaDataSource } from './data-sources/lambda.js';
import { noneDataSource } from './data-sources/none.js';
import type { DataSourceCallInfo, DataSourceOutcome } from './data-sources/types.js';

type Obj = Record<string, unknown>;

interface DataSource {
  call(request: unknown, info: DataSourceCallInfo): Promise<DataSourceOutcome>;
}

/** util.authType()'s answer, from the identity shape AppSync builds for each auth mode. */
export function authTypeOf(identity: Record<string, unknown> | null | undefined): string {
  if (!identity) return 'API Key Authorization';
  if ('resolverContext' in identity) return 'Lambda Authorization';
  if ('userArn' in identity || 'accountId' in identity) return 'IAM Authorization';
  if ('defaultAuthStrategy' in identity || 'groups' in identity) return 'User Pool Authorization';
  return 'Open ID Connect Authorization';
}

/** Realm errors carry errorType null when unset; AppSyncError leaves it out instead. */
function fromRealm(e: { message: string; errorType: string | null; data: unknown; errorInfo: unknown }): AppSyncError {
  const out: AppSyncError = { message: e.message, data: e.data ?? null, errorInfo: e.errorInfo ?? null };
  if (e.errorType !== null) out.errorType = e.errorType;
  return out;
}

function fieldError(message: string, errorType: string): AppSyncError {
  return { message, errorType, data: null, errorInfo: null };
}

const RECHECK_MS = 1_000;

class CodeFile {
  private current: Promise<LoadedCode | AppSyncError> | null = null;
  private settled: { of: Promise<LoadedCode | AppSyncError>; value: LoadedCode | AppSyncError } | null = null;
  private mtime = -1;
  private checkedAt = 0;

  constructor(
    readonly path: string,
    private readonly timeoutMs: number,
  ) {}

  /** The loaded bundle, reloaded when the file changes (checked at most once a second). */
  get(): Promise<LoadedCode | AppSyncError> {
    const now = Date.now();
    if (this.current && now - this.checkedAt <= RECHECK_MS) return this.current;
    this.checkedAt = now;
    let mtime: number;
    try {
      mtime = statSync(this.path).mtimeMs;
    } catch {
      this.mtime = -1;
      return this.settle(Promise.resolve(fieldError(`Resolver code ${this.path} not found (run \`npm run build\`).`, 'MappingTemplate')));
    }
    if (mtime !== this.mtime || !this.current) {
      this.mtime = mtime;
      return this.settle(
        loadCodeCached(readFileSync(this.path, 'utf8'), { timeoutMs: this.timeoutMs }).catch((e: unknown) => {
          const codeErrors = e instanceof CodeLoadError ? e.codeErrors : [];
          return { message: (e as Error).message, errorType: 'Code', data: null, errorInfo: codeErrors.length ? { codeErrors } : null };
        }),
      );
    }
    return this.current;
  }

  /** What get() would resolve to, when that is known already (undefined while it is loading). */
  peek(): LoadedCode | AppSyncError | undefined {
    const current = this.get();
    return this.settled?.of === current ? this.settled.value : undefined;
  }

  private settle(p: Promise<LoadedCode | AppSyncError>): Promise<LoadedCode | AppSyncError> {
    this.current = p;
    void p.then((value) => {
      this.settled = { of: p, value };
    });
    return p;
  }
}

// The endpoint hands every field of one operation the same identity and headers objects: serialise
// them once per operation instead of once per field (they are not changed after the operation starts).
const jsonCache = new WeakMap<object, string>();
function cachedJson(value: unknown): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value ?? null);
  let json = jsonCache.get(value);
  if (json === undefined) {
    json = JSON.stringify(value);
    jsonCache.set(value, json);
  }
  return json;
}

/** One resolver run: the parts of ctx that stay the same for every handler, serialised once. */
class Run {
  readonly errors: AppSyncError[] = [];
  stash: unknown = {};
  readonly base: string;
  subscriptionFilter?: unknown;
  subscriptionInvalidationFilter?: unknown;
  invalidations: unknown[] = [];
  evictions: unknown[] = [];
  responseHeaders: Record<string, string> = {};
  /** Outcomes a chain already gave for the handlers this run calls next, in order. */
  private ahead: { code: LoadedCode; handler: string; out: HandlerResult }[] = [];

  constructor(
    readonly inv: FieldInvocation,
    envJson: string,
    private readonly onLog: ExecutorOptions['onLog'],
    /** Off (for the rest of the run) once a chain ran out of its slice: its handlers then go one call each. */
    private chaining: boolean,
  ) {
    this.base =
      `{"arguments":${JSON.stringify(inv.arguments ?? {})}` +
      `,"identity":${cachedJson(inv.identity)}` +
      `,"source":${JSON.stringify(inv.source ?? null)}` +
      `,"info":${JSON.stringify(inv.info)}` +
      `,"request":{"headers":${cachedJson(inv.request?.headers ?? {})},"domainName":${JSON.stringify(inv.request?.domainName ?? null)}}` +
      `,"env":${envJson}` +
      `,"authType":${JSON.stringify(inv.authType ?? authTypeOf(inv.identity))}`;
  }

  /**
   * Runs one handler and applies its outcome. `chain`, when given, lists this handler and the ones that
   * follow it when each answers 'ok' with no I/O between: they run in one call into the sandbox, and
   * their outcomes wait in `ahead` until the resolver calls them, so each is applied at its own turn.
   */
  async invoke(
    code: LoadedCode,
    handler: 'request' | 'response',
    extra: { prev?: unknown; result?: unknown; error?: unknown; hasPrev: boolean },
    chain?: () => ChainStep[],
  ): Promise<HandlerResult> {
    const out = this.takeAhead(code, handler) ?? (await this.call(code, handler, extra, chain));
    if (out.errors.length) for (const e of out.errors) this.errors.push(fromRealm(e));
    if (out.stash !== undefined) this.stash = out.stash;
    if (out.logs.length && this.onLog) for (const line of out.logs) this.onLog(line, { typeName: this.inv.typeName, fieldName: this.inv.fieldName });
    if (out.headers) Object.assign(this.responseHeaders, out.headers);
    const ext = out.ext as
      | { subscriptionFilter?: unknown; subscriptionInvalidationFilter?: unknown; invalidations?: unknown[]; evictions?: unknown[] }
      | undefined;
    if (ext) {
      if (ext.subscriptionFilter !== undefined) this.subscriptionFilter = ext.subscriptionFilter;
      if (ext.subscriptionInvalidationFilter !== undefined) this.subscriptionInvalidationFilter = ext.subscriptionInvalidationFilter;
      if (ext.invalidations) this.invalidations.push(...ext.invalidations);
      if (ext.evictions) this.evictions.push(...ext.evictions);
    }
    return out;
  }

  private takeAhead(code: LoadedCode, handler: string): HandlerResult | undefined {
    if (!this.ahead.length) return undefined;
    const next = this.ahead.shift();
    if (next && next.code === code && next.handler === handler) return next.out;
    this.ahead = [];
    return undefined;
  }

  private call(code: LoadedCode, handler: 'request' | 'response', extra: { prev?: unknown; result?: unknown; error?: unknown; hasPrev: boolean }, chain?: () => ChainStep[]): Promise<HandlerResult> {
    const stash = JSON.stringify(this.stash);
    const prev = extra.hasPrev ? JSON.stringify({ result: extra.prev }) : null;
    const result = extra.result !== undefined ? JSON.stringify(extra.result) : null;
    const error = extra.error !== undefined ? JSON.stringify(extra.error) : null;
    const steps = this.chaining && chain ? chain() : [];
    if (steps.length > 1) {
      const outs = invokeChainSync({ base: this.base, stash, prev, result, error }, steps);
      if (typeof outs !== 'string') {
        this.ahead = outs.slice(1).map((out, i) => ({ code: steps[i + 1]!.code, handler: steps[i + 1]!.name, out }));
        return Promise.resolve(outs[0]!);
      }
      if (outs === 'stopped') this.chaining = false;
    }
    let json = `${this.base},"stash":${stash}`;
    if (prev !== null) json += `,"prev":${prev}`;
    if (result !== null) json += `,"result":${result}`;
    if (error !== null) json += `,"error":${error}`;
    return code.invokeJson(handler, json + '}');
  }

  /** Records a terminal handler outcome as a field error; true when the resolver must stop. */
  stopped(out: HandlerResult, handler: string): boolean {
    switch (out.k) {
      case 'error':
        this.errors.push(fromRealm(out.e!));
        return true;
      case 'exception':
        this.errors.push(fieldError(out.exceptionMessage ?? 'Error', 'Code'));
        return true;
      case 'timeout':
        this.errors.push(fieldError(TIMEOUT_ERROR.message, TIMEOUT_ERROR.errorType));
        return true;
      case 'missing':
        this.errors.push(fieldError(`The code does not export a "${handler}" function.`, 'MISSING_MAPPING_EXPORT'));
        return true;
      default:
        return false;
    }
  }

  outcome(data: unknown): FieldOutcome {
    const o: FieldOutcome = { data: data === undefined ? null : data, errors: this.errors };
    if (this.subscriptionFilter !== undefined) o.subscriptionFilter = this.subscriptionFilter;
    if (this.subscriptionInvalidationFilter !== undefined) o.subscriptionInvalidationFilter = this.subscriptionInvalidationFilter;
    if (this.invalidations.length) o.invalidations = this.invalidations;
    if (this.evictions.length) o.evictions = this.evictions;
    if (Object.keys(this.responseHeaders).length) o.responseHeaders = this.responseHeaders;
    return o;
  }

  fail(error: AppSyncError): FieldOutcome {
    this.errors.push(error);
    return this.outcome(null);
  }
}

export function createResolverExecutor(opts: ExecutorOptions): ResolverExecutor {
  const timeoutMs = opts.handlerTimeoutMs ?? DEFAULT_HANDLER_TIMEOUT_MS;
  const resolvers = new Map<string, ResolverDef>();
  for (const r of opts.wiring.resolvers) resolvers.set(`${r.typeName}.${r.fieldName}`, r);
  const functionDefs = new Map(opts.wiring.functions.map((f) => [f.name, f]));
  const envJson = JSON.stringify(opts.env ?? {});
  const files = new Map<string, CodeFile>();
  try {
    // Bundles without a cached verdict will be checked on first use: have the checker load meanwhile.
    const bundles = readdirSync(opts.bundleDir, { recursive: true, encoding: 'utf8' }).filter((n) => n.endsWith('.js'));
    prepareCheckerFor(bundles.map((n) => readFileSync(join(opts.bundleDir, n), 'utf8')));
  } catch {
    /* no bundles yet: each resolver reports that when called */
  }
  const fileOf = (relative: string) => {
    let f = files.get(relative);
    if (!f) {
      f = new CodeFile(join(opts.bundleDir, relative), timeoutMs);
      files.set(relative, f);
    }
    return f;
  };
  const codeFile = (relative: string) => fileOf(relative).get();
  const chaining = opts.chainHandlers !== false;
  const isNone = (dataSourceName: string) => opts.wiring.dataSources[dataSourceName]?.type === 'NONE';

  let dynamoClient: ReturnType<typeof createDynamoClient> | null = null;
  const dataSources = new Map<string, DataSource>();
  const dataSource = (name: string): DataSource | AppSyncError => {
    const existing = dataSources.get(name);
    if (existing) return existing;
    const def: DataSourceDef | undefined = opts.wiring.dataSources[name];
    if (!def) return fieldError(`Data source '${name}' is not defined in the wiring.`, 'MappingTemplate');
    let ds: DataSource;
    if (def.type === 'AMAZON_DYNAMODB') {
      dynamoClient ??= createDynamoClient(opts.dynamodb.endpoint, opts.dynamodb.region);
      ds = new DynamoDataSource({
        client: dynamoClient,
        tableName: tableName(def.table, opts.dynamodb.tablePrefix),
        readOnly: def.readOnly === true,
        region: opts.dynamodb.region,
        lambda: opts.lambda,
      });
    } else if (def.type === 'AWS_LAMBDA') {
      ds = new LambdaDataSource(lambdas[def.lambda].functionName, opts.lambda);
    } else {
      ds = { call: async (request) => noneDataSource(request) };
    }
    dataSources.set(name, ds);
    return ds;
  };

  const isError = (x: unknown): x is AppSyncError => typeof x === 'object' && x !== null && 'message' in x && !('invokeJson' in x);

  async function callDataSource(run: Run, name: string, request: unknown, resolverKey: string): Promise<DataSourceOutcome> {
    const ds = dataSource(name);
    if (isError(ds)) return { fieldError: ds };
    // The request object arrives already serialised (JSON) from the sandbox, as AppSync serialises it.
    try {
      return await ds.call(request, {
        typeName: run.inv.typeName,
        fieldName: run.inv.fieldName,
        arguments: run.inv.arguments,
        identity: run.inv.identity,
        resolverKey,
      });
    } catch (e) {
      return { fieldError: fieldError(`Data source '${name}' failed: ${(e as Error).message}`, 'InternalFailure') };
    }
  }

  async function unit(run: Run, def: Extract<ResolverDef, { kind: 'UNIT' }>): Promise<FieldOutcome> {
    const code = await codeFile(`${def.typeName}.${def.fieldName}.js`);
    if (isError(code)) return run.fail(code);
    // With a NONE data source, request and response run in one call into the sandbox.
    const req = await run.invoke(code, 'request', { hasPrev: false }, () =>
      isNone(def.dataSource) ? [{ code, name: 'request', setsPrev: false, result: 'none' }, { code, name: 'response', setsPrev: false, result: 'payload' }] : [],
    );
    if (run.stopped(req, 'request')) return run.outcome(null);
    if (req.k === 'early') return run.outcome(req.v);
    const ds = await callDataSource(run, def.dataSource, req.v, `${def.typeName}.${def.fieldName}`);
    if (ds.fieldError) return run.fail(ds.fieldError);
    const res = await run.invoke(code, 'response', { hasPrev: false, result: ds.result ?? null, error: ds.error });
    if (run.stopped(res, 'response')) return run.outcome(null);
    return run.outcome(res.v);
  }

  async function pipeline(run: Run, def: Extract<ResolverDef, { kind: 'PIPELINE' }>): Promise<FieldOutcome> {
    const code = await codeFile(`${def.typeName}.${def.fieldName}.js`);
    if (isError(code)) return run.fail(code);
    // Handler positions: 0 the resolver's request, 1 + 2k and 2 + 2k function k's request and
    // response, `last` the resolver's response. A chain from position p takes the handlers after it
    // up to the first one that cannot follow in the same call (its bundle not loaded yet, I/O before it).
    const last = 2 * def.functions.length + 1;
    const following = (p: number): ChainStep | undefined => {
      if (p === last) return { code, name: 'response', setsPrev: false, result: 'prev' };
      const name = def.functions[(p - 1) >> 1]!;
      const fdef = functionDefs.get(name);
      const fcode = fdef && fileOf(join('functions', `${name}.js`)).peek();
      if (!fcode || isError(fcode)) return undefined;
      if (p % 2 === 1) return { code: fcode, name: 'request', setsPrev: false, result: 'none' };
      return isNone(fdef.dataSource) ? { code: fcode, name: 'response', setsPrev: true, result: 'payload' } : undefined;
    };
    const chainFrom = (p: number, first: ChainStep) => (): ChainStep[] => {
      const steps = [first];
      for (let q = p + 1; q <= last; q++) {
        const step = following(q);
        if (!step) break;
        steps.push(step);
      }
      return steps;
    };

    const before = await run.invoke(code, 'request', { hasPrev: true, prev: undefined }, chainFrom(0, { code, name: 'request', setsPrev: true, result: 'none' }));
    if (run.stopped(before, 'request')) return run.outcome(null);
    let prev = before.v;
    // earlyReturn in the resolver's request handler skips every function.
    let skipAll = before.k === 'early';
    for (const [k, name] of def.functions.entries()) {
      if (skipAll) break;
      const fdef = functionDefs.get(name);
      if (!fdef) return run.fail(fieldError(`Pipeline function '${name}' is not defined in the wiring.`, 'MappingTemplate'));
      const fcode = await codeFile(join('functions', `${name}.js`));
      if (isError(fcode)) return run.fail(fcode);
      const freq = await run.invoke(fcode, 'request', { hasPrev: true, prev }, chainFrom(1 + 2 * k, { code: fcode, name: 'request', setsPrev: false, result: 'none' }));
      if (run.stopped(freq, 'request')) return run.outcome(null);
      if (freq.k === 'early') {
        prev = freq.v;
        if (freq.skipTo === 'END') skipAll = true;
        continue;
      }
      const ds = await callDataSource(run, fdef.dataSource, freq.v, `function:${name}`);
      if (ds.fieldError) return run.fail(ds.fieldError);
      const fres = await run.invoke(
        fcode,
        'response',
        { hasPrev: true, prev, result: ds.result ?? null, error: ds.error },
        chainFrom(2 + 2 * k, { code: fcode, name: 'response', setsPrev: true, result: 'payload' }),
      );
      if (run.stopped(fres, 'response')) return run.outcome(null);
      prev = fres.v;
      if (fres.k === 'early' && fres.skipTo === 'END') skipAll = true;
    }
    const after = await run.invoke(code, 'response', { hasPrev: true, prev, result: prev ?? null });
    if (run.stopped(after, 'response')) return run.outcome(null);
    return run.outcome(after.v);
  }

  return {
    has: (typeName, fieldName) => resolvers.has(`${typeName}.${fieldName}`),
    async execute(inv: FieldInvocation): Promise<FieldOutcome> {
      const def = resolvers.get(`${inv.typeName}.${inv.fieldName}`);
      if (!def) throw new Error(`No resolver is wired on ${inv.typeName}.${inv.fieldName}`);
      const run = new Run(inv, envJson, opts.onLog, chaining);
      return def.kind === 'UNIT' ? unit(run, def) : pipeline(run, def);
    },
  };
}

export type { Obj as JsonObject };

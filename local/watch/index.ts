// `npm start`'s edit loop: watches domains/ (resolvers, pipeline functions, Lambda modules, wiring),
// lib/ (shared APPSYNC_JS and Node modules), api/ and schema.graphql, and serves a saved change without
// a restart. Each
// change rebuilds only what it affects with esbuild, checks it, and swaps it in; a file that does not
// build (or load) is reported with its original file and line while the last good version keeps serving.
// Lazy and cheap: nothing but fs.watch until the first change; esbuild's service is stopped again after
// a quiet minute (it costs ~60 MB while it runs).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, watch, writeFileSync, type FSWatcher } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BuildContext, BuildFailure, BuildOptions, OutputFile } from 'esbuild';
import type { Wiring } from '../../api/wiring/index.js';
import type { AnyHandler } from '../services/lambda.js';

export interface WatchOptions {
  /** Where domains/, lib/, api/ and schema.graphql are (the repo, or a test's copy). */
  root: string;
  /** The wiring being served; a change to a wiring file replaces it (and decides which bundles exist). */
  wiring: Wiring;
  /** The resolver bundles the executor serves (rewritten file by file, only when they changed). */
  bundleDir: string;
  /** Lambda and wiring bundles; must be inside the repo so their package imports resolve from node_modules. */
  outDir: string;
  /** The Lambda functions to rebuild: name → source entry (relative to root) and exported handler. */
  lambdas: Record<string, { entry: string; handler: string }>;
  /** One short line per reload or failure (the terminal). */
  report(line: string): void;
  /** Quiet period before a burst of saves is handled. */
  debounceMs?: number;
  apply: {
    /** New resolver bundles were written to bundleDir: serve them from now on. */
    resolvers(): void;
    /** Loads a resolver bundle as the executor would (lint, compile); throws what it reports. */
    checkResolver(code: string): Promise<void>;
    wiring(wiring: Wiring): void;
    /** Throws, keeping the old schema, when it does not build. */
    schema(sdl: string): void;
    lambda(functionName: string, load: () => Promise<AnyHandler>): void;
  };
}

export interface Watcher {
  /** Settles when every change seen so far has been handled (tests). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

type Job = 'resolvers' | 'lambdas' | 'wiring' | 'schema';

/** A failure to report: the original file and line where known. */
class ReloadError extends Error {
  constructor(
    readonly where: string,
    message: string,
  ) {
    super(message);
  }
}

const IGNORED = /(^|[/\\])(\.[^/\\]*|[^/\\]*~|\d+)$|\.(swp|swx|tmp)$/; // editor swap/backup files, vim's 4913 probe

/** The first error of an esbuild failure, as `file:line:column: text`. */
function esbuildError(e: unknown, root: string): ReloadError {
  const first = (e as BuildFailure).errors?.[0];
  if (!first) return new ReloadError('', (e as Error).message);
  const loc = first.location;
  return new ReloadError(loc ? `${relative(root, join(root, loc.file)) || loc.file}:${loc.line}:${loc.column + 1}` : '', first.text);
}

/** Maps a line/column of a bundle with an inline source map back to its source file (`file:line:column`). */
function originalPosition(code: string, line: number, column: number, sourceDir: string, root: string): string | undefined {
  const m = /\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/.exec(code);
  if (!m) return undefined;
  try {
    const map = new SourceMap(JSON.parse(Buffer.from(m[1]!, 'base64').toString('utf8')) as ConstructorParameters<typeof SourceMap>[0]);
    const e = map.findEntry(line - 1, Math.max(0, column - 1)) as { originalSource?: string; originalLine?: number; originalColumn?: number };
    if (!e.originalSource) return undefined;
    const file = e.originalSource.startsWith('file://') ? new URL(e.originalSource).pathname : join(sourceDir, e.originalSource);
    return `${relative(root, file)}:${(e.originalLine ?? 0) + 1}:${(e.originalColumn ?? 0) + 1}`;
  } catch {
    return undefined;
  }
}

const escapeRe = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const hash = (text: string | Uint8Array) => createHash('sha256').update(text).digest('hex').slice(0, 12);

export function startWatcher(opts: WatchOptions): Watcher {
  const { root } = opts;
  const debounceMs = opts.debounceMs ?? 40;
  const pending = new Map<Job, Set<string>>();
  let timer: NodeJS.Timeout | undefined;
  let chain: Promise<void> = Promise.resolve();
  let closed = false;

  // esbuild, loaded and started on the first change only.
  let esbuild: typeof import('esbuild') | undefined;
  const contexts = new Map<string, { ctx: BuildContext; key: string }>();
  let quiet: NodeJS.Timeout | undefined;
  const context = async (name: string, key: string, options: BuildOptions): Promise<BuildContext> => {
    esbuild ??= await import('esbuild');
    const have = contexts.get(name);
    if (have?.key === key) return have.ctx;
    await have?.ctx.dispose();
    const ctx = await esbuild.context({ ...options, write: false, logLevel: 'silent' });
    contexts.set(name, { ctx, key });
    return ctx;
  };
  const stopEsbuild = async () => {
    for (const { ctx } of contexts.values()) await ctx.dispose().catch(() => undefined);
    contexts.clear();
    await esbuild?.stop();
  };

  // Resolver bundles: what is on disk, so only changed outputs are written and checked.
  const written = new Map<string, string>(); // bundle path → hash
  let currentWiring = opts.wiring;
  const resolvers = async (files: Set<string>) => {
    const { resolverBuildOptions, wiringEntries } = await import('../../scripts/build-resolvers.js');
    const entries = wiringEntries(currentWiring, root).sort((a, b) => a.out.localeCompare(b.out));
    const key = entries.map((e) => `${e.out}=${e.in}`).join('\n');
    const ctx = await context('resolvers', key, resolverBuildOptions(entries, opts.bundleDir));
    let outputs: OutputFile[];
    try {
      outputs = (await ctx.rebuild()).outputFiles ?? [];
    } catch (e) {
      throw esbuildError(e, root);
    }
    const changed = outputs.filter((o) => {
      const h = hash(o.contents);
      if (written.get(o.path) === h) return false;
      if (!written.has(o.path) && existsSync(o.path) && hash(readFileSync(o.path)) === h) {
        written.set(o.path, h);
        return false;
      }
      return true;
    });
    // Every changed bundle must load (AppSync's lint, compile) before any of them is served.
    for (const o of changed) {
      try {
        await opts.apply.checkResolver(o.text);
      } catch (e) {
        const err = e as Error & { codeErrors?: { value: string; location?: { line: number; column: number } }[] };
        const first = err.codeErrors?.[0];
        const out = relative(opts.bundleDir, o.path).replace(/\.js$/, '');
        const source = entries.find((e) => e.out === out)?.in;
        const at = first?.location ? originalPosition(o.text, first.location.line, first.location.column, dirname(o.path), root) : undefined;
        throw new ReloadError(at ?? (source ? relative(root, source) : out), first?.value ?? err.message);
      }
    }
    const outPaths = new Set(outputs.map((o) => o.path));
    const removed = [...written.keys()].filter((p) => !outPaths.has(p));
    for (const o of changed) {
      mkdirSync(dirname(o.path), { recursive: true });
      const tmp = `${o.path}.${process.pid}.tmp`;
      writeFileSync(tmp, o.contents);
      renameSync(tmp, o.path); // the executor never reads half a file
      written.set(o.path, hash(o.contents));
    }
    for (const p of removed) {
      rmSync(p, { force: true });
      written.delete(p);
    }
    if (changed.length || removed.length) opts.apply.resolvers();
    const names = changed.map((o) => relative(opts.bundleDir, o.path).replace(/\.js$/, ''));
    return names.length === 1 ? `resolver ${names[0]}` : names.length ? `${names.length} resolvers` : `resolvers (${[...files].join(', ')}: no bundle changed)`;
  };

  // Lambda modules: one bundle per function, imported under a new name when its content changed.
  const served = new Map<string, string>(); // function → hash of its bundle
  // Each function has its own build, so one broken module does not hold the others back; a function is
  // rebuilt when one of its inputs (known from its last build) changed.
  const inputsOf = new Map<string, Set<string>>(); // function → its source files, relative to root
  const lambdaOne = async (name: string, files: Set<string>): Promise<boolean> => {
    const { entry, handler } = opts.lambdas[name]!;
    const known = inputsOf.get(name);
    if (known && ![...files].some((f) => known.has(f))) return false;
    const ctx = await context(`lambda:${name}`, entry, {
      entryPoints: { [name]: join(root, entry) },
      outdir: join(opts.outDir, 'lambda'),
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      sourcemap: 'inline',
      sourcesContent: false,
      metafile: true,
    });
    let o: OutputFile | undefined;
    try {
      const r = await ctx.rebuild();
      o = r.outputFiles?.[0];
      const inputs = Object.values(r.metafile?.outputs ?? {})[0]?.inputs ?? {};
      inputsOf.set(name, new Set(Object.keys(inputs).map((i) => relative(root, join(process.cwd(), i)).split(sep).join('/'))));
    } catch (e) {
      throw esbuildError(e, root);
    }
    if (!o) return false;
    const h = hash(o.contents);
    if (served.get(name) === h) return false;
    // Not built since start: what the stack imported has no bundle to compare, so a function is
    // re-imported only when one of its source files is among the changed ones.
    if (!served.has(name) && ![...files].some((f) => inputsOf.get(name)!.has(f))) {
      served.set(name, h);
      return false;
    }
    const file = join(opts.outDir, 'lambda', `${name}-${h}.mjs`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, o.contents);
    let fn: AnyHandler;
    try {
      const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
      const exported = mod[handler];
      if (typeof exported !== 'function') throw new ReloadError(entry, `does not export a function "${handler}"`);
      fn = exported as AnyHandler;
    } catch (e) {
      if (e instanceof ReloadError) throw e;
      const err = e as Error;
      // A module that throws while loading: its first frame in the bundle, mapped to the source.
      const frame = new RegExp(`${escapeRe(file)}:(\\d+):(\\d+)`).exec(err.stack ?? '');
      // (a runtime with source maps on, e.g. a test runner, shows the source file itself)
      const mapped = new RegExp(`${escapeRe(root)}/([^:\\s)]+):(\\d+):(\\d+)`).exec(err.stack ?? '');
      const at = frame ? originalPosition(o.text, Number(frame[1]), Number(frame[2]), dirname(o.path), root) : mapped ? `${mapped[1]}:${mapped[2]}:${mapped[3]}` : undefined;
      throw new ReloadError(at ?? entry, `${err.name}: ${err.message}`);
    }
    served.set(name, h);
    opts.apply.lambda(name, async () => fn);
    return true;
  };
  const lambdas = async (files: Set<string>) => {
    const reloaded: string[] = [];
    const failed: ReloadError[] = [];
    for (const name of Object.keys(opts.lambdas).sort()) {
      try {
        if (await lambdaOne(name, files)) reloaded.push(name);
      } catch (e) {
        failed.push(e instanceof ReloadError ? e : new ReloadError(opts.lambdas[name]!.entry, (e as Error).message));
      }
    }
    for (const f of failed.slice(1)) opts.report(`✗ ${f.where}: ${f.message} — still serving the last good version`);
    if (failed[0] && !reloaded.length) throw failed[0];
    if (failed[0]) opts.report(`✗ ${failed[0].where}: ${failed[0].message} — still serving the last good version`);
    return reloaded.length ? `Lambda ${reloaded.join(', ')}` : '';
  };

  const wiring = async () => {
    const entry = join(root, 'api', 'wiring', 'index.ts');
    const ctx = await context('wiring', entry, {
      entryPoints: { wiring: entry },
      outdir: opts.outDir,
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
    });
    let text: string;
    try {
      text = (await ctx.rebuild()).outputFiles?.[0]?.text ?? '';
    } catch (e) {
      throw esbuildError(e, root);
    }
    const file = join(opts.outDir, `wiring-${hash(text)}.mjs`);
    mkdirSync(opts.outDir, { recursive: true });
    writeFileSync(file, text);
    let w: Wiring;
    try {
      w = ((await import(pathToFileURL(file).href)) as { wiring: Wiring }).wiring;
      if (!w || !Array.isArray(w.resolvers) || !Array.isArray(w.functions)) throw new Error('api/wiring/index.ts does not export a wiring');
    } catch (e) {
      throw new ReloadError('api/wiring/index.ts', (e as Error).message);
    }
    currentWiring = w;
    opts.apply.wiring(w);
    return `wiring (${w.resolvers.length} resolvers, ${w.functions.length} functions)`;
  };

  const schema = async () => {
    const sdl = readFileSync(join(root, 'schema.graphql'), 'utf8');
    try {
      opts.apply.schema(sdl);
    } catch (e) {
      const err = e as Error & { locations?: { line: number; column: number }[] };
      const loc = err.locations?.[0];
      throw new ReloadError(loc ? `schema.graphql:${loc.line}:${loc.column}` : 'schema.graphql', err.message.split('\n')[0] ?? err.message);
    }
    return 'schema';
  };

  const run = async () => {
    if (closed) return;
    const jobs = new Map(pending);
    pending.clear();
    if (quiet) clearTimeout(quiet);
    const t0 = performance.now();
    const done: string[] = [];
    const files = new Set([...jobs.values()].flatMap((s) => [...s]));
    // Wiring before resolvers (new fields), schema last (it names the fields the wiring serves).
    for (const job of ['wiring', 'lambdas', 'resolvers', 'schema'] as const) {
      const changed = jobs.get(job);
      if (!changed) continue;
      try {
        const what = await { wiring, lambdas: () => lambdas(changed), resolvers: () => resolvers(changed), schema }[job]();
        if (what) done.push(what);
      } catch (e) {
        const err = e instanceof ReloadError ? e : new ReloadError('', (e as Error).message);
        opts.report(`✗ ${err.where ? `${err.where}: ` : ''}${err.message} — still serving the last good version`);
      }
    }
    if (done.length) opts.report(`↻ reloaded ${done.join(', ')} in ${Math.round(performance.now() - t0)} ms (${[...files].slice(0, 3).join(', ')}${files.size > 3 ? ', …' : ''})`);
    quiet = setTimeout(() => void (chain = chain.then(stopEsbuild)), 60_000);
    quiet.unref();
  };

  const changed = (rel: string) => {
    const file = rel.split(sep).join('/');
    if (IGNORED.test(file)) return;
    const add = (job: Job) => {
      let s = pending.get(job);
      if (!s) pending.set(job, (s = new Set()));
      s.add(file);
    };
    if (file === 'schema.graphql') add('schema');
    else if (!/\.(ts|mts|js|mjs|json)$/.test(file)) return;
    else if (/(^|\/)test\//.test(file)) return;
    else if (/^domains\/[^/]+\/wiring\.ts$/.test(file) || file.startsWith('api/wiring/') || file === 'lib/appsync/pipeline/wiring.ts') {
      // Which resolvers and functions exist, and their sources.
      add('wiring');
      add('resolvers');
    } else if (/^domains\/[^/]+\/(resolvers|pipeline|helpers)\//.test(file) || file.startsWith('lib/appsync/')) add('resolvers');
    else if (/^domains\/[^/]+\/lambda\//.test(file) || file.startsWith('lib/node/')) add('lambdas');
    else if (file.startsWith('api/')) {
      // tables, limits, lambdas: imported by the wiring and the Lambda modules alike.
      add('wiring');
      add('lambdas');
      add('resolvers');
    } else return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      chain = chain.then(run).catch((e: unknown) => opts.report(`✗ reload failed: ${(e as Error).message}`));
    }, debounceMs);
  };

  const watchers: FSWatcher[] = [];
  for (const dir of ['domains', 'lib', 'api']) {
    const abs = join(root, dir);
    if (!existsSync(abs)) continue;
    const w = watch(abs, { recursive: true }, (_event, name) => name && changed(join(dir, name.toString())));
    w.on('error', (e) => opts.report(`✗ watching ${dir}/ stopped: ${e.message}`));
    watchers.push(w);
  }
  // The directory, not the file: editors save by writing a new file and renaming it over the old one.
  const top = watch(root, (_event, name) => name?.toString() === 'schema.graphql' && changed('schema.graphql'));
  top.on('error', () => undefined);
  watchers.push(top);

  return {
    async idle() {
      while (timer || pending.size) {
        await new Promise((r) => setTimeout(r, debounceMs));
      }
      await chain;
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      if (quiet) clearTimeout(quiet);
      for (const w of watchers) w.close();
      await chain.catch(() => undefined);
      await stopEsbuild();
      rmSync(opts.outDir, { recursive: true, force: true });
    },
  };
}

// Static checks AppSync applies to APPSYNC_JS code before running it, plus the source rewrite the
// sandbox needs. One ESLint parse does both: AWS's own @aws-appsync/eslint-plugin `recommended` rules
// (the type-aware ones run against a TypeScript program of the bundle, typed-program.ts) and the
// refusals the plugin lacks (lint-rules.mjs, shared with `npm run lint`) report unsupported constructs
// as AppSync-style codeErrors, and a collector rule records where imports/exports are and where loop
// bodies and functions start.
//
// ESLint, AWS's plugin and the TypeScript compiler cost ~2 s of CPU and tens of MB to load, and a
// check ~0.1 s (seconds for crafted code): the sandbox checks on a worker thread that loads them on
// first use (checkAndPrepareOffThread, code-check-worker.mjs); checkAndPrepare runs in line for tests
// and tools. Verdicts (the errors, or the prepared source) are kept per bundle content hash in a file
// of the stack's machine-wide cache (setCodeCheckCache), so a start with unchanged bundles, in any data
// dir, lints nothing and loads nothing.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Linter, Rule } from 'eslint';
import { writePrivateFile } from '../services/files.js';
import { appsyncLocalPlugin, appsyncLocalRules } from './lint-rules.mjs';
import { programFileName, programFor } from './typed-program.js';

export const MAX_CODE_LENGTH = 32_768;

export interface CodeErrorLocation {
  line: number;
  column: number;
  span: number;
}

/** EvaluateCode's CodeError shape. */
export interface CodeError {
  errorType: string;
  value: string;
  location: CodeErrorLocation;
}

export const ALLOWED_MODULES = ['@aws-appsync/utils', '@aws-appsync/utils/dynamodb', '@aws-appsync/utils/rds'];

interface Edit {
  start: number;
  end: number;
  text: string;
}

export interface PreparedCode {
  /** Function body source: `(function (__r, __t) { ... })`, with lines aligned to the original. */
  wrapped: string;
  /** Maps a 1-based line/column of the wrapped code's body back to the original bundle. */
  toOriginal(line: number, column: number): { line: number; column: number };
  exportNames: string[];
  /** The original code's line (1-based), for log positions. */
  originalLine(line: number): string;
}

export type CheckResult = { ok: true; prepared: PreparedCode } | { ok: false; errors: CodeError[] };

type AnyNode = Rule.Node & { range: [number, number] };

interface Collected {
  imports: AnyNode[];
  exports: AnyNode[];
  loopBodies: AnyNode[];
  functionBodies: AnyNode[];
}

let collecting: Collected | null = null;

const collector: Rule.RuleModule = {
  create() {
    const loop = (node: Rule.Node) => {
      collecting?.loopBodies.push((node as unknown as { body: AnyNode }).body);
    };
    const fn = (node: Rule.Node) => {
      collecting?.functionBodies.push((node as unknown as { body: AnyNode }).body);
    };
    return {
      ImportDeclaration: (n) => void collecting?.imports.push(n as AnyNode),
      ExportNamedDeclaration: (n) => void collecting?.exports.push(n as AnyNode),
      ExportDefaultDeclaration: (n) => void collecting?.exports.push(n as AnyNode),
      ExportAllDeclaration: (n) => void collecting?.exports.push(n as AnyNode),
      ForStatement: loop,
      ForInStatement: loop,
      ForOfStatement: loop,
      WhileStatement: loop,
      DoWhileStatement: loop,
      FunctionDeclaration: fn,
      FunctionExpression: fn,
      ArrowFunctionExpression: fn,
    };
  },
};

interface Lint {
  linter: Linter;
  /** Config of the typed pass, for a program built by programFor. */
  typed(program: unknown): Linter.Config[];
  /** Config without type information: gives the parse error text when the typed parse fails. */
  plain: Linter.Config[];
}

let lint: Lint | null = null;
const require = createRequire(import.meta.url);

/** ESLint with AppSync's rules, loaded on first use (synchronously: checkAndPrepare is synchronous). */
function loadLint(): Lint {
  if (lint) return lint;
  const { Linter: LinterClass } = require('eslint') as typeof import('eslint');
  const appsyncPlugin = require('@aws-appsync/eslint-plugin') as { configs: { recommended: { rules: Record<string, Linter.RuleEntry> } } };
  const tsParser = require('@typescript-eslint/parser') as Linter.Parser;
  const plugins = {
    '@aws-appsync': appsyncPlugin as never,
    'appsync-local': { rules: { ...appsyncLocalPlugin.rules, collect: collector } },
  };
  const rules = { ...appsyncPlugin.configs.recommended.rules, ...appsyncLocalRules, 'appsync-local/collect': 'error' } as Linter.RulesRecord;
  // The typed pass lints the program's file, named by an absolute path: the linter's cwd is its folder.
  const linter = new LinterClass({ configType: 'flat', cwd: dirname(programFileName()) });
  const typed = (program: unknown): Linter.Config[] => [
    { files: ['**/*.js'], languageOptions: { parser: tsParser, sourceType: 'module', parserOptions: { programs: [program] } }, plugins, rules },
  ];
  const plain: Linter.Config[] = [{ files: ['**/*.js'], languageOptions: { ecmaVersion: 'latest', sourceType: 'module', globals: {} }, plugins, rules: { 'appsync-local/collect': 'error' } }];
  lint = { linter, typed, plain };
  return lint;
}

// ---- Verdict cache -------------------------------------------------------------------------------

/** Bump when the checks or the rewrite change: older verdicts are then ignored. */
const CHECK_VERSION = 'code-check-2';
const CACHE_FILE = 'code-check-cache.json';
const CACHE_MAX_ENTRIES = 1_000;

interface Mapping {
  outStart: number;
  outEnd: number;
  origStart: number;
  origEnd: number;
}

/** What a check decides, in a form that survives JSON (toOriginal is rebuilt from the mapping). */
type Verdict = { ok: true; wrapped: string; exportNames: string[]; mapping: Mapping[] } | { ok: false; errors: CodeError[] };

let cacheFile: string | undefined;
let cache: Map<string, Verdict> | undefined;
let saveScheduled = false;
let toolVersions: string | undefined;

/**
 * Keeps verdicts in `dir` (the stack's machine-wide cache; undefined: in memory only). The file is
 * owner-only; a missing, stale or unreadable file only means linting again.
 */
export function setCodeCheckCache(dir: string | undefined): void {
  const file = dir ? join(dir, CACHE_FILE) : undefined;
  if (file === cacheFile) return;
  cacheFile = file;
  cache = undefined;
}

/** The versions of the lint tools, without loading them: part of every cache key. */
function versions(): string {
  if (toolVersions) return toolVersions;
  const read = (entry: string, name: string) => {
    try {
      let dir = dirname(require.resolve(entry));
      for (let i = 0; i < 4; i++, dir = dirname(dir)) {
        try {
          const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
          if (pkg.name === name) return pkg.version ?? '?';
        } catch {
          /* not here */
        }
      }
    } catch {
      /* not installed: linting will say so */
    }
    return '?';
  };
  toolVersions = `${CHECK_VERSION}/${read('eslint', 'eslint')}/${read('@aws-appsync/eslint-plugin', '@aws-appsync/eslint-plugin')}/${read('typescript', 'typescript')}/${read('@typescript-eslint/parser', '@typescript-eslint/parser')}`;
  return toolVersions;
}

/** A verdict's key: the code and the versions of the tools that judged it. */
function cacheKey(code: string): string {
  return createHash('sha256').update(versions()).update('\0').update(code).digest('hex');
}

function loadCache(): Map<string, Verdict> {
  if (cache) return cache;
  cache = new Map();
  if (!cacheFile) return cache;
  try {
    const data = JSON.parse(readFileSync(cacheFile, 'utf8')) as { entries?: Record<string, Verdict> };
    for (const [k, v] of Object.entries(data.entries ?? {})) cache.set(k, v);
  } catch {
    /* none yet, or unreadable */
  }
  return cache;
}

function saveSoon(): void {
  if (!cacheFile || saveScheduled) return;
  saveScheduled = true;
  // Bundles load in bursts (every resolver of a request): one write per burst.
  setTimeout(() => {
    saveScheduled = false;
    const file = cacheFile;
    if (!file || !cache) return;
    while (cache.size > CACHE_MAX_ENTRIES) cache.delete(cache.keys().next().value!);
    try {
      writePrivateFile(file, JSON.stringify({ entries: Object.fromEntries(cache) }));
    } catch {
      /* data dir gone (a stopped test stack): the verdicts are only a cache */
    }
  }, 100).unref();
}

function location(line: number, column: number, endLine?: number, endColumn?: number): CodeErrorLocation {
  return { line, column, span: endLine === line && endColumn !== undefined ? endColumn - column : -1 };
}

/** AppSync rejects code over 32,768 characters (the `Code` shape's length limit in the API model). */
export function sizeError(code: string): CodeError | null {
  if (code.length <= MAX_CODE_LENGTH) return null;
  return {
    errorType: 'CODE_SIZE_EXCEEDED',
    value: `Code is ${code.length} characters; APPSYNC_JS accepts at most ${MAX_CODE_LENGTH}.`,
    location: { line: 0, column: 0, span: -1 },
  };
}

/** Lints, checks imports/exports and produces the sandbox-ready source (a cached verdict when there is one). */
export function checkAndPrepare(code: string): CheckResult {
  const known = lookup(code);
  if ('result' in known) return known.result;
  const verdict = analyse(code);
  remember(known.key, verdict);
  return materialize(code, verdict);
}

/** What both entry points do first: the size limit, then the cache (a result when either decides, else the cache key). */
function lookup(code: string): { result: CheckResult } | { key: string } {
  const tooBig = sizeError(code);
  if (tooBig) return { result: { ok: false, errors: [tooBig] } };
  const key = cacheKey(code);
  const verdict = loadCache().get(key);
  return verdict ? { result: materialize(code, verdict) } : { key };
}

function remember(key: string, verdict: Verdict): void {
  loadCache().set(key, verdict);
  saveSoon();
}

/** The verdict of `code` without the cache (code-check-worker.mjs runs this off the event loop). */
export function analyseCode(code: string): Verdict {
  return analyse(code);
}

// ---- Off the event loop --------------------------------------------------------------------------

/**
 * How long one off-thread check may take once the worker is up before the code is refused. Generous:
 * the loop is not waiting, and an ordinary bundle's check (~0.1 s of CPU) must pass on a loaded machine;
 * this only ends checks that crafted code keeps busy.
 */
export const OFF_THREAD_CHECK_MS = 60_000;

interface Job {
  id: number;
  code: string;
  budgetMs: number;
  /** A check nobody waits for (prepareCheckerFor): it does not keep the process alive. */
  background?: boolean;
  /** `transient`: a refusal for time or a dead worker, not the code's verdict (not cached). */
  resolve: (v: Verdict, transient?: boolean) => void;
}

let worker: Worker | undefined;
let workerReady = false;
/** The worker holds TypeScript and ESLint (~100 MB): it is stopped after this long without a job. */
const WORKER_IDLE_MS = 15_000;
let idleTimer: NodeJS.Timeout | undefined;
let nextJobId = 1;
const queue: Job[] = [];
let running: { job: Job; timer: NodeJS.Timeout } | undefined;
const settledWaiters: (() => void)[] = [];

/** Resolves once no check is queued or running, e.g. when the background checks of prepareCheckerFor are done. */
export function checksSettled(): Promise<void> {
  if (!running && !queue.length) return Promise.resolve();
  return new Promise((resolve) => settledWaiters.push(resolve));
}

function notifyIfSettled(): void {
  if (!running && !queue.length) for (const resolve of settledWaiters.splice(0)) resolve();
}

function startWorker(): Worker {
  const w = new Worker(new URL('./code-check-worker.mjs', import.meta.url));
  workerReady = false;
  w.on('message', (m: { ready?: boolean; id?: number; verdict?: Verdict }) => {
    if (m.ready) {
      workerReady = true;
      pump();
    } else if (running && m.id === running.job.id) {
      clearTimeout(running.timer);
      const { job } = running;
      running = undefined;
      job.resolve(m.verdict!);
      pump();
    }
  });
  const fail = (why: string) => {
    if (worker !== w) return;
    worker = undefined;
    const jobs = running ? [running.job, ...queue.splice(0)] : queue.splice(0);
    if (running) clearTimeout(running.timer);
    running = undefined;
    for (const j of jobs) j.resolve(refusal(`The code could not be checked: ${why}`), true);
    notifyIfSettled();
  };
  w.on('error', (e) => fail(e.message));
  w.on('exit', (code) => fail(`the check worker exited (${code})`));
  return w;
}

const refusal = (value: string): Verdict => ({ ok: false, errors: [{ errorType: 'LINT_ERROR', value, location: { line: 0, column: 0, span: -1 } }] });

function pump(): void {
  notifyIfSettled();
  if (!worker && !queue.length) return;
  worker ??= startWorker();
  // Kept alive only while there is work: an idle worker must not hold a finished process open.
  clearTimeout(idleTimer);
  if (queue.some((j) => !j.background) || (running && !running.job.background)) worker.ref();
  else if (queue.length || running) worker.unref();
  else {
    worker.unref();
    const idle = worker;
    idleTimer = setTimeout(() => {
      if (worker !== idle || running || queue.length) return;
      worker = undefined;
      void idle.terminate();
    }, WORKER_IDLE_MS).unref();
  }
  if (!workerReady || running || !queue.length) return;
  const job = queue.shift()!;
  const w = worker;
  const timer = setTimeout(() => {
    // A check this long is crafted code: refuse it, and stop the worker (the next job starts a new one).
    running = undefined;
    worker = undefined;
    void w.terminate();
    job.resolve(refusal(`The static check of this code did not finish within ${job.budgetMs} ms.`), true);
    pump();
  }, job.budgetMs);
  if (job.background) timer.unref();
  running = { job, timer };
  w.postMessage({ id: job.id, code: job.code });
}

/**
 * Checks, in the background on the worker thread, each of `codes` that has no verdict yet, so the first
 * request that needs it does not wait for the tools to load, and the verdicts are cached for the next
 * start (a bundle no request used would otherwise have the worker load at every start). Nothing starts
 * when all are cached; the worker stops once idle.
 */
export function prepareCheckerFor(codes: Iterable<string>): void {
  const entries = loadCache();
  for (const code of codes) {
    if (sizeError(code)) continue;
    if (!entries.has(cacheKey(code))) {
      void checkAndPrepareOffThread(code, OFF_THREAD_CHECK_MS, true);
    }
  }
}

/**
 * checkAndPrepare for code from the network: a cached verdict at once, otherwise the analysis runs
 * on a worker thread, at most `budgetMs` once the worker is up.
 */
export async function checkAndPrepareOffThread(code: string, budgetMs = OFF_THREAD_CHECK_MS, background = false): Promise<CheckResult> {
  const known = lookup(code);
  if ('result' in known) return known.result;
  const out = await new Promise<{ v: Verdict; transient?: boolean }>((resolve) => {
    const job: Job = { id: nextJobId++, code, budgetMs, background, resolve: (v, transient) => resolve({ v, transient }) };
    // A check someone waits for goes before the background ones (prepareCheckerFor's).
    const at = background ? -1 : queue.findIndex((j) => j.background);
    if (at < 0) queue.push(job);
    else queue.splice(at, 0, job);
    pump();
  });
  if (!out.transient) remember(known.key, out.v);
  return materialize(code, out.v);
}

function materialize(code: string, v: Verdict): CheckResult {
  if (!v.ok) return { ok: false, errors: v.errors.map((e) => ({ ...e, location: { ...e.location } })) };
  const lineOf = (pos: number) => code.slice(0, pos).split('\n').length;
  const colOf = (pos: number) => pos - code.lastIndexOf('\n', pos - 1);
  // The wrapper adds one line before the body: the body's line n is the wrapped code's line n + 1.
  const out = v.wrapped.slice(v.wrapped.indexOf('\n') + 1);
  const outLineStarts = [0];
  for (let i = 0; i < out.length; i++) if (out.charCodeAt(i) === 10) outLineStarts.push(i + 1);
  const toOriginal = (line: number, column: number) => {
    const outPos = (outLineStarts[line - 1] ?? 0) + column - 1;
    let delta = 0;
    for (const m of v.mapping) {
      if (m.outStart > outPos) break;
      if (outPos < m.outEnd) return { line: lineOf(m.origStart), column: colOf(m.origStart) };
      delta = m.outEnd - m.origEnd;
    }
    const orig = outPos - delta;
    return { line: lineOf(orig), column: colOf(orig) };
  };
  const lines = code.split('\n');
  return {
    ok: true,
    prepared: { wrapped: v.wrapped, toOriginal, exportNames: [...v.exportNames], originalLine: (line) => lines[line - 1] ?? '' },
  };
}

function analyse(code: string): Verdict {
  const { linter, typed, plain } = loadLint();
  const collected: Collected = { imports: [], exports: [], loopBodies: [], functionBodies: [] };
  collecting = collected;
  let messages: Linter.LintMessage[];
  // The code's own comments configure nothing: `/* eslint-disable */` or `/* global Promise */` in a
  // bundle must not switch AWS's checks off.
  const options = { allowInlineConfig: false };
  try {
    const { program, fileName } = programFor(code);
    messages = linter.verify(code, typed(program), { ...options, filename: fileName });
    if (messages.some((m) => m.fatal)) {
      // TypeScript's parser words syntax errors its own way: report the standard JavaScript parser's
      // (a refusal either way; the result is not used past the errors).
      const plainMessages = linter.verify(code, plain, { ...options, filename: 'code.js' });
      if (plainMessages.some((m) => m.fatal)) messages = plainMessages;
    }
  } catch (e) {
    // The parsers and the checker recurse per nesting level: code nested deeply enough overflows the stack.
    if (!(e instanceof RangeError)) throw e;
    return { ok: false, errors: [{ errorType: 'PARSER_ERROR', value: 'Parsing error: the code is nested too deeply', location: location(0, 0) }] };
  } finally {
    collecting = null;
  }
  const errors: CodeError[] = [];
  for (const m of messages) {
    if (m.fatal) errors.push({ errorType: 'PARSER_ERROR', value: m.message, location: location(m.line, m.column) });
    else if (m.severity === 2) errors.push({ errorType: 'LINT_ERROR', value: m.message, location: location(m.line, m.column, m.endLine, m.endColumn) });
  }
  if (errors.length) return { ok: false, errors };

  const edits: Edit[] = [];
  const exportNames: { exported: string; local: string }[] = [];
  const lineOf = (pos: number) => code.slice(0, pos).split('\n').length;
  const colOf = (pos: number) => pos - code.lastIndexOf('\n', pos - 1);
  const newlines = (s: string) => '\n'.repeat(s.split('\n').length - 1);

  for (const node of collected.imports) {
    const n = node as unknown as {
      source: { value: string };
      specifiers: { type: string; local: { name: string }; imported?: { name?: string; value?: string } }[];
      range: [number, number];
    };
    if (!ALLOWED_MODULES.includes(n.source.value)) {
      errors.push({
        errorType: 'MODULE_NOT_FOUND',
        value: `Cannot find module '${n.source.value}': APPSYNC_JS provides only ${ALLOWED_MODULES.join(', ')}; bundle other code into the file`,
        location: location(lineOf(n.range[0]), colOf(n.range[0])),
      });
      continue;
    }
    const src = JSON.stringify(n.source.value);
    const named: string[] = [];
    const stmts: string[] = [];
    for (const s of n.specifiers) {
      if (s.type === 'ImportNamespaceSpecifier') stmts.push(`const ${s.local.name} = __r(${src});`);
      else if (s.type === 'ImportDefaultSpecifier') stmts.push(`const ${s.local.name} = __r(${src}).default;`);
      else {
        const imported = s.imported?.name ?? s.imported?.value ?? s.local.name;
        named.push(`${JSON.stringify(imported)}: ${s.local.name}`);
      }
    }
    if (named.length) stmts.push(`const { ${named.join(', ')} } = __r(${src});`);
    if (!stmts.length) stmts.push(`__r(${src});`);
    const original = code.slice(n.range[0], n.range[1]);
    edits.push({ start: n.range[0], end: n.range[1], text: stmts.join(' ') + newlines(original) });
  }

  for (const node of collected.exports) {
    const n = node as unknown as {
      type: string;
      range: [number, number];
      source?: unknown;
      declaration?: { type: string; range: [number, number]; id?: { name: string } | null; declarations?: { id: { type: string; name?: string } }[] } | null;
      specifiers?: { local: { name?: string; value?: string }; exported: { name?: string; value?: string } }[];
    };
    const blank = (start: number, end: number) => {
      const original = code.slice(start, end);
      edits.push({ start, end, text: original.replace(/[^\n]/g, ' ') });
    };
    if (n.type === 'ExportAllDeclaration' || n.source) {
      errors.push({ errorType: 'MODULE_NOT_FOUND', value: 'Re-exports from other modules are not supported in APPSYNC_JS; bundle the code', location: location(lineOf(n.range[0]), colOf(n.range[0])) });
      continue;
    }
    if (n.type === 'ExportDefaultDeclaration') {
      // Only named `request`/`response` exports matter to AppSync; keep the declaration, drop the keyword.
      const decl = n.declaration!;
      const isDecl = decl.type === 'FunctionDeclaration' || decl.type === 'ClassDeclaration';
      if (isDecl && decl.id) blank(n.range[0], decl.range[0]);
      else edits.push({ start: n.range[0], end: decl.range[0], text: 'void ' + ' '.repeat(Math.max(0, decl.range[0] - n.range[0] - 5)) });
      continue;
    }
    if (n.declaration) {
      blank(n.range[0], n.declaration.range[0]);
      if (n.declaration.id) exportNames.push({ exported: n.declaration.id.name, local: n.declaration.id.name });
      for (const d of n.declaration.declarations ?? []) if (d.id.type === 'Identifier' && d.id.name) exportNames.push({ exported: d.id.name, local: d.id.name });
    } else {
      blank(n.range[0], n.range[1]);
      for (const s of n.specifiers ?? []) {
        const local = s.local.name ?? s.local.value ?? '';
        exportNames.push({ exported: s.exported.name ?? s.exported.value ?? local, local });
      }
    }
  }
  if (errors.length) return { ok: false, errors };

  // Cooperative time limit: every loop iteration and function entry calls __t(), which throws once
  // the handler's deadline has passed (node:vm's own `timeout` costs ~80 µs per call).
  for (const body of collected.loopBodies) {
    if (body.type === 'BlockStatement') edits.push({ start: body.range[0] + 1, end: body.range[0] + 1, text: '__t();' });
    else {
      edits.push({ start: body.range[0], end: body.range[0], text: '{__t();' });
      edits.push({ start: body.range[1], end: body.range[1], text: '}' });
    }
  }
  for (const body of collected.functionBodies) {
    if (body.type === 'BlockStatement') edits.push({ start: body.range[0] + 1, end: body.range[0] + 1, text: '__t();' });
    else {
      edits.push({ start: body.range[0], end: body.range[0], text: '(__t(), ' });
      edits.push({ start: body.range[1], end: body.range[1], text: ')' });
    }
  }

  // Apply edits back to front; insertions at the same point keep their collection order.
  const ordered = edits.map((e, i) => ({ ...e, i })).sort((a, b) => a.start - b.start || a.i - b.i);
  let out = '';
  let pos = 0;
  const mapping: Mapping[] = [];
  for (const e of ordered) {
    out += code.slice(pos, e.start);
    const outStart = out.length;
    out += e.text;
    mapping.push({ outStart, outEnd: out.length, origStart: e.start, origEnd: e.end });
    pos = e.end;
  }
  out += code.slice(pos);

  const ret = exportNames.map((e) => `${JSON.stringify(e.exported)}: ${e.local}`).join(', ');
  const wrapped = `(function (__r, __t) { "use strict";\n${out}\n;return { ${ret} };\n})`;
  return { ok: true, wrapped, exportNames: exportNames.map((e) => e.exported), mapping };
}

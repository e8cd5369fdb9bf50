// Handlers that no I/O separates run in one call into the sandbox (sandbox.ts invokeChainSync, the
// realm's chain()). The outcomes must be exactly those of one call per handler: every case runs on two
// executors over the same bundles, one chaining and one not, twice each (the first run finds the
// functions' bundles not loaded yet, the second chains the whole pipeline).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Wiring } from '../../api/wiring/index.js';
import { invokeChainSync, loadCode, type ChainStart, type ChainStep, type LoadedCode } from '../../local/resolver-runtime/sandbox.js';
import { executorFor, invocation, type TestExecutor } from './support/executor.js';

const IMPORTS = "import { util, runtime, extensions } from '@aws-appsync/utils';\n";

// Runs ~40 ms of wall clock: past the 25 ms synchronous slice, well within the handler limit.
const SPIN = `const end = Date.now() + 40;
  const r = Array(5000).fill(0);
  let n = 0;
  for (const i of r) {
    for (const j of r) { n = n + 1; }
    if (Date.now() > end) { return { payload: { spun: n > 0, seen: ctx.prev.result } }; }
  }
  return { payload: { spun: true, seen: ctx.prev.result } };`;

const fn = (name: string, request: string, response = `ctx.stash.trace.push('${name}.response'); return { from: '${name}', prev: ctx.prev.result, result: ctx.result };`) =>
  `${IMPORTS}export function request(ctx) {\n  ctx.stash.trace.push('${name}.request');\n  ${request}\n}\nexport function response(ctx) {\n  ${response}\n}\n`;

const RESOLVER = `${IMPORTS}export function request(ctx) {
  ctx.stash.trace = ['before'];
  console.log('before', ctx.args);
  return { start: ctx.args.start };
}
export function response(ctx) {
  ctx.stash.trace.push('after');
  console.log('after', ctx.prev.result);
  return { trace: ctx.stash.trace, prev: ctx.prev.result, result: ctx.result, identity: ctx.identity, args: ctx.args };
}
`;

const files: Record<string, string> = {
  'functions/plain.js': fn('plain', `return { payload: { seen: ctx.prev.result, n: Object.keys(ctx.args).length } };`),
  // Writes to its ctx copies: the next handler must not see them, only the stash.
  'functions/mutates.js': fn(
    'mutates',
    `ctx.identity.sub = 'changed'; ctx.args.start = 'changed'; ctx.info.variables.x = 1; ctx.stash.written = true;
  if (ctx.prev.result) { ctx.prev.result.changed = true; }
  return { payload: { sub: ctx.identity.sub } };`,
    `ctx.stash.trace.push('mutates.response'); ctx.result.changed = true; ctx.request.headers.x = 'y'; return ctx.prev.result;`,
  ),
  'functions/logs.js': fn('logs', `console.log('in request', ctx.prev.result);\n  util.appendError('noted', 'Note');\n  return { payload: 1 };`, `console.error('in response');\n  util.http.addResponseHeader('x-chain', 'yes');\n  extensions.evictFromApiCache('Query', 'thing', { id: 1 });\n  return ctx.result;`),
  'functions/fails.js': fn('fails', `util.error('stop here', 'Stop', { at: 'fails' });\n  return {};`),
  'functions/throws.js': fn('throws', `return { payload: ctx.args.missing.field };`),
  'functions/earlyEnd.js': fn('earlyEnd', `runtime.earlyReturn({ ended: ctx.prev.result }, { skipTo: 'END' });\n  return {};`),
  'functions/earlyNext.js': fn('earlyNext', `runtime.earlyReturn({ next: true }, { skipTo: 'NEXT' });\n  return {};`),
  'functions/earlyPlain.js': fn('earlyPlain', `runtime.earlyReturn('plain');\n  return {};`),
  'functions/undefinedResult.js': fn('undefinedResult', `return { payload: null };`, `ctx.stash.trace.push('undefinedResult.response'); return undefined;`),
  'functions/protoKey.js': fn('protoKey', `return JSON.parse('{"payload":{"__proto__":{"polluted":true},"ok":1}}');`, `ctx.stash.trace.push('protoKey.response'); return { keys: Object.keys(ctx.result), polluted: ctx.result.polluted === true };`),
  'functions/noPayload.js': fn('noPayload', `return [1, 2];`),
  'functions/lambda.js': fn('lambda', `return { operation: 'Invoke', payload: { seen: ctx.prev.result } };`),
  'functions/slow.js': fn('slow', SPIN),
  'functions/missing.js': `${IMPORTS}export function request(ctx) { ctx.stash.trace.push('missing.request'); return { payload: 1 }; }\n`,
};

const pipelines: Record<string, string[]> = {
  plain: ['plain', 'plain'],
  mutates: ['mutates', 'plain', 'mutates'],
  logs: ['plain', 'logs', 'logs'],
  failsMidway: ['plain', 'fails', 'plain'],
  throwsMidway: ['plain', 'throws', 'plain'],
  skipToEnd: ['plain', 'earlyEnd', 'plain'],
  skipToNext: ['earlyNext', 'plain', 'earlyNext'],
  earlyPlain: ['plain', 'earlyPlain', 'plain'],
  undefinedResult: ['undefinedResult', 'plain'],
  protoKey: ['protoKey', 'plain'],
  noPayload: ['noPayload', 'plain'],
  lambdaBetween: ['plain', 'lambda', 'plain'],
  slowInside: ['plain', 'slow', 'plain'],
  missingResponse: ['plain', 'missing', 'plain'],
  none: [],
};

for (const field of Object.keys(pipelines)) files[`Query.${field}.js`] = RESOLVER;
files['Query.earlyResolver.js'] = RESOLVER.replace("return { start: ctx.args.start };", 'runtime.earlyReturn({ early: true });\n  return {};');
pipelines.earlyResolver = ['plain', 'plain'];
files['Query.unitNone.js'] = `${IMPORTS}export function request(ctx) { ctx.stash.n = 1; ctx.args.start = 'changed'; console.log('unit'); return { payload: { start: ctx.args.start } }; }
export function response(ctx) { return { result: ctx.result, stash: ctx.stash, args: ctx.args, hasPrev: ctx.prev !== undefined }; }\n`;

const wiring: Wiring = {
  dataSources: { none: { type: 'NONE' }, fn: { type: 'AWS_LAMBDA', lambda: 'sync' } },
  functions: Object.keys(files)
    .filter((f) => f.startsWith('functions/'))
    .map((f) => f.slice('functions/'.length, -'.js'.length))
    .map((name) => ({ name, dataSource: name === 'lambda' ? 'fn' : 'none' })),
  resolvers: [
    ...Object.entries(pipelines).map(([fieldName, functions]) => ({ typeName: 'Query', fieldName, kind: 'PIPELINE' as const, functions })),
    { typeName: 'Query', fieldName: 'unitNone', kind: 'UNIT', dataSource: 'none' },
  ],
};

const lambda = { invoke: async (_name: string, payload: unknown) => ({ fromLambda: payload }) };
let chained: TestExecutor;
let separate: TestExecutor;

beforeAll(() => {
  chained = executorFor(files, wiring, { handlerTimeoutMs: 2_000, lambda });
  separate = executorFor(files, wiring, { handlerTimeoutMs: 2_000, lambda, chainHandlers: false });
});
afterAll(() => {
  chained.cleanup();
  separate.cleanup();
});

const identity = { sub: 'user-1', issuer: 'https://issuer', username: 'user-1', claims: { sub: 'user-1' }, sourceIp: ['127.0.0.1'], defaultAuthStrategy: 'ALLOW', groups: null };

async function both(field: string) {
  const inv = () => invocation('Query', field, { start: 's' }, { identity, request: { headers: { host: 'h' }, domainName: null } });
  const runs = [];
  for (const t of [chained, separate]) {
    t.logs.length = 0;
    const first = await t.executor.execute(inv());
    const second = await t.executor.execute(inv());
    runs.push({ first, second, logs: [...t.logs] });
  }
  return { chained: runs[0]!, separate: runs[1]! };
}

describe('chained handlers give exactly the outcomes of one call per handler', () => {
  for (const field of [...Object.keys(pipelines), 'unitNone']) {
    it(field, async () => {
      const r = await both(field);
      expect(r.chained).toEqual(r.separate);
      expect(r.chained.second).toEqual(r.chained.first);
    });
  }

  it('a chain stopped by util.error in a function: the later handlers do not run', async () => {
    const { chained: c } = await both('failsMidway');
    expect(c.second).toEqual({ data: null, errors: [{ message: 'stop here', errorType: 'Stop', data: { at: 'fails' }, errorInfo: null }] });
    expect(c.logs).toEqual(['INFO - code.js:4:3: "before" {"start":"s"}', 'INFO - code.js:4:3: "before" {"start":"s"}']);
  });

  it("earlyReturn with skipTo 'END' inside a chain goes to the resolver's response", async () => {
    const { chained: c } = await both('skipToEnd');
    expect((c.second.data as { trace: string[] }).trace).toEqual(['before', 'plain.request', 'plain.response', 'earlyEnd.request', 'after']);
  });

  it('writes to ctx members stay in their handler; the stash and prev.result flow on', async () => {
    const { chained: c } = await both('mutates');
    const data = c.second.data as { identity: { sub: string }; args: { start: string }; trace: string[] };
    expect(data.identity.sub).toBe('user-1');
    expect(data.args.start).toBe('s');
    expect(data.trace).toEqual(['before', 'mutates.request', 'mutates.response', 'plain.request', 'plain.response', 'mutates.request', 'mutates.response', 'after']);
  });

  it('logs, appended errors, response headers and evictions keep their order and positions', async () => {
    const { chained: c } = await both('logs');
    expect(c.second.errors).toEqual([
      { message: 'noted', errorType: 'Note', data: null, errorInfo: null },
      { message: 'noted', errorType: 'Note', data: null, errorInfo: null },
    ]);
    expect(c.second.responseHeaders).toEqual({ 'x-chain': 'yes' });
    expect(c.second.evictions).toHaveLength(2);
    expect(c.logs.slice(c.logs.length / 2)).toEqual([
      'INFO - code.js:4:3: "before" {"start":"s"}',
      'INFO - code.js:4:3: "in request" {"from":"plain","prev":{"start":"s"},"result":{"seen":{"start":"s"},"n":1}}',
      'ERROR - code.js:9:3: "in response"',
      'INFO - code.js:4:3: "in request" 1',
      'ERROR - code.js:9:3: "in response"',
      expect.stringMatching(/^INFO - code\.js:9:3: "after" /),
    ]);
  });

  it('a handler that runs past the synchronous slice inside a chain still completes', async () => {
    const { chained: c } = await both('slowInside');
    expect(c.second.errors).toEqual([]);
    expect((c.second.data as { trace: string[] }).trace).toEqual(['before', 'plain.request', 'plain.response', 'slow.request', 'slow.response', 'plain.request', 'plain.response', 'after']);
  });
});

describe('invokeChainSync', () => {
  const base = '{"arguments":{"n":1},"identity":null,"source":{},"info":{"fieldName":"f","parentTypeName":"Query","variables":{},"selectionSetList":[],"selectionSetGraphQL":""},"request":{"headers":{},"domainName":null},"env":{},"authType":"API Key Authorization"';
  const start: ChainStart = { base, stash: '{}', prev: '{}', result: null, error: null };
  let step: LoadedCode;
  let fails: LoadedCode;
  let spins: LoadedCode;
  beforeAll(async () => {
    step = await loadCode(`export function request(ctx) { ctx.stash.n = (ctx.stash.n ?? 0) + 1; return { payload: ctx.stash.n }; }\nexport function response(ctx) { return ctx.result; }\n`);
    fails = await loadCode(`${IMPORTS}export function request(ctx) { util.error('no'); return {}; }\nexport function response(ctx) { return 1; }\n`);
    spins = await loadCode(`${IMPORTS}export function request(ctx) {\n  ${SPIN}\n}\nexport function response(ctx) { return 1; }\n`);
  });

  /**
   * No step starts once a fifth of the slice (5 ms) has gone since the chain began, so steps slowed down by
   * the machine (a preemption, the isolate's GC) end the chain early with the outcomes so far, all ok, and
   * the caller runs the rest one by one. A case about the later steps retries such a cut (up to 5 calls).
   */
  function chainUncut(steps: ChainStep[]): ReturnType<typeof invokeChainSync> {
    const cut = (o: ReturnType<typeof invokeChainSync>) => Array.isArray(o) && o.length < steps.length && o.every((x) => x.k === 'ok');
    let outs = invokeChainSync(start, steps);
    for (let attempt = 1; attempt < 5 && cut(outs); attempt++) outs = invokeChainSync(start, steps);
    return outs;
  }

  it('runs the steps in one call, threading stash, prev.result and the NONE result', () => {
    const outs = chainUncut([
      { code: step, name: 'request', setsPrev: false, result: 'none' },
      { code: step, name: 'response', setsPrev: true, result: 'payload' },
      { code: step, name: 'request', setsPrev: false, result: 'none' },
      { code: step, name: 'response', setsPrev: true, result: 'payload' },
    ]);
    expect(outs).toEqual([
      { k: 'ok', v: { payload: 1 }, errors: [], logs: [], stash: { n: 1 } },
      { k: 'ok', v: 1, errors: [], logs: [], stash: { n: 1 } },
      { k: 'ok', v: { payload: 2 }, errors: [], logs: [], stash: { n: 2 } },
      { k: 'ok', v: 2, errors: [], logs: [], stash: { n: 2 } },
    ]);
  });

  it('stops after the first outcome that is not ok', () => {
    const outs = chainUncut([
      { code: step, name: 'request', setsPrev: false, result: 'none' },
      { code: fails, name: 'request', setsPrev: false, result: 'none' },
      { code: step, name: 'request', setsPrev: false, result: 'none' },
    ]);
    expect(outs).toMatchObject([{ k: 'ok' }, { k: 'error', e: { message: 'no' } }]);
    expect(outs).toHaveLength(2);
  });

  it('runs only the steps whose bundles are in the synchronous engine', async () => {
    const elsewhere = await loadCode(`export function request(ctx) { return 1; }\n`, { pool: 'evaluate' });
    const step2 = { code: step, name: 'request', setsPrev: false, result: 'none' } as const;
    expect(chainUncut([step2, step2, { code: elsewhere, name: 'request', setsPrev: false, result: 'none' }])).toHaveLength(2);
    expect(invokeChainSync(start, [step2, { code: elsewhere, name: 'request', setsPrev: false, result: 'none' }])).toBe('unchained');
    expect(invokeChainSync(start, [{ code: elsewhere, name: 'request', setsPrev: false, result: 'none' }, step2])).toBe('unchained');
  });

  it('a chain that runs past the slice answers stopped (its handlers are then run one by one)', () => {
    const started = Date.now();
    const outs = chainUncut([
      { code: step, name: 'request', setsPrev: false, result: 'none' },
      { code: spins, name: 'request', setsPrev: false, result: 'none' },
    ]);
    expect(outs).toBe('stopped');
    expect(Date.now() - started).toBeLessThan(5_000); // at most 5 tries of one 25 ms slice each, and the spin is stopped in each
  });
});

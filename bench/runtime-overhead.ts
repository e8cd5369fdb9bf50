// Per-resolver overhead of the local APPSYNC_JS runtime (sandbox, ctx serialisation, data-source
// dispatch, outcome shaping) against calling the same handler functions directly in Node, measured in
// the same run. Target: < 50 µs overhead per resolver at p50.
// Standalone: `npx tsx bench/runtime-overhead.ts` prints one JSON line per figure.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Bench, BenchResult } from './types.js';
import type { Wiring } from '../api/wiring/index.js';
import { createResolverExecutor, checkAndPrepare, type FieldInvocation } from '../local/resolver-runtime/index.js';
import { builtins } from '../local/resolver-runtime/realm/index.js';

// A typical resolver: builds a key from identity and args, a DynamoDB request object, and maps the
// result back (NONE data source, so no database time is measured).
const RESOLVER = `import { util } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';

export function request(ctx) {
  const owner = ctx.identity.sub;
  if (!ctx.args.id) {
    util.error('id is required', 'ValidationError');
  }
  ctx.stash.owner = owner;
  const get = ddb.get({ key: { userPlatform: owner + '#GOOGLE_ADS', accountId: ctx.args.id } });
  return { payload: { item: { id: ctx.args.id, ownerId: owner, key: get.key, fields: ctx.info.selectionSetList.length } } };
}

export function response(ctx) {
  if (ctx.error) {
    util.error(ctx.error.message, ctx.error.type);
  }
  return { ...ctx.result.item, owner: ctx.stash.owner };
}
`;

const FUNCTION = `import { util } from '@aws-appsync/utils';
export function request(ctx) {
  return { payload: { seen: ctx.prev.result, n: Object.keys(ctx.args).length } };
}
export function response(ctx) {
  if (ctx.error) {
    util.error(ctx.error.message, ctx.error.type);
  }
  return ctx.result;
}
`;

const PIPELINE = `export function request(ctx) {
  ctx.stash.started = true;
  return { id: ctx.args.id };
}
export function response(ctx) {
  return ctx.prev.result;
}
`;

const invocation = (fieldName: string): FieldInvocation => ({
  typeName: 'Query',
  fieldName,
  arguments: { id: 'acct-1', ownerId: null },
  source: {},
  identity: {
    sub: 'c2f5d8e0-0000-4000-8000-000000000001',
    issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_local',
    username: 'c2f5d8e0-0000-4000-8000-000000000001',
    claims: { sub: 'c2f5d8e0-0000-4000-8000-000000000001', email: 'a@example.com', token_use: 'id', auth_time: 1700000000, exp: 1700003600, iat: 1700000000 },
    sourceIp: ['127.0.0.1'],
    defaultAuthStrategy: 'ALLOW',
    groups: null,
  },
  request: { headers: { 'content-type': 'application/json', host: '127.0.0.1', 'user-agent': 'bench', authorization: 'eyJ...' }, domainName: null },
  info: { fieldName, parentTypeName: 'Query', variables: {}, selectionSetList: ['id', 'ownerId', 'key'], selectionSetGraphQL: '{ id ownerId key }' },
});

type Handler = (ctx: Record<string, unknown>) => unknown;

/** The bundle's handlers compiled as ordinary functions in this Node process, using the same built-ins. */
function direct(code: string): { request: Handler; response: Handler } {
  const checked = checkAndPrepare(code);
  if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
  const factory = new Function(`return ${checked.prepared.wrapped}`)() as (r: (n: string) => unknown, t: () => void) => { request: Handler; response: Handler };
  return factory(builtins.requireModule, () => {});
}

function directCtx(inv: FieldInvocation, extra: Record<string, unknown>): Record<string, unknown> {
  return { arguments: inv.arguments, args: inv.arguments, identity: inv.identity, source: inv.source, info: inv.info, request: inv.request, env: {}, ...extra };
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

async function measure(iterations: number, fn: () => unknown | Promise<unknown>): Promise<number[]> {
  const samples: number[] = new Array(iterations);
  for (let i = 0; i < iterations; i++) {
    const t = process.hrtime.bigint();
    await fn();
    samples[i] = Number(process.hrtime.bigint() - t) / 1000;
  }
  return samples.sort((a, b) => a - b);
}

export const run: Bench = async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-runtime-'));
  try {
    mkdirSync(join(dir, 'functions'));
    writeFileSync(join(dir, 'Query.unit.js'), RESOLVER);
    writeFileSync(join(dir, 'Query.pipe.js'), PIPELINE);
    writeFileSync(join(dir, 'functions', 'step.js'), FUNCTION);
    const wiring: Wiring = {
      dataSources: { none: { type: 'NONE' } },
      functions: [{ name: 'step', dataSource: 'none' }],
      resolvers: [
        { typeName: 'Query', fieldName: 'unit', kind: 'UNIT', dataSource: 'none' },
        { typeName: 'Query', fieldName: 'pipe', kind: 'PIPELINE', functions: ['step', 'step'] },
      ],
    };
    const executor = createResolverExecutor({
      wiring,
      bundleDir: dir,
      dynamodb: { endpoint: 'http://127.0.0.1:9', region: 'us-east-1', tablePrefix: '' },
      lambda: { invoke: async () => null },
      env: {},
    });

    const unitInv = invocation('unit');
    const pipeInv = invocation('pipe');
    const unit = direct(RESOLVER);
    const fnDirect = direct(FUNCTION);
    const pipeDirect = direct(PIPELINE);

    // Direct: the same handlers and the NONE data source's "result = payload", in plain Node.
    const directUnit = async () => {
      const stash = {};
      const req = unit.request(directCtx(unitInv, { stash, prev: { result: undefined } })) as { payload: unknown };
      return unit.response(directCtx(unitInv, { stash, result: req.payload }));
    };
    const directPipe = async () => {
      const stash = {};
      let prev = pipeDirect.request(directCtx(pipeInv, { stash, prev: { result: undefined } }));
      for (let i = 0; i < 2; i++) {
        const req = fnDirect.request(directCtx(pipeInv, { stash, prev: { result: prev } })) as { payload: unknown };
        prev = fnDirect.response(directCtx(pipeInv, { stash, prev: { result: prev }, result: req.payload }));
      }
      return pipeDirect.response(directCtx(pipeInv, { stash, prev: { result: prev }, result: prev }));
    };
    const viaRuntime = (inv: FieldInvocation) => async () => {
      const out = await executor.execute(inv);
      if (out.errors.length) throw new Error(JSON.stringify(out.errors));
      return out;
    };

    // Same answers both ways, or the comparison means nothing.
    const a = JSON.stringify(await directUnit());
    const b = JSON.stringify((await executor.execute(unitInv)).data);
    if (a !== b) throw new Error(`runtime and direct results differ: ${a} vs ${b}`);

    const results: BenchResult[] = [];
    for (const [name, directFn, runtimeFn, handlers] of [
      ['unit', directUnit, viaRuntime(unitInv), 2],
      ['pipeline-2-functions', directPipe, viaRuntime(pipeInv), 6],
    ] as const) {
      await measure(3_000, directFn);
      await measure(3_000, runtimeFn);
      const d = await measure(20_000, directFn);
      const r = await measure(20_000, runtimeFn);
      for (const [label, q] of [
        ['p50', 0.5],
        ['p99', 0.99],
      ] as const) {
        const runtimeUs = quantile(r, q);
        const directUs = quantile(d, q);
        const overhead = runtimeUs - directUs;
        results.push({
          name: `appsync-runtime ${name} resolver ${label}`,
          value: round(runtimeUs),
          unit: 'µs',
          baseline: round(directUs),
          ratio: round(runtimeUs / directUs),
          target: `overhead ${label === 'p50' ? '< 50 µs' : 'reported'}`,
        });
        results.push({
          name: `appsync-runtime ${name} overhead ${label} (${handlers} handlers)`,
          value: round(overhead),
          unit: 'µs',
          baseline: null,
          ratio: round(overhead / 50),
          target: label === 'p50' ? '< 50 µs (ratio = overhead / 50 µs)' : 'reported (ratio = overhead / 50 µs)',
        });
      }
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

const round = (n: number) => Math.round(n * 100) / 100;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const r of await run()) console.log(JSON.stringify(r));
}

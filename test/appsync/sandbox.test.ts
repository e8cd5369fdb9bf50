// The resolver sandbox: resolver code cannot reach Node, runaway code is stopped, and code AppSync
// would refuse (too long, unsupported constructs, foreign modules) is refused with codeErrors.
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import { checkAndPrepareOffThread, CodeLoadError, loadCode, MAX_CODE_LENGTH } from '../../local/resolver-runtime/index.js';

const mod = (body: string) => `import { util } from '@aws-appsync/utils';\n${body}\nexport function response(ctx) { return ctx.result; }\n`;

async function refusal(code: string): Promise<CodeLoadError> {
  try {
    (await loadCode(code));
  } catch (e) {
    if (e instanceof CodeLoadError) return e;
    throw e;
  }
  throw new Error('the code was accepted');
}

// Code is checked on a worker thread that loads ESLint, AWS's plugin and TypeScript when first used
// (seconds of CPU): started here, under the hook timeout, rather than by whichever test comes first.
beforeAll(async () => void (await checkAndPrepareOffThread(mod('export function request(ctx) { return 1; }'))));

describe('no way out to Node', () => {
  it('process, require, module, Buffer, timers, fetch and fs do not exist', async () => {
    const m = (await loadCode(
      mod(`export function request(ctx) {
  return [typeof process, typeof require, typeof module, typeof Buffer, typeof setTimeout, typeof setImmediate, typeof fetch, typeof fs, typeof globalThis, typeof queueMicrotask];
}`),
    ));
    expect((await m.invoke('request', {}))).toMatchObject({ k: 'ok', v: Array(10).fill('undefined') });
  });

  it('the Function constructor reached through built-ins cannot compile code', async () => {
    const m = (await loadCode(mod(`export function request(ctx) { return util.time.nowISO8601.constructor('return process')(); }`)));
    const out = (await m.invoke('request', {}));
    expect(out.k).toBe('exception');
    expect(out.exceptionMessage).toMatch(/^code\.js:2:\d+: EvalError: Code generation from strings disallowed/);
  });

  it('objects handed to resolver code belong to the sandbox, so their constructors lead nowhere', async () => {
    const m = (await loadCode(mod(`export function request(ctx) { return [ctx.constructor === Object, ctx.args.constructor === Object, ctx.stash.constructor.prototype === Object.prototype]; }`)));
    expect((await m.invoke('request', { arguments: { a: 1 } }))).toMatchObject({ k: 'ok', v: [true, true, true] });
  });

  it('eval is refused too', async () => {
    const m = (await loadCode(mod(`export function request(ctx) { return eval('1 + 1'); }`)));
    expect((await m.invoke('request', {})).exceptionMessage).toMatch(/EvalError/);
  });

  it('nested ctx values are writable and the stash carries the writes', async () => {
    const m = (await loadCode(mod(`export function request(ctx) { ctx.args.x = 2; ctx.stash.y = 3; return ctx.args; }`)));
    expect((await m.invoke('request', { arguments: {} }))).toMatchObject({ k: 'ok', v: { x: 2 }, stash: { y: 3 } });
  });

  it('re-assigning ctx members is refused at load (AWS lint no-disallowed-re-assignment)', async () => {
    const e = await refusal(mod(`export function request(ctx) { ctx.stash = {}; return 1; }`));
    expect(e.codeErrors).toHaveLength(1);
    expect(e.codeErrors[0]).toMatchObject({ errorType: 'LINT_ERROR', location: { line: 2 } });
    expect(e.codeErrors[0]!.value).toBe('ctx is readonly. Adding/Updating stash is not supported.');
  });

  it('nothing one evaluation changes is seen by the next: globals, built-ins, util and module state', async () => {
    const attempts = [
      `Math.leak = 'a'`,
      `Array.prototype.map = () => 'patched'`,
      `Object.prototype.polluted = 1`,
      `util.time.nowISO8601 = () => 'frozen'`,
      `JSON.stringify = () => 'x'`,
      `Date.prototype.toISOString = () => 'x'`,
    ];
    const writer = await loadCode(
      mod(`let calls = 0;
export function count(ctx) { calls += 1; return calls; }
${attempts.map((a, i) => `export function w${i}(ctx) { ${a}; return 'written'; }`).join('\n')}`),
    );
    expect((await writer.invoke('count', {})).v).toBe(1);
    expect((await writer.invoke('count', {})).v).toBe(1);
    for (let i = 0; i < attempts.length; i++) expect((await writer.invoke(`w${i}`, {})).exceptionMessage, attempts[i]).toMatch(/TypeError: Cannot (add|assign)/);
    const reader = await loadCode(
      mod(`export function request(ctx) {
  const o = { toString: undefined };
  o.toString = () => 'own';
  return [typeof Math.leak, [1].map((x) => x + 1)[0], ({}).polluted, typeof util.time.nowISO8601(), JSON.stringify({ a: 1 }), [...[1, 2]].length, new Date(0).toISOString(), String(o)];
}`),
    );
    expect((await reader.invoke('request', {})).v).toEqual(['undefined', 2, null, 'string', '{"a":1}', 2, '1970-01-01T00:00:00.000Z', 'own']);
  });

  it('util members AppSync does not have fail naming themselves', async () => {
    const m = (await loadCode(mod(`export function request(ctx) { return util.isNull(null); }`)));
    expect((await m.invoke('request', {})).exceptionMessage).toMatch(/TypeError: util\.isNull is not a function \(it is a VTL-only \$util helper/);
  });
});

describe('runaway code', () => {
  it('an ever-growing for-of loop is stopped with the timeout error', async () => {
    const m = (await loadCode(mod(`export function request(ctx) { const a = [1]; for (const x of a) { a.push(x); } return a.length; }`), { timeoutMs: 150 }));
    const started = Date.now();
    expect((await m.invoke('request', {})).k).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('mutual recursion through callbacks is stopped (or overflows) instead of hanging', async () => {
    const m = (await loadCode(
      mod(`const step = (n) => [n].map((x) => x + 1).reduce((a, b) => a + b, 0);
export function request(ctx) { const list = [0]; for (const n of list) { list.push(step(n)); } return list.length; }`),
      { timeoutMs: 150 },
    ));
    expect((await m.invoke('request', {})).k).toBe('timeout');
  });

  it('a runaway top-level statement stops the load', async () => {
    let e: unknown;
    try {
      (await loadCode(`const a = [1];\nfor (const x of a) { a.push(x); }\nexport function request(ctx) { return 1; }\nexport function response(ctx) { return 1; }\n`, { timeoutMs: 150 }));
    } catch (err) {
      e = err;
    }
    expect(e).toBeInstanceOf(CodeLoadError);
    expect((e as CodeLoadError).message).toBe('Execution timed out.');
  });

  it('the sandbox is usable again after a timeout', async () => {
    const m = (await loadCode(mod(`export function request(ctx) { if (ctx.args.spin) { const a = [1]; for (const x of a) { a.push(x); } } return 'fine'; }`), { timeoutMs: 100 }));
    expect((await m.invoke('request', { arguments: { spin: true } })).k).toBe('timeout');
    expect((await m.invoke('request', { arguments: {} }))).toMatchObject({ k: 'ok', v: 'fine' });
  });
});

describe('the event loop', () => {
  it('a long evaluation on the GraphQL path holds the loop one short slice, then finishes off it', async () => {
    const slow = await loadCode(
      // Runs ~300 ms of wall clock (well past the 25 ms slice on any machine), whatever the machine's speed.
      mod(`export function request(ctx) {
  const end = Date.now() + 300;
  const r = Array(5000).fill(0);
  let n = 0;
  for (const i of r) {
    for (const j of r) {
      n = n + 1;
    }
    if (Date.now() > end) {
      return n;
    }
  }
  return n;
}`),
    );
    const fast = await loadCode(mod(`export function request(ctx) { return 'fast'; }`));
    let settled = false;
    const pending = slow.invoke('request', {}).finally(() => {
      settled = true;
    });
    // The first slice ran synchronously and ran out; the loop is free again while the handler goes on.
    await new Promise((resolve) => setImmediate(resolve));
    const quick = await fast.invoke('request', {});
    expect(settled).toBe(false);
    expect(quick.v).toBe('fast');
    expect(await pending).toMatchObject({ k: 'ok', v: expect.any(Number) });
  });
});

describe('code AppSync refuses', () => {
  it(`code over ${MAX_CODE_LENGTH} characters`, async () => {
    const big = mod(`export function request(ctx) { return 1; }\n// ${'x'.repeat(MAX_CODE_LENGTH)}`);
    const e = await refusal(big);
    expect(e.codeErrors).toEqual([
      { errorType: 'CODE_SIZE_EXCEEDED', value: `Code is ${big.length} characters; APPSYNC_JS accepts at most ${MAX_CODE_LENGTH}.`, location: { line: 0, column: 0, span: -1 } },
    ]);
  });

  it('exactly 32,768 characters is accepted', async () => {
    const base = mod('export function request(ctx) { return 1; }') + '// ';
    const code = base + 'x'.repeat(MAX_CODE_LENGTH - base.length);
    expect(code.length).toBe(MAX_CODE_LENGTH);
    expect((await loadCode(code)).exports).toEqual(['request', 'response']);
  });

  it('unsupported statements and operators are LINT_ERRORs with AWS lint messages and positions', async () => {
    const e = await refusal(
      mod(`export function request(ctx) {
  let i = 0;
  while (i < 3) { i += 1; }
  try { i++; } catch (err) { return null; }
  return /x/.test('x') && ('a' in ctx);
}`),
    );
    expect(e.codeErrors.map((c) => [c.errorType, c.value, c.location.line])).toEqual([
      ['LINT_ERROR', 'While statements are not supported.', 4],
      ['LINT_ERROR', 'Try statements are not supported.', 5],
      ['LINT_ERROR', 'The operator ++ is not supported', 5],
      ['LINT_ERROR', 'Regex literals are not supported.', 6],
      ['LINT_ERROR', 'in operator is not supported. Use Object.hasOwn().', 6],
    ]);
  });

  it('classes, async functions, generators, for(;;), continue, this and throw are refused', async () => {
    const e = await refusal(
      mod(`class A {}
async function f() { return 1; }
function* g() { yield 1; }
export function request(ctx) {
  for (let i = 0; i < 1; i = i + 1) { continue; }
  throw new Error(String(this));
}`),
    );
    const messages = e.codeErrors.map((c) => c.value);
    expect(messages).toEqual([
      'Class declarations are not supported.',
      'Async functions are not supported.',
      'Generator functions are not supported.',
      'Yield statements are not supported',
      'For statements are not supported.',
      'Continue statements are not supported',
      'Throw statements are not supported. Use util.error().',
      'This expressions are not supported.',
    ]);
    expect(e.codeErrors.every((c) => c.errorType === 'LINT_ERROR')).toBe(true);
  });

  it('a syntax error is a PARSER_ERROR', async () => {
    const e = await refusal(`export function request(ctx) { return 'unterminated; }\n`);
    expect(e.codeErrors).toEqual([{ errorType: 'PARSER_ERROR', value: 'Parsing error: Unterminated string constant', location: { line: 1, column: 39, span: -1 } }]);
  });

  it('modules other than @aws-appsync/* cannot be imported', async () => {
    const e = await refusal(`import fs from 'node:fs';\nexport function request(ctx) { return fs; }\nexport function response(ctx) { return 1; }\n`);
    expect(e.codeErrors[0]).toMatchObject({ errorType: 'MODULE_NOT_FOUND', location: { line: 1, column: 1 } });
    expect(e.codeErrors[0]!.value).toMatch(/^Cannot find module 'node:fs'/);
  });

  it('a missing handler is reported when invoked', async () => {
    const m = (await loadCode(`export function request(ctx) { return 1; }\n`));
    expect((await m.invoke('response', {})).k).toBe('missing');
  });
});

describe('bundled code', () => {
  it('export lists, renamed imports and esbuild-style output load and keep line numbers', async () => {
    const m = (await loadCode(`// bundled
import { util as u } from "@aws-appsync/utils";
import * as ddb from "@aws-appsync/utils/dynamodb";
function request(ctx) {
  return ddb.get({ key: { id: u.autoId().length } });
}
function response(ctx) {
  return ctx.result.nope.deeper;
}
export {
  request,
  response
};
//# sourceMappingURL=data:application/json;base64,e30=
`));
    expect(m.exports).toEqual(['request', 'response']);
    expect((await m.invoke('request', {}))).toMatchObject({ k: 'ok', v: { operation: 'GetItem', key: { id: { N: 36 } } } });
    expect((await m.invoke('response', { result: {} })).exceptionMessage).toBe("code.js:8:26: TypeError: Cannot read properties of undefined (reading 'deeper')");
  });
});

describe('source maps', () => {
  it('with an inline source map, errors and log lines point at the original TypeScript file', async () => {
    const source = [
      "import { util } from '@aws-appsync/utils';",
      '',
      'type Args = { id: string };',
      '',
      'export function request(ctx: { args: Args }) {',
      "  console.log('id is', ctx.args.id);",
      '  return { payload: util.autoId() };',
      '}',
      '',
      'export function response(ctx: { result: { nope?: { deeper: string } } }) {',
      '  return ctx.result.nope!.deeper;',
      '}',
      '',
    ].join('\n');
    const out = await build({
      stdin: { contents: source, sourcefile: 'resolvers/Query.thing.ts', loader: 'ts', resolveDir: process.cwd() },
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      external: ['@aws-appsync/*'],
      sourcemap: 'inline',
      sourcesContent: false,
      write: false,
      logLevel: 'silent',
    });
    const m = (await loadCode(out.outputFiles[0]!.text));
    expect((await m.invoke('request', { arguments: { id: 'x' } })).logs).toEqual(['INFO - resolvers/Query.thing.ts:6:3: "id is" "x"']);
    expect((await m.invoke('response', { result: {} })).exceptionMessage).toBe("resolvers/Query.thing.ts:11:27: TypeError: Cannot read properties of undefined (reading 'deeper')");
  });
});

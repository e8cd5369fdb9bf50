// Conformance of resolver execution with AWS: unit and pipeline flow, ctx, early returns and error
// shapes. Sources:
//  [overview] resolver-reference-overview-js.html  [runtime] runtime-utils-js.html
//  [ctx] resolver-context-reference-js.html        [util] built-in-util-js.html
//  [none] resolver-reference-none-js.html           [ext] extensions-js.html
//  [#384] aws/aws-appsync-community#384 (util.error with a non-string argument is a no-op)
//  [#328] aws/aws-appsync-community#328 (runtime exceptions: errorType "Code", "code.js:L:C:" prefix)
//  [authz] amplify-category-api#2422 (Unauthorized message text)
// Where AWS documents no exact value the case says so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Wiring } from '../../api/wiring/index.js';
import { executorFor, invocation, type TestExecutor } from './support/executor.js';

const IMPORTS = "import { util, runtime, extensions } from '@aws-appsync/utils';\n";

// Pipeline functions record their passage in the stash so the tests can see the exact flow.
const fn = (name: string, requestBody: string, responseBody = `ctx.stash.trace.push('${name}.response'); return { from: '${name}', prev: ctx.prev.result, result: ctx.result };`) =>
  `${IMPORTS}export function request(ctx) { ctx.stash.trace.push('${name}.request'); ${requestBody} }\nexport function response(ctx) { ${responseBody} }\n`;

const files: Record<string, string> = {
  // unit resolvers on NONE
  'Query.echo.js': `${IMPORTS}export function request(ctx) { ctx.stash.seen = 'request'; return { payload: { args: ctx.args, same: ctx.args === ctx.arguments } }; }
export function response(ctx) { return { result: ctx.result, stash: ctx.stash, hasError: ctx.error !== undefined }; }\n`,
  'Query.early.js': `${IMPORTS}export function request(ctx) { runtime.earlyReturn({ hello: 'world' }); return ctx.args; }
export function response(ctx) { return ctx.result; }\n`,
  'Query.ctx.js': `${IMPORTS}export function request(ctx) { return { payload: null }; }
export function response(ctx) { return { identity: ctx.identity, source: ctx.source, headers: ctx.request.headers, domainName: ctx.request.domainName, env: ctx.env,
  info: JSON.parse(JSON.stringify(ctx.info)), selectionSetList: ctx.info.selectionSetList, selectionSetGraphQL: ctx.info.selectionSetGraphQL, authType: util.authType() }; }\n`,
  'Query.fail.js': `${IMPORTS}export function request(ctx) { return { payload: 1 }; }
export function response(ctx) { util.error('Custom message', 'CustomException', { a: 1 }, { b: 2 }); return 'not returned'; }\n`,
  'Query.failPlain.js': `${IMPORTS}export function request(ctx) { util.error('Only a message'); return {}; }
export function response(ctx) { return 1; }\n`,
  'Query.append.js': `${IMPORTS}export function request(ctx) { util.appendError('first', 'Warn'); return { payload: 'kept' }; }
export function response(ctx) { util.appendError('second', 'Warn', null, { i: 2 }); return ctx.result; }\n`,
  'Query.unauth.js': `${IMPORTS}export function request(ctx) { util.unauthorized(); return {}; }
export function response(ctx) { return 1; }\n`,
  'Query.boom.js': `${IMPORTS}export function request(ctx) { return { payload: null }; }
export function response(ctx) {
  return ctx.result.missing;
}\n`,
  'Query.nonString.js': `${IMPORTS}export function request(ctx) { util.error(42); util.appendError({ not: 'a string' }); return { payload: 'went on' }; }
export function response(ctx) { return ctx.result; }\n`,
  'Query.dsError.js': `${IMPORTS}export function request(ctx) { return { operation: 'Invoke', payload: { fail: true } }; }
export function response(ctx) { return { error: ctx.error, result: ctx.result }; }\n`,
  'Query.dsErrorRaised.js': `${IMPORTS}export function request(ctx) { return { operation: 'Invoke', payload: { fail: true } }; }
export function response(ctx) { if (ctx.error) { util.error(ctx.error.message, ctx.error.type); } return ctx.result; }\n`,
  'Query.lambda.js': `${IMPORTS}export function request(ctx) { return { operation: 'Invoke', payload: { field: ctx.info.fieldName, args: ctx.args } }; }
export function response(ctx) { return ctx.result; }\n`,
  'Query.lambdaEvent.js': `${IMPORTS}export function request(ctx) { return { operation: 'Invoke', invocationType: 'Event', payload: { n: 1 } }; }
export function response(ctx) { return { result: ctx.result }; }\n`,
  'Query.batch.js': `${IMPORTS}export function request(ctx) { return { operation: 'BatchInvoke', payload: { n: ctx.args.n } }; }
export function response(ctx) { return ctx.result; }\n`,
  'Query.slow.js': `${IMPORTS}export function request(ctx) { const list = [1]; for (const x of list) { list.push(x); } return {}; }
export function response(ctx) { return 1; }\n`,
  'Query.logs.js': `${IMPORTS}export function request(ctx) {
  console.log("current id", ctx.args.id);
  return { payload: null };
}
export function response(ctx) { console.error('bad', { n: 1 }); return true; }\n`,
  'Subscription.onThing.js': `${IMPORTS}export function request(ctx) { return { payload: null }; }
export function response(ctx) {
  extensions.setSubscriptionFilter(util.transform.toSubscriptionFilter({ ownerId: { eq: ctx.args.ownerId } }));
  extensions.setSubscriptionInvalidationFilter(util.transform.toSubscriptionFilter({ ownerId: { eq: ctx.args.ownerId } }));
  return null;
}\n`,
  'Mutation.removeThing.js': `${IMPORTS}export function request(ctx) { return { payload: { id: ctx.args.id } }; }
export function response(ctx) {
  extensions.invalidateSubscriptions({ subscriptionField: 'onThing', payload: { ownerId: ctx.args.ownerId } });
  extensions.evictFromApiCache('Query', 'thing', { 'context.arguments.id': ctx.args.id });
  util.http.addResponseHeader('x-thing', 'removed');
  return ctx.result;
}\n`,
  // pipeline resolvers
  'Query.pipe.js': `${IMPORTS}export function request(ctx) { ctx.stash.trace = ['before']; return { start: ctx.args.start }; }
export function response(ctx) { ctx.stash.trace.push('after'); return { trace: ctx.stash.trace, prev: ctx.prev.result, result: ctx.result }; }\n`,
  'Query.pipeEarly.js': `${IMPORTS}export function request(ctx) { ctx.stash.trace = ['before']; runtime.earlyReturn({ early: true }); return {}; }
export function response(ctx) { ctx.stash.trace.push('after'); return { trace: ctx.stash.trace, prev: ctx.prev.result, result: ctx.result }; }\n`,
  'Query.pipeSkipEnd.js': `${IMPORTS}export function request(ctx) { ctx.stash.trace = ['before']; return {}; }
export function response(ctx) { ctx.stash.trace.push('after'); return { trace: ctx.stash.trace, prev: ctx.prev.result }; }\n`,
  'Query.pipeSkipNext.js': `${IMPORTS}export function request(ctx) { ctx.stash.trace = ['before']; return {}; }
export function response(ctx) { ctx.stash.trace.push('after'); return { trace: ctx.stash.trace, prev: ctx.prev.result }; }\n`,
  'Query.pipeError.js': `${IMPORTS}export function request(ctx) { ctx.stash.trace = ['before']; return {}; }
export function response(ctx) { return 'resolver response ran'; }\n`,
  'Query.pipeAppend.js': `${IMPORTS}export function request(ctx) { ctx.stash.trace = ['before']; return {}; }
export function response(ctx) { return ctx.prev.result; }\n`,
  'functions/first.js': fn('first', `return { payload: { seen: ctx.prev.result } };`),
  'functions/second.js': fn('second', `return { payload: { seen: ctx.prev.result } };`),
  'functions/earlyPlain.js': fn('earlyPlain', `runtime.earlyReturn({ skipped: 'earlyPlain' }); return {};`),
  'functions/earlyEnd.js': fn('earlyEnd', `runtime.earlyReturn({ ended: true }, { skipTo: 'END' }); return {};`),
  'functions/earlyNext.js': fn('earlyNext', `runtime.earlyReturn({ next: true }, { skipTo: 'NEXT' }); return {};`),
  'functions/fails.js': fn('fails', `util.error('stop here', 'Stop'); return {};`),
  'functions/appends.js': fn('appends', `util.appendError('noted', 'Note'); return { payload: 'fine' };`, `return ctx.result;`),
};

const unit = (fieldName: string, dataSource = 'none', typeName = 'Query') => ({ typeName, fieldName, kind: 'UNIT' as const, dataSource });
const pipe = (fieldName: string, functions: string[]) => ({ typeName: 'Query', fieldName, kind: 'PIPELINE' as const, functions });

const wiring: Wiring = {
  dataSources: { none: { type: 'NONE' }, fn: { type: 'AWS_LAMBDA', lambda: 'sync' } },
  functions: ['first', 'second', 'earlyPlain', 'earlyEnd', 'earlyNext', 'fails', 'appends'].map((name) => ({ name, dataSource: 'none' })),
  resolvers: [
    unit('echo'),
    unit('early'),
    unit('ctx'),
    unit('fail'),
    unit('failPlain'),
    unit('append'),
    unit('unauth'),
    unit('boom'),
    unit('nonString'),
    unit('dsError', 'fn'),
    unit('dsErrorRaised', 'fn'),
    unit('lambda', 'fn'),
    unit('lambdaEvent', 'fn'),
    unit('batch', 'fn'),
    unit('slow'),
    unit('logs'),
    unit('onThing', 'none', 'Subscription'),
    unit('removeThing', 'none', 'Mutation'),
    pipe('pipe', ['first', 'second']),
    pipe('pipeEarly', ['first', 'second']),
    pipe('pipeSkipEnd', ['first', 'earlyEnd', 'second']),
    pipe('pipeSkipNext', ['first', 'earlyNext', 'second']),
    pipe('pipePlainEarly', ['earlyPlain', 'second']),
    pipe('pipeError', ['first', 'fails', 'second']),
    pipe('pipeAppend', ['appends', 'second']),
  ],
};
files['Query.pipePlainEarly.js'] = files['Query.pipeSkipEnd.js']!;

const lambdaCalls: { name: string; payload: unknown; type: string }[] = [];
let t: TestExecutor;

beforeAll(() => {
  t = executorFor(files, wiring, {
    handlerTimeoutMs: 200,
    env: { USERS_TABLE: 'sivera-users' },
    lambda: {
      async invoke(name, payload, type) {
        lambdaCalls.push({ name, payload, type });
        const p = payload as { fail?: boolean } | { n: number }[];
        if (!Array.isArray(p) && p.fail) throw Object.assign(new Error('Parameter cannot be empty'), { name: 'ValidationError' });
        if (Array.isArray(p)) return p.map((x) => ({ doubled: x.n * 2 }));
        return { handled: payload };
      },
    },
  });
});
afterAll(() => t.cleanup());

const run = (fieldName: string, args: Record<string, unknown> = {}, extra = {}, typeName = 'Query') =>
  t.executor.execute(invocation(typeName, fieldName, args, extra));

describe('unit resolvers', () => {
  it('NONE: ctx.result is the request payload unchanged; args and arguments are the same map [none] [ctx]', async () => {
    const out = await run('echo', { id: 'a1' });
    expect(out).toEqual({ data: { result: { args: { id: 'a1' }, same: true }, stash: { seen: 'request' }, hasError: false }, errors: [] });
  });

  it('earlyReturn in a unit request skips the data source and response; the object is the field value [runtime doc example]', async () => {
    expect(await run('early', { x: 1 })).toEqual({ data: { hello: 'world' }, errors: [] });
  });

  it('has() answers from the wiring', () => {
    expect(t.executor.has('Query', 'echo')).toBe(true);
    expect(t.executor.has('Query', 'nope')).toBe(false);
  });

  it('ctx carries identity, source, headers, domainName, env; JSON.stringify(ctx.info) omits the selection set [ctx]', async () => {
    const identity = { sub: 'u1', issuer: 'https://cognito-idp.us-east-1.amazonaws.com/pool', username: 'u1', claims: { sub: 'u1' }, sourceIp: ['127.0.0.1'], defaultAuthStrategy: 'ALLOW', groups: null };
    const info = { fieldName: 'ctx', parentTypeName: 'Query', variables: { v: 1 }, selectionSetList: ['id', 'owner', 'owner/id'], selectionSetGraphQL: '{\n  id\n  owner {\n    id\n  }\n}' };
    const out = await run('ctx', {}, { identity, source: { parent: true }, request: { headers: { 'x-h': 'v', custom: ['a', 'b'] }, domainName: null }, info });
    expect(out.errors).toEqual([]);
    expect(out.data).toEqual({
      identity,
      source: { parent: true },
      headers: { 'x-h': 'v', custom: ['a', 'b'] },
      domainName: null,
      env: { USERS_TABLE: 'sivera-users' },
      info: { fieldName: 'ctx', parentTypeName: 'Query', variables: { v: 1 } },
      selectionSetList: ['id', 'owner', 'owner/id'],
      selectionSetGraphQL: '{\n  id\n  owner {\n    id\n  }\n}',
      authType: 'User Pool Authorization',
    });
  });

  it('util.authType() for API key (no identity) [util: "API Key Authorization"]', async () => {
    const out = await run('ctx');
    expect((out.data as { authType: string }).authType).toBe('API Key Authorization');
  });

  it('util.authType() for IAM [util: "IAM Authorization"]', async () => {
    const out = await run('ctx', {}, { identity: { accountId: '1', userArn: 'arn:aws:iam::1:user/x', username: 'x', sourceIp: [] } });
    expect((out.data as { authType: string }).authType).toBe('IAM Authorization');
  });
});

describe('errors', () => {
  it('util.error: field null, one error with message, errorType, data, errorInfo [util] [overview]', async () => {
    expect(await run('fail')).toEqual({
      data: null,
      errors: [{ message: 'Custom message', errorType: 'CustomException', data: { a: 1 }, errorInfo: { b: 2 } }],
    });
  });

  it('util.error with only a message: data and errorInfo null, no errorType [util; AWS prints errorType null]', async () => {
    expect(await run('failPlain')).toEqual({ data: null, errors: [{ message: 'Only a message', data: null, errorInfo: null }] });
  });

  it('util.appendError keeps the value and records every error in order [util]', async () => {
    expect(await run('append')).toEqual({
      data: 'kept',
      errors: [
        { message: 'first', errorType: 'Warn', data: null, errorInfo: null },
        { message: 'second', errorType: 'Warn', data: null, errorInfo: { i: 2 } },
      ],
    });
  });

  it('util.unauthorized: errorType Unauthorized with AppSync\'s message text [util] [authz]', async () => {
    expect(await run('unauth')).toEqual({
      data: null,
      errors: [{ message: 'Not Authorized to access unauth on type Query', errorType: 'Unauthorized', data: null, errorInfo: null }],
    });
  });

  // AWS documents the "code.js:L:C: Error" form, not which column of a member access it names; the
  // column here is the property's (V8), which is what the local runtime reports.
  it('an uncaught exception is errorType "Code" with the code.js:line:column: prefix [#328]', async () => {
    expect(await run('boom')).toEqual({
      data: null,
      errors: [{ message: "code.js:4:21: TypeError: Cannot read properties of null (reading 'missing')", errorType: 'Code', data: null, errorInfo: null }],
    });
  });

  it('util.error / appendError with a non-string message do nothing [#384]', async () => {
    expect(await run('nonString')).toEqual({ data: 'went on', errors: [] });
  });

  it('a data-source error reaches the response as ctx.error and is not raised by itself [overview]', async () => {
    expect(await run('dsError')).toEqual({
      data: { error: { message: 'Parameter cannot be empty', type: 'Lambda:Unhandled', unhandledErrorType: 'ValidationError' }, result: null },
      errors: [],
    });
  });

  it('re-raising ctx.error with util.error gives errorType Lambda:Unhandled [aws-appsync-community#209]', async () => {
    expect(await run('dsErrorRaised')).toEqual({
      data: null,
      errors: [{ message: 'Parameter cannot be empty', errorType: 'Lambda:Unhandled', data: null, errorInfo: null }],
    });
  });

  it('runaway code is stopped with the timeout error (AppSync: "Execution timed out."; exact JS-handler text not documented)', async () => {
    const started = Date.now();
    const out = await run('slow');
    expect(out).toEqual({ data: null, errors: [{ message: 'Execution timed out.', errorType: 'ExecutionTimeout', data: null, errorInfo: null }] });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('Lambda data source', () => {
  it('Invoke sends exactly the payload and returns the function result [lambda]', async () => {
    lambdaCalls.length = 0;
    expect(await run('lambda', { id: 7 })).toEqual({ data: { handled: { field: 'lambda', args: { id: 7 } } }, errors: [] });
    expect(lambdaCalls).toEqual([{ name: 'sivera-sync', payload: { field: 'lambda', args: { id: 7 } }, type: 'RequestResponse' }]);
  });

  it('invocationType Event: asynchronous, ctx.result null [lambda]', async () => {
    lambdaCalls.length = 0;
    expect(await run('lambdaEvent')).toEqual({ data: { result: null }, errors: [] });
    expect(lambdaCalls).toEqual([{ name: 'sivera-sync', payload: { n: 1 }, type: 'Event' }]);
  });

  it('BatchInvoke merges concurrent payloads into one list and hands each field its entry [lambda]', async () => {
    lambdaCalls.length = 0;
    const outs = await Promise.all([1, 2, 3].map((n) => run('batch', { n })));
    expect(outs.map((o) => o.data)).toEqual([{ doubled: 2 }, { doubled: 4 }, { doubled: 6 }]);
    expect(lambdaCalls).toEqual([{ name: 'sivera-sync', payload: [{ n: 1 }, { n: 2 }, { n: 3 }], type: 'RequestResponse' }]);
  });
});

describe('pipelines', () => {
  it('before → functions → after: prev.result threads through, the last function result is prev.result and result [overview]', async () => {
    const out = await run('pipe', { start: 's' });
    expect(out.errors).toEqual([]);
    const second = { from: 'second', prev: { from: 'first', prev: { start: 's' }, result: { seen: { start: 's' } } }, result: { seen: { from: 'first', prev: { start: 's' }, result: { seen: { start: 's' } } } } };
    expect(out.data).toEqual({
      trace: ['before', 'first.request', 'first.response', 'second.request', 'second.response', 'after'],
      prev: second,
      result: second,
    });
  });

  it('earlyReturn in the resolver request skips every function; the response runs with prev.result [runtime]', async () => {
    expect(await run('pipeEarly')).toEqual({ data: { trace: ['before', 'after'], prev: { early: true }, result: { early: true } }, errors: [] });
  });

  it("earlyReturn(obj, { skipTo: 'END' }) in a function skips the rest of the pipeline [runtime]", async () => {
    const out = await run('pipeSkipEnd');
    expect(out.data).toEqual({ trace: ['before', 'first.request', 'first.response', 'earlyEnd.request', 'after'], prev: { ended: true } });
  });

  it("earlyReturn(obj, { skipTo: 'NEXT' }) skips only the current function [runtime]", async () => {
    const out = await run('pipeSkipNext');
    expect(out.data).toEqual({
      trace: ['before', 'first.request', 'first.response', 'earlyNext.request', 'second.request', 'second.response', 'after'],
      prev: { from: 'second', prev: { next: true }, result: { seen: { next: true } } },
    });
  });

  it('earlyReturn without options in a function request skips its data source and response; obj is the next prev.result [runtime]', async () => {
    const out = await run('pipePlainEarly');
    expect(out.data).toEqual({
      trace: ['before', 'earlyPlain.request', 'second.request', 'second.response', 'after'],
      prev: { from: 'second', prev: { skipped: 'earlyPlain' }, result: { seen: { skipped: 'earlyPlain' } } },
    });
  });

  it('util.error in a function stops the pipeline: later functions and the resolver response do not run [overview]', async () => {
    expect(await run('pipeError')).toEqual({ data: null, errors: [{ message: 'stop here', errorType: 'Stop', data: null, errorInfo: null }] });
  });

  it('util.appendError in a function does not stop the pipeline [overview]', async () => {
    const out = await run('pipeAppend');
    expect(out.errors).toEqual([{ message: 'noted', errorType: 'Note', data: null, errorInfo: null }]);
    expect(out.data).toEqual({ from: 'second', prev: 'fine', result: { seen: 'fine' } });
  });
});

describe('extensions, logs, response headers', () => {
  it('subscription resolver filters come back with the outcome [ext]', async () => {
    const out = await run('onThing', { ownerId: 'o1' }, {}, 'Subscription');
    const filter = { filterGroup: [{ filters: [{ fieldName: 'ownerId', operator: 'eq', value: 'o1' }] }] };
    expect(out).toEqual({ data: null, errors: [], subscriptionFilter: filter, subscriptionInvalidationFilter: filter });
  });

  it('invalidateSubscriptions, evictFromApiCache and addResponseHeader are recorded [ext] [http]', async () => {
    const out = await run('removeThing', { id: 'x', ownerId: 'o1' }, {}, 'Mutation');
    expect(out).toEqual({
      data: { id: 'x' },
      errors: [],
      invalidations: [{ subscriptionField: 'onThing', payload: { ownerId: 'o1' } }],
      evictions: [{ typeName: 'Query', fieldName: 'thing', keyValuePair: { 'context.arguments.id': 'x' } }],
      responseHeaders: { 'x-thing': 'removed' },
    });
  });

  it('console.log lines have the EvaluateCode log format "INFO - code.js:L:C: ..." [test-resolvers.html]', async () => {
    t.logs.length = 0;
    await run('logs', { id: 'record-id' });
    expect(t.logs).toEqual(['INFO - code.js:3:3: "current id" "record-id"', 'ERROR - code.js:6:33: "bad" {"n":1}']);
  });
});

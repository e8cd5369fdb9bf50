// EvaluateCode through the unmodified @aws-sdk/client-appsync client against the local handler,
// mounted on a bare http server on an ephemeral port.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppSyncClient, BadRequestException, EvaluateCodeCommand } from '@aws-sdk/client-appsync';
import { checkAndPrepareOffThread, evaluateCode, handleEvaluateCode } from '../../local/resolver-runtime/index.js';

let server: Server;
let client: AppSyncClient;

beforeAll(async () => {
  // EvaluateCode's code is checked on a worker thread that loads ESLint, AWS's plugin and TypeScript
  // (seconds of CPU) when first used: started here, under the hook timeout.
  await checkAndPrepareOffThread('export function request(ctx) { return 1; }\n');
  server = createServer((req, res) => {
    void handleEvaluateCode(req, res).then((handled) => {
      if (!handled) {
        res.writeHead(404).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  client = new AppSyncClient({ endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
});

afterAll(async () => {
  client.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const runtime = { name: 'APPSYNC_JS' as const, runtimeVersion: '1.0.0' };

const code = `import { util } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';

export function request(ctx) {
  console.log("current id", ctx.args.id);
  ctx.stash.seen = true;
  return ddb.get({ key: { id: ctx.args.id } });
}

export function response(ctx) {
  if (ctx.error) {
    util.error(ctx.error.message, ctx.error.type, ctx.result);
  }
  util.appendError('partial', 'Warning');
  return ctx.result;
}
`;

describe('EvaluateCode via @aws-sdk/client-appsync', () => {
  it('evaluates the request handler: result, logs and stash', async () => {
    const out = await client.send(new EvaluateCodeCommand({ runtime, code, context: JSON.stringify({ arguments: { id: 'record-id' } }), function: 'request' }));
    expect(JSON.parse(out.evaluationResult!)).toEqual({ operation: 'GetItem', key: { id: { S: 'record-id' } } });
    expect(out.logs).toEqual(['INFO - code.js:5:3: "current id" "record-id"']);
    expect(JSON.parse(out.stash!)).toEqual({ seen: true });
    expect(JSON.parse(out.outErrors!)).toEqual([]);
    expect(out.error).toBeUndefined();
  });

  it('evaluates the response handler with ctx.result; appendError shows in outErrors', async () => {
    const out = await client.send(new EvaluateCodeCommand({ runtime, code, context: JSON.stringify({ result: { id: 'a', n: 1 } }), function: 'response' }));
    expect(JSON.parse(out.evaluationResult!)).toEqual({ id: 'a', n: 1 });
    expect(JSON.parse(out.outErrors!)).toEqual([{ message: 'partial', errorType: 'Warning', data: null, errorInfo: null }]);
  });

  it('util.error gives error.message without a position prefix', async () => {
    const context = JSON.stringify({ error: { message: 'The conditional request failed', type: 'DynamoDB:ConditionalCheckFailedException' }, result: { id: 'a' } });
    const out = await client.send(new EvaluateCodeCommand({ runtime, code, context, function: 'response' }));
    expect(out.error).toEqual({ message: 'The conditional request failed' });
    expect(out.evaluationResult).toBeUndefined();
    expect(JSON.parse(out.outErrors!)).toEqual([
      { message: 'The conditional request failed', errorType: 'DynamoDB:ConditionalCheckFailedException', data: { id: 'a' }, errorInfo: null },
    ]);
  });

  it('an uncaught exception gives the code.js:L:C: message', async () => {
    const out = await client.send(new EvaluateCodeCommand({ runtime, code: 'export function request(ctx) {\n  return ctx.args.a.b;\n}\n', context: '{}', function: 'request' }));
    expect(out.error?.message).toBe("code.js:2:21: TypeError: Cannot read properties of undefined (reading 'b')");
  });

  it('code with unsupported constructs answers error.codeErrors', async () => {
    const out = await client.send(new EvaluateCodeCommand({ runtime, code: 'export function request(ctx) {\n  while (true) {}\n}\n', context: '{}', function: 'request' }));
    expect(out.error?.codeErrors).toEqual([{ errorType: 'LINT_ERROR', value: 'While statements are not supported.', location: { line: 2, column: 3, span: 15 } }]);
    expect(out.error?.message).toBe('code.js(2,3): error LINT_ERROR: While statements are not supported.');
  });

  it('code over 32,768 characters is a BadRequestException with codeErrors', async () => {
    const big = `export function request(ctx) { return 1; }\n//${'x'.repeat(33_000)}\n`;
    const err = await client.send(new EvaluateCodeCommand({ runtime, code: big, context: '{}' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BadRequestException);
    const bad = err as BadRequestException;
    expect(bad.$metadata.httpStatusCode).toBe(400);
    expect(bad.reason).toBe('CODE_ERROR');
    expect(bad.detail?.codeErrors?.[0]?.errorType).toBe('CODE_SIZE_EXCEEDED');
  });

  it('an unknown runtime is a BadRequestException', async () => {
    const err = await client
      .send(new EvaluateCodeCommand({ runtime: { name: 'APPSYNC_JS', runtimeVersion: '2.0.0' }, code, context: '{}' }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BadRequestException);
    expect((err as Error).message).toMatch(/runtime version "2.0.0"/);
  });

  it('runaway code answers the timeout error', async () => {
    const spin = 'export function request(ctx) {\n  const a = [1];\n  for (const x of a) { a.push(x); }\n  return a;\n}\n';
    const out = await client.send(new EvaluateCodeCommand({ runtime, code: spin, context: '{}', function: 'request' }));
    expect(out.error).toEqual({ message: 'Execution timed out.' });
  });
});

// Code whose type inference takes TypeScript seconds (a union of 1,000 object shapes that AWS's type-aware
// rules make it compute), refused by the static check so nothing runs after it. Unique to this run: a
// verdict is cached per content, in memory and (once a stack ran in this worker) in the machine's cache.
const slowToCheck = `const xs = [${Array.from({ length: 1000 }, (_, i) => `{k${i}:${i}}`).join(',')}];
export function request(ctx) { let i = 0; while (i < 1) { i += 1; } return xs.map((x) => x).filter((x) => x); }
// ${randomUUID()}
`;

describe('the static check of code sent over the network', () => {
  it('runs off the event loop: timers keep firing while it works', async () => {
    let ticks = 0;
    const interval = setInterval(() => (ticks += 1), 5);
    try {
      const out = await evaluateCode({ runtime, code: slowToCheck, context: '{}', function: 'request' });
      expect(out.error?.codeErrors?.map((e) => e.value)).toEqual(['While statements are not supported.']);
    } finally {
      clearInterval(interval);
    }
    expect(ticks).toBeGreaterThan(0);
  });

  it('is refused when it runs past its budget, and the next check still works', async () => {
    const slow = await checkAndPrepareOffThread(slowToCheck.replace('k0', 'kk0'), 50);
    expect(slow.ok).toBe(false);
    expect(!slow.ok && slow.errors[0]!.value).toBe('The static check of this code did not finish within 50 ms.');
    const next = await checkAndPrepareOffThread('export function request(ctx) { return 1; }\n');
    expect(next.ok).toBe(true);
  });
});

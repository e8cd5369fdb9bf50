// The Lambda Invoke endpoint through @aws-sdk/client-lambda: the stack's own handlers (imported from
// api/lambdas.ts entries) in RequestResponse and Event mode, AWS's error shapes, and log capture.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvokeCommand, LambdaClient, ResourceNotFoundException } from '@aws-sdk/client-lambda';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { createStackLog } from '../../local/services/log.js';
import { startLambdaService } from '../../local/services/lambda.js';
import { signedFetch } from '../../lib/node/signed-request.js';
import { docClient, outputs, stackLogPath, table } from '../support/stack.js';

const o = outputs();
const lambda = new LambdaClient({ endpoint: o.lambda.endpoint, region: o.region, credentials: o.iam });
afterAll(() => lambda.destroy());

const confirmationEvent = (sub: string, email: string) => ({
  version: '1',
  region: o.region,
  userPoolId: o.cognito.userPoolId,
  userName: sub,
  triggerSource: 'PostConfirmation_ConfirmSignUp',
  callerContext: { awsSdkVersion: 'test', clientId: o.cognito.userPoolClientId },
  request: { userAttributes: { sub, email, 'cognito:user_status': 'CONFIRMED', email_verified: 'true' } },
  response: {},
});
const decode = (p?: Uint8Array) => JSON.parse(Buffer.from(p ?? []).toString('utf8'));

async function userRow(sub: string) {
  return (await docClient().send(new GetCommand({ TableName: table('users'), Key: { userId: sub } }))).Item;
}

describe('Lambda Invoke endpoint (stack handlers)', () => {
  const fn = o.lambda.functions.postConfirmation;

  it('invokes RequestResponse: returns the handler result and its side effect is done', async () => {
    const sub = randomUUID();
    const event = confirmationEvent(sub, `rr-${sub.slice(0, 8)}@test.sivera.example`);
    const r = await lambda.send(new InvokeCommand({ FunctionName: fn, Payload: JSON.stringify(event) }));
    expect(r.StatusCode).toBe(200);
    expect(r.FunctionError).toBeUndefined();
    expect(decode(r.Payload)).toEqual(event);
    expect((await userRow(sub))?.email).toBe(event.request.userAttributes.email);
    // The handler's own log lines land in the stack log, tagged with the function.
    expect(readFileSync(stackLogPath(), 'utf8')).toContain(`[lambda:${fn}]`);
  });

  it('invokes Event: answers 202 at once and runs the handler in the background', async () => {
    const sub = randomUUID();
    const r = await lambda.send(
      new InvokeCommand({ FunctionName: fn, InvocationType: 'Event', Payload: JSON.stringify(confirmationEvent(sub, `ev-${sub.slice(0, 8)}@test.sivera.example`)) }),
    );
    expect(r.StatusCode).toBe(202);
    const deadline = Date.now() + 10_000;
    while (!(await userRow(sub)) && Date.now() < deadline) await new Promise((res) => setTimeout(res, 50));
    expect(await userRow(sub)).toBeDefined();
  });

  it('reports a handler error as AWS does: 200, FunctionError Unhandled, errorType/errorMessage', async () => {
    const bad = { ...confirmationEvent('', 'x@test.sivera.example'), request: { userAttributes: { email: 'x@test.sivera.example' } } };
    const r = await lambda.send(new InvokeCommand({ FunctionName: fn, Payload: JSON.stringify(bad) }));
    expect(r.StatusCode).toBe(200);
    expect(r.FunctionError).toBe('Unhandled');
    const body = decode(r.Payload);
    expect(body.errorType).toBe('InvalidConfirmationEvent');
    expect(body.errorMessage).toMatch(/sub/);
  });

  it('answers an unknown function with ResourceNotFoundException, also by ARN', async () => {
    await expect(lambda.send(new InvokeCommand({ FunctionName: 'no-such-function', Payload: '{}' }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    const byArn = await lambda.send(
      new InvokeCommand({ FunctionName: `arn:aws:lambda:${o.region}:${o.accountId}:function:${fn}`, InvocationType: 'DryRun', Payload: '{}' }),
    );
    expect(byArn.StatusCode).toBe(204);
  });
});

describe('Lambda service semantics (own instance, test handlers)', () => {
  it('captures console and stdout output, times out, supports callbacks, and drains Event work on stop', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lambda-svc-'));
    const log = createStackLog(join(dir, 'stack.log'), false);
    let eventDone = false;
    const credentials = { accessKeyId: 'AKIALAMBDASVCTEST000', secretAccessKey: 'lambda-service-test-secret-access-key-00' };
    const svc = await startLambdaService({
      root: dir,
      region: 'ap-northeast-2',
      credentials,
      log,
      handlers: {
        chatty: {
          def: { timeout: 5, memorySize: 128 },
          load: async () => async (event: unknown) => {
            console.log('hello from the handler', JSON.stringify(event));
            process.stdout.write('raw stdout line\n');
            await new Promise((r) => setTimeout(r, 5));
            console.error('after an await');
            return { ok: true };
          },
        },
        slow: { def: { timeout: 0.2, memorySize: 128 }, load: async () => () => new Promise((r) => setTimeout(r, 2000)) },
        callback: {
          def: { timeout: 5, memorySize: 128 },
          load: async () => (event: unknown, _ctx: unknown, cb?: (e: unknown, r?: unknown) => void) => void cb?.(null, { echoed: event }),
        },
        background: {
          def: { timeout: 5, memorySize: 128 },
          load: async () => async () => {
            await new Promise((r) => setTimeout(r, 300));
            eventDone = true;
          },
        },
      },
    });
    const client = new LambdaClient({ endpoint: svc.url, region: 'ap-northeast-2', credentials });
    try {
      const r = await client.send(new InvokeCommand({ FunctionName: 'chatty', Payload: JSON.stringify({ n: 1 }) }));
      expect(decode(r.Payload)).toEqual({ ok: true });
      const text = readFileSync(log.path, 'utf8');
      expect(text).toMatch(/\[lambda:chatty\] [0-9a-f-]{36} INFO hello from the handler \{"n":1\}/);
      expect(text).toMatch(/\[lambda:chatty\] [0-9a-f-]{36} INFO raw stdout line/);
      expect(text).toMatch(/\[lambda:chatty\] [0-9a-f-]{36} ERROR after an await/);

      const slow = await client.send(new InvokeCommand({ FunctionName: 'slow', Payload: '{}' }));
      expect(slow.FunctionError).toBe('Unhandled');
      expect(decode(slow.Payload).errorMessage).toMatch(/Task timed out after 0.20 seconds/);

      expect(decode((await client.send(new InvokeCommand({ FunctionName: 'callback', Payload: '[1,2]' }))).Payload)).toEqual({ echoed: [1, 2] });

      const bad = await signedFetch(`${svc.url}/2015-03-31/functions/chatty/invocations`, { method: 'POST', body: '{not json' }, { credentials, region: 'ap-northeast-2', service: 'lambda' });
      expect(bad.status).toBe(400);
      expect(bad.headers.get('x-amzn-errortype')).toBe('InvalidRequestContentException');

      expect((await client.send(new InvokeCommand({ FunctionName: 'background', InvocationType: 'Event', Payload: '{}' }))).StatusCode).toBe(202);
      expect(eventDone).toBe(false);
    } finally {
      client.destroy();
      await svc.stop();
      rmSync(dir, { recursive: true, force: true });
    }
    expect(eventDone).toBe(true); // stop() waited for the async invocation
  });
});

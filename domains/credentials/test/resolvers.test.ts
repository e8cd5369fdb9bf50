// The three APPSYNC_JS resolvers on the credentials Lambda, evaluated like AppSync's EvaluateCode on
// the bundles the global setup built: the payload the Lambda gets, and how each ctx.error shape
// AppSync produces for a Lambda data source becomes the client's errorType.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { evaluateCode } from '../../../local/resolver-runtime/evaluate-code.js';

const FIELDS = ['connectPlatformAccount', 'disconnectPlatformAccount', 'setPlatformAccountStatus'] as const;

function bundle(field: string): string {
  return readFileSync(join(inject('bundleDir'), `Mutation.${field}.js`), 'utf8');
}

async function run(field: string, fn: 'request' | 'response', ctx: Record<string, unknown>) {
  const out = await evaluateCode({
    runtime: { name: 'APPSYNC_JS', runtimeVersion: '1.0.0' },
    code: bundle(field),
    function: fn,
    context: JSON.stringify({ arguments: { platform: 'META', accountId: 'act_1' }, info: { fieldName: field, parentTypeName: 'Mutation', variables: {} }, ...ctx }),
  });
  const errors = JSON.parse(out.outErrors ?? '[]') as { message: string; errorType: string }[];
  return { result: out.evaluationResult === undefined ? undefined : JSON.parse(out.evaluationResult), errors };
}

describe.each(FIELDS)('Mutation.%s', (field) => {
  it('invokes the Lambda with fieldName, arguments and only the caller’s sub', async () => {
    const { result, errors } = await run(field, 'request', {
      identity: { sub: 'user-1', username: 'user-1', claims: { email: 'a@b.example' }, sourceIp: ['1.2.3.4'] },
    });
    expect(errors).toEqual([]);
    expect(result).toEqual({
      operation: 'Invoke',
      payload: { fieldName: field, arguments: { platform: 'META', accountId: 'act_1' }, identity: { sub: 'user-1' } },
    });
  });

  it('refuses a caller without a user-pool identity before invoking anything', async () => {
    for (const identity of [null, { accountId: '000000000000', userArn: 'arn:aws:iam::000000000000:role/x' }]) {
      const { result, errors } = await run(field, 'request', { identity });
      expect(result).toBeUndefined();
      expect(errors[0]?.errorType).toBe('Unauthorized');
    }
  });

  it.each([
    ['a thrown ValidationError', { type: 'Lambda:Unhandled', message: 'credentials.accessToken is required for META', unhandledErrorType: 'ValidationError' }, 'ValidationError'],
    ['a thrown NotFound', { type: 'Lambda:Unhandled', message: 'No connected META account act_1.', unhandledErrorType: 'NotFound' }, 'NotFound'],
    ['a Lambda timeout', { type: 'Lambda:Unhandled', message: 'Task timed out after 15.00 seconds', unhandledErrorType: 'Sandbox.Timedout' }, 'InternalError'],
    ['the AppSync 30 s cap', { type: 'Lambda:ExecutionTimeoutException', message: 'Execution timed out.', unhandledErrorType: null }, 'InternalError'],
    ['a throttled invoke', { type: 'Lambda:TooManyRequestsException', message: 'Rate exceeded' }, 'InternalError'],
    ['an error type given directly', { type: 'Conflict', message: 'This account record belongs to another owner.' }, 'Conflict'],
  ])('maps %s to its errorType', async (_label, error, errorType) => {
    const { errors } = await run(field, 'response', { identity: { sub: 'user-1' }, error, result: null });
    expect(errors).toEqual([expect.objectContaining({ errorType, message: error.message })]);
  });

  it.each([
    ['ValidationError', 'credentials.accessToken is required for META', 'ValidationError'],
    ['NotFound', 'No connected META account act_1.', 'NotFound'],
    ['Conflict', 'This account record belongs to another owner.', 'Conflict'],
    ['Unauthorized', 'Only a signed-in user can manage their ad account credentials.', 'Unauthorized'],
    ['NotAType', 'odd', 'InternalError'],
  ])('raises an answered %s (a user mistake, not a Lambda error) with its errorType', async (type, message, errorType) => {
    const { result, errors } = await run(field, 'response', { identity: { sub: 'user-1' }, result: { error: { type, message } } });
    expect(result).toBeUndefined();
    expect(errors).toEqual([expect.objectContaining({ errorType, message })]);
  });

  it('passes a successful result through', async () => {
    const value = field === 'disconnectPlatformAccount' ? 'act_1' : { accountId: 'act_1', status: 'ACTIVE' };
    const { result, errors } = await run(field, 'response', { identity: { sub: 'user-1' }, result: value });
    expect(errors).toEqual([]);
    expect(result).toEqual(value);
  });
});

// False alarms: a user mistake must not count as a Lambda error (the sivera-credentials-errors alarm
// watches the function's AWS/Lambda Errors metric, which counts invocations that end in a function
// error), while a fault (KMS down) must. Checked where Lambda reports it: the stack's Invoke API
// (FunctionError, the header the Errors metric is made of), and through GraphQL, where both stay the
// contract's errorTypes (../shared/docs/api-contract.md).
import { randomUUID } from 'node:crypto';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, describe, expect, it } from 'vitest';
import { gql, newUser, outputs } from '../../../test/support/stack.js';
import { CONNECT, DISCONNECT, connectVars, kmsFault, validInput } from './helpers.js';

let client: LambdaClient | undefined;
afterAll(() => client?.destroy());

async function invokeCredentials(event: unknown): Promise<{ functionError?: string; payload: unknown }> {
  const o = outputs();
  client ??= new LambdaClient({ endpoint: o.lambda.endpoint, region: o.region, credentials: o.iam });
  const out = await client.send(
    new InvokeCommand({ FunctionName: o.lambda.functions.credentials, Payload: Buffer.from(JSON.stringify(event)) }),
  );
  return { functionError: out.FunctionError, payload: JSON.parse(Buffer.from(out.Payload ?? []).toString('utf8') || 'null') };
}

const connectEvent = (sub: string, input: ReturnType<typeof validInput>) => ({
  fieldName: 'connectPlatformAccount',
  arguments: { input: { platform: input.platform, accountId: input.accountId, credentials: input.credentials } },
  identity: { sub },
});

describe('credentials Lambda: Errors count faults only', () => {
  it.each([
    ['a mistyped token', (sub: string) => connectEvent(sub, { ...validInput('KAKAO'), credentials: { accessToken: 'has spaces in it' } as never }), 'ValidationError'],
    ['an unknown account', (sub: string) => ({ fieldName: 'disconnectPlatformAccount', arguments: { platform: 'META', accountId: 'act_404' }, identity: { sub } }), 'NotFound'],
    ['no identity', () => connectEvent('', validInput('META')), 'Unauthorized'],
  ])('%s: answered, no function error', async (_label, event, type) => {
    const { functionError, payload } = await invokeCredentials(event(randomUUID()));
    expect(functionError).toBeUndefined();
    expect(payload).toEqual({ error: { type, message: expect.any(String) } });
  });

  it('KMS down: a function error (the alarm fires), InternalError', async () => {
    const sub = randomUUID();
    const remove = await kmsFault({ operations: ['GenerateDataKey'], match: { userId: sub }, error: 'KMSInternalException' });
    try {
      const { functionError, payload } = await invokeCredentials(connectEvent(sub, validInput('META')));
      expect(functionError).toBe('Unhandled');
      expect(payload).toMatchObject({ errorType: 'InternalError', errorMessage: expect.stringMatching(/nothing was stored/) });
    } finally {
      await remove();
    }
  });
});

describe('through GraphQL the errorTypes stay as the contract says', () => {
  it('user mistakes: ValidationError and NotFound; a fault: InternalError', async () => {
    const user = await newUser('cred-errors');
    const bad = await gql(user, CONNECT, connectVars({ ...validInput('KAKAO'), credentials: { accessToken: 'has spaces in it' } as never }));
    expect(bad.errors?.[0]).toMatchObject({ errorType: 'ValidationError', path: ['connectPlatformAccount'] });
    expect(bad.data?.connectPlatformAccount ?? null).toBeNull();

    const missing = await gql(user, DISCONNECT, { platform: 'META', accountId: 'act_404' });
    expect(missing.errors?.[0]).toMatchObject({ errorType: 'NotFound', message: 'No connected META account act_404.' });

    const remove = await kmsFault({ operations: ['GenerateDataKey'], match: { userId: user.sub }, error: 'KMSInternalException' });
    try {
      const down = await gql(user, CONNECT, connectVars(validInput('META')));
      expect(down.errors?.[0]).toMatchObject({ errorType: 'InternalError', message: expect.stringMatching(/nothing was stored/) });
    } finally {
      await remove();
    }
  });
});

// The Cognito PostConfirmation trigger: creates the sivera-users row once, and a retry (Cognito
// retries triggers; it also fires after a forgotten-password confirmation) leaves it untouched.
// Invoked through the stack's Lambda Invoke endpoint (as Cognito does) and as a plain module.
import { randomUUID } from 'node:crypto';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { PostConfirmationTriggerEvent } from 'aws-lambda';
import { afterAll, describe, expect, it } from 'vitest';
import { createUserRow, InvalidConfirmationEvent, userRowFromEvent } from '../lambda/create-user.js';
import { docClient, newUser, outputs, table } from '../../../test/support/stack.js';
import { userRow } from './helpers.js';

const created: string[] = [];
afterAll(async () => {
  for (const userId of created) await docClient().send(new DeleteCommand({ TableName: table('users'), Key: { userId } }));
});

function event(sub: string, email: string, name?: string, verified = 'true'): PostConfirmationTriggerEvent {
  created.push(sub);
  return {
    version: '1',
    region: outputs().region,
    userPoolId: outputs().cognito.userPoolId,
    userName: sub,
    triggerSource: 'PostConfirmation_ConfirmSignUp',
    callerContext: { awsSdkVersion: 'test', clientId: outputs().cognito.userPoolClientId },
    request: { userAttributes: { sub, email, email_verified: verified, ...(name ? { name } : {}), 'cognito:user_status': 'CONFIRMED' } },
    response: {},
  } as PostConfirmationTriggerEvent;
}

async function invoke(payload: unknown): Promise<{ status?: number; error?: string; result: unknown }> {
  const o = outputs();
  const lambda = new LambdaClient({ endpoint: o.lambda.endpoint, region: o.region, credentials: o.iam });
  const r = await lambda.send(
    new InvokeCommand({ FunctionName: o.lambda.functions.postConfirmation, Payload: Buffer.from(JSON.stringify(payload)) }),
  );
  const text = r.Payload ? Buffer.from(r.Payload).toString('utf8') : '';
  return { status: r.StatusCode, error: r.FunctionError, result: text ? JSON.parse(text) : undefined };
}

describe('PostConfirmation trigger', () => {
  it('runs on a real sign-up confirmation and writes the users row', async () => {
    const u = await newUser('Confirmed Person');
    expect(await userRow(u.sub)).toEqual({
      userId: u.sub,
      email: u.email,
      name: 'Confirmed Person',
      emailVerified: true,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
  });

  it('is idempotent when Cognito retries the invocation', async () => {
    const sub = randomUUID();
    const e = event(sub, `retry-${sub.slice(0, 8)}@test.sivera.example`, 'First Try');
    const first = await invoke(e);
    expect(first.error).toBeUndefined();
    expect(first.result).toEqual(e); // Cognito requires the event back
    const row = await userRow(sub);
    expect(row).toMatchObject({ userId: sub, email: e.request.userAttributes.email, name: 'First Try', emailVerified: true });

    const second = await invoke(e);
    expect(second.error).toBeUndefined();
    expect(second.result).toEqual(e);
    expect(await userRow(sub)).toEqual(row);
  });

  it('a later confirmation (forgot password) does not overwrite a changed profile', async () => {
    const sub = randomUUID();
    const e = event(sub, `later-${sub.slice(0, 8)}@test.sivera.example`, 'Original');
    await invoke(e);
    const edited = { ...(await userRow(sub)), name: 'Edited by updateMe', updatedAt: '2030-01-01T00:00:00.000Z' };
    await docClient().send(new PutCommand({ TableName: table('users'), Item: edited }));
    const again = await invoke({ ...e, triggerSource: 'PostConfirmation_ConfirmForgotPassword' });
    expect(again.error).toBeUndefined();
    expect(await userRow(sub)).toEqual(edited);
  });

  it('fails loudly on an event without email, writing nothing', async () => {
    const sub = randomUUID();
    const e = event(sub, '');
    const r = await invoke(e);
    expect(r.error).toBeTruthy();
    expect(await userRow(sub)).toBeUndefined();
  });

  it('module: created, then exists; row shape from the event', async () => {
    const sub = randomUUID();
    const e = event(sub, `  module-${sub.slice(0, 8)}@test.sivera.example `);
    const now = new Date('2026-11-25T10:00:00.000Z');
    expect(userRowFromEvent(e, now)).toEqual({
      userId: sub, email: `module-${sub.slice(0, 8)}@test.sivera.example`, emailVerified: true, createdAt: now.toISOString(), updatedAt: now.toISOString(),
    });
    expect(await createUserRow(docClient(), table('users'), e, now)).toBe('created');
    expect(await createUserRow(docClient(), table('users'), e, new Date())).toBe('exists');
    expect(await userRow(sub)).toEqual(userRowFromEvent(e, now));
    const noSub = { ...e, request: { userAttributes: { email: 'x@test.sivera.example' } } } as PostConfirmationTriggerEvent;
    expect(() => userRowFromEvent(noSub, now)).toThrow(InvalidConfirmationEvent);
  });

  it('keeps an explicitly unverified email unverified', async () => {
    const sub = randomUUID();
    const e = event(sub, `unverified-${sub.slice(0, 8)}@test.sivera.example`, undefined, 'false');
    expect(await createUserRow(docClient(), table('users'), e)).toBe('created');
    expect(await userRow(sub)).toMatchObject({ emailVerified: false });
  });
});

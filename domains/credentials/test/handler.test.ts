// The credentials Lambda invoked directly (as AppSync would), in this process, against the stack's
// DynamoDB Local and KMS: identity handling, the error boundary, and write failures after encryption.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { createHandler, type CredentialsConfig } from '../lambda/handler.js';
import type { LambdaConfig } from '../../../lib/node/lambda-config.js';
import { lambdaConfigOf } from '../../../local/lambda-config.js';
import { docClient, outputs, table } from '../../../test/support/stack.js';
import { getItem, validInput } from './helpers.js';

/** The stack's config, as the stack gives it to its own credentials function. */
const stackConfig = (): LambdaConfig => ({ ...lambdaConfigOf(outputs()), logLevel: 'error' });
let stackHandler: ReturnType<typeof createHandler> | undefined;

async function invoke(event: Parameters<ReturnType<typeof createHandler>>[0], config?: CredentialsConfig): Promise<{ result?: unknown; error?: Error }> {
  const handler = config ? createHandler(config) : (stackHandler ??= createHandler(stackConfig()));
  try {
    return { result: await handler(event) };
  } catch (e) {
    return { error: e as Error };
  }
}

function connectEvent(sub: string | undefined, input: ReturnType<typeof validInput>) {
  return {
    fieldName: 'connectPlatformAccount',
    arguments: { input: { platform: input.platform, accountId: input.accountId, credentials: input.credentials } },
    identity: sub === undefined ? null : { sub },
  };
}

/** A port with nothing listening (bound, then closed). */
async function deadPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

describe('credentials handler', () => {
  it.each([
    ['no identity', undefined],
    ['an empty sub', ''],
    ['a sub with the key separator', 'abc#META'],
  ])('answers %s with Unauthorized before touching anything', async (_label, sub) => {
    const input = validInput('META');
    const { result, error } = await invoke(connectEvent(sub, input));
    expect(error).toBeUndefined();
    expect(result).toEqual({ error: { type: 'Unauthorized', message: expect.any(String) } });
  });

  it('takes the owner from identity.sub, ignoring any ownerId smuggled into the arguments', async () => {
    const sub = randomUUID();
    const victim = randomUUID();
    const input = validInput('META');
    const event = connectEvent(sub, input);
    (event.arguments.input as Record<string, unknown>).ownerId = victim;
    const { error } = await invoke(event);
    // ownerId is not a field of ConnectPlatformAccountInput: the endpoint would reject it; the Lambda ignores it.
    expect(error).toBeUndefined();
    expect(await getItem(sub, 'META', input.normalizedId)).toBeDefined();
    expect(await getItem(victim, 'META', input.normalizedId)).toBeUndefined();
  });

  it('turns an unknown field into a thrown InternalError (a fault) carrying only name and message', async () => {
    const { error } = await invoke({ fieldName: 'dropTables', arguments: {}, identity: { sub: randomUUID() } });
    expect(error?.name).toBe('InternalError');
    expect(Object.keys(error!).filter((k) => k !== 'name')).toEqual([]);
    expect(error!.constructor).toBe(Error);
  });

  it('answers a user mistake with only its type and message, without a Lambda error', async () => {
    const { result, error } = await invoke(connectEvent(randomUUID(), { ...validInput('KAKAO'), credentials: {} as never }));
    expect(error).toBeUndefined();
    expect(result).toEqual({ error: { type: 'ValidationError', message: expect.any(String) } });
  });

  it('DynamoDB unreachable after encryption → InternalError and nothing stored', async () => {
    const sub = randomUUID();
    const input = validInput('NAVER');
    const c = stackConfig();
    const deadDb: LambdaConfig = { ...c, aws: { ...c.aws, endpoints: { ...c.aws.endpoints, dynamodb: `http://127.0.0.1:${await deadPort()}` } } };
    const { error } = await invoke(connectEvent(sub, input), deadDb);
    expect(error?.name).toBe('InternalError');
    expect(error?.message).toMatch(/nothing was changed/);
    expect(await getItem(sub, 'NAVER', input.normalizedId)).toBeUndefined();
  });

  it('a rejected write leaves the existing item exactly as it was (no half-written record)', async () => {
    const sub = randomUUID();
    const input = validInput('META');
    // A record under this user's key that claims another owner: the conditional write must refuse it.
    const foreign = {
      userPlatform: `${sub}#META`,
      accountId: input.normalizedId,
      ownerId: randomUUID(),
      platform: 'META',
      status: 'active',
      credentials: 'AQ==',
      createdAt: '2026-01-01T00:00:00.000Z',
    };
    await docClient().send(new PutCommand({ TableName: table('platformCredentials'), Item: foreign }));
    const { result, error } = await invoke(connectEvent(sub, input));
    expect(error).toBeUndefined();
    expect((result as { error: { type: string } }).error.type).toBe('Conflict');
    expect(await getItem(sub, 'META', input.normalizedId)).toEqual(foreign);
  });
});

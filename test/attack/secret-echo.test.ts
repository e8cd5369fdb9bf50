// Secret echo: connectPlatformAccount's `credentials` (AWSJSON) must never come back in an error, however
// it is malformed or wherever it is placed, nor reach the stack log. AppSync's error shapes are kept
// ("Validation error of type WrongType", "Variable ... has an invalid value", the Lambda's
// ValidationError); only the quoted value goes (issue 15: a parse error echoed the credentials string).
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { gql, newUser, stackLogPath, type GqlResult, type TestUser } from '../support/stack.js';

const MARKER = `sk-live-MARKER-${randomUUID()}`;
const CONNECT = 'mutation C($input: ConnectPlatformAccountInput!) { connectPlatformAccount(input: $input) { accountId status } }';
const connectLiteral = (input: string) => `mutation { connectPlatformAccount(input: ${input}) { accountId status } }`;
const accountId = 'act_1234567';

let user: TestUser;
beforeAll(async () => {
  user = await newUser('Leaky');
});

/** The request fails, and the marker is nowhere in what came back. */
function refusedWithoutEcho(r: GqlResult<unknown>): string {
  expect(r.errors?.length).toBeGreaterThan(0);
  expect(JSON.stringify(r)).not.toContain(MARKER);
  expect(JSON.stringify(r)).not.toContain('MARKER');
  return r.errors![0]!.message;
}

describe('errors never echo a credentials argument', () => {
  it('malformed AWSJSON in a variable: AppSync\'s "invalid value" message without the value', async () => {
    const r = await gql(user, CONNECT, { input: { platform: 'META', accountId, credentials: `{"accessToken":"${MARKER}"` } });
    expect(r.status).toBe(400);
    expect(refusedWithoutEcho(r)).toBe("Variable 'input' has an invalid value. Unable to parse the value as a valid JSON.");
  });

  it('malformed AWSJSON as a literal: WrongType validation error without the value', async () => {
    const r = await gql(user, connectLiteral(`{ platform: META, accountId: "${accountId}", credentials: ${JSON.stringify(`{"accessToken":"${MARKER}"`)} }`));
    expect(r.status).toBe(400);
    expect(refusedWithoutEcho(r)).toBe("Validation error of type WrongType: argument 'input.credentials' is not a valid 'AWSJSON' @ 'connectPlatformAccount'");
  });

  it('credentials as an object instead of a JSON string, in a variable and as a literal', async () => {
    const v = await gql(user, CONNECT, { input: { platform: 'META', accountId, credentials: { accessToken: MARKER } } });
    expect(refusedWithoutEcho(v)).toMatch(/^Variable 'input' has an invalid value/);
    const l = await gql(user, connectLiteral(`{ platform: META, accountId: "${accountId}", credentials: { accessToken: "${MARKER}" } }`));
    expect(refusedWithoutEcho(l)).toMatch(/^Validation error of type WrongType/);
  });

  it('another field of the input is wrong: the whole input value is not quoted', async () => {
    const credentials = JSON.stringify({ accessToken: MARKER });
    const missing = await gql(user, CONNECT, { input: { accountId, credentials } });
    expect(refusedWithoutEcho(missing)).toBe('Variable \'input\' has an invalid value: Field "platform" of required type "Platform!" was not provided.');
    const unknown = await gql(user, CONNECT, { input: { platform: 'META', accountId, credentials, extra: 1 } });
    expect(refusedWithoutEcho(unknown)).toMatch(/^Variable 'input' has an invalid value: Field "extra" is not defined/);
    const badEnum = await gql(user, CONNECT, { input: { platform: 'MYSPACE', accountId, credentials } });
    expect(refusedWithoutEcho(badEnum)).toMatch(/^Variable 'input' has an invalid value: Value "MYSPACE" does not exist in "Platform" enum/);
    const notAnObject = await gql(user, connectLiteral(JSON.stringify(credentials)));
    expect(refusedWithoutEcho(notAnObject)).toMatch(/^Validation error of type WrongType: Expected value of type "ConnectPlatformAccountInput!"\./);
  });

  it('well-formed JSON the credentials function rejects: ValidationError naming the field, not its value', async () => {
    for (const credentials of [{ accessToken: `has space ${MARKER}` }, { accessToken: 'EAAB0k', unexpected: MARKER }, { accessToken: ['x', MARKER] }]) {
      const r = await gql(user, CONNECT, { input: { platform: 'META', accountId, credentials: JSON.stringify(credentials) } });
      refusedWithoutEcho(r);
      expect(r.errors![0]!.errorType).toBe('ValidationError');
    }
  });

  it('the marker never reached the stack log', () => {
    expect(readFileSync(stackLogPath(), 'utf8')).not.toContain(MARKER);
  });
});

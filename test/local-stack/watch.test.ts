// npm start's edit loop (local/watch): a stack watching a temp copy of the sources serves a saved
// resolver, Lambda module or schema change without a restart, says what reloaded in one line, and a
// broken file is reported with its original file and line while the last good version keeps serving.
import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CognitoIdentityProviderClient, ConfirmSignUpCommand, InitiateAuthCommand, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambdas } from '../../api/lambdas.js';
import { buildResolvers } from '../../scripts/build-resolvers.js';
import { repoRoot, startStack, type Stack } from '../../local/stack.js';

const src = mkdtempSync(join(tmpdir(), 'sivera-watch-'));
const bundles = join(src, 'bundles');
let stack: Stack;
let token = '';
const lines: string[] = [];
const waiters: { re: RegExp; resolve: (m: RegExpExecArray) => void }[] = [];

function report(line: string): void {
  lines.push(line);
  for (const w of [...waiters]) {
    const m = w.re.exec(line);
    if (m) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(m);
    }
  }
}

/** The next report line (after now) matching `re`. */
function nextLine(re: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve) => waiters.push({ re, resolve }));
}

async function gql(query: string): Promise<{ data?: Record<string, unknown> | null; errors?: { message: string; errorType?: string }[] }> {
  const r = await fetch(stack.outputs.graphql!.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: token }, body: JSON.stringify({ query }) });
  return (await r.json()) as never;
}

/** Writes a file the way an editor saves it, and times how long until `re` is reported. */
async function save(file: string, text: string, re: RegExp): Promise<{ match: RegExpExecArray; ms: number }> {
  const seen = nextLine(re);
  const t0 = performance.now();
  writeFileSync(join(src, file), text);
  const match = await seen;
  return { match, ms: Math.round(performance.now() - t0) };
}

let pristineSchema = '';

beforeAll(async () => {
  // What the resolvers and Lambda modules import (Lambda modules use a few infra/ declarations).
  for (const part of ['domains', 'lib', 'api', 'infra', 'schema.graphql', 'tsconfig.json']) {
    cpSync(join(repoRoot, part), join(src, part), { recursive: true, filter: (from) => !/(^|\/)(cdk\.out|node_modules)$/.test(from) });
  }
  pristineSchema = readFileSync(join(src, 'schema.graphql'), 'utf8');
  await buildResolvers({ root: src, outDir: bundles });
  stack = await startStack({ fakes: false, bundleDir: bundles, watch: { root: src, report } });
  const o = stack.outputs;
  const cognito = new CognitoIdentityProviderClient({ endpoint: o.cognito.endpoint, region: o.region, credentials: o.iam });
  const email = `watch-${randomUUID().slice(0, 8)}@test.sivera.example`;
  const password = 'Watch123xY';
  await cognito.send(new SignUpCommand({ ClientId: o.cognito.userPoolClientId, Username: email, Password: password, UserAttributes: [{ Name: 'email', Value: email }, { Name: 'name', Value: 'Before' }] }));
  await cognito.send(new ConfirmSignUpCommand({ ClientId: o.cognito.userPoolClientId, Username: email, ConfirmationCode: o.cognito.confirmationCode }));
  const auth = await cognito.send(new InitiateAuthCommand({ ClientId: o.cognito.userPoolClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: email, PASSWORD: password } }));
  token = auth.AuthenticationResult!.AccessToken!;
  cognito.destroy();
}, 180_000);

afterAll(async () => {
  console.log(`watcher's lines:\n${lines.join('\n')}`);
  await stack?.stop();
  rmSync(src, { recursive: true, force: true });
});

describe('npm start watches the sources', () => {
  it('serves an edited resolver without a restart, and keeps it when the next edit does not build or lint', { timeout: 60_000 }, async () => {
    const before = await gql('{ me { name } }');
    expect(before.errors).toBeUndefined();
    expect((before.data!.me as { name: string }).name).toBe('Before');

    const file = 'domains/users-teams/resolvers/Query.me.ts';
    const good = readFileSync(join(src, file), 'utf8').replace('return toUser(ctx.result as UserRow);', "return { ...toUser(ctx.result as UserRow), name: 'After' };");
    const { match, ms } = await save(file, good, /reloaded .*Query\.me/);
    expect(match.input).toMatch(/^↻ reloaded resolver Query\.me in \d+ ms/);
    console.log(`resolver edit → served: ${ms} ms`);
    expect((((await gql('{ me { name } }')).data!.me) as { name: string }).name).toBe('After');

    // A syntax error: esbuild's message with the source file and line; the last good bundle keeps serving.
    const broken = `${good}\nexport const oops = ;\n`;
    const brokenLine = broken.split('\n').indexOf('export const oops = ;') + 1;
    const failed = await save(file, broken, /^✗ /);
    expect(failed.match.input).toContain(`domains/users-teams/resolvers/Query.me.ts:${brokenLine}:`);
    expect(failed.match.input).toContain('still serving the last good version');
    expect((((await gql('{ me { name } }')).data!.me) as { name: string }).name).toBe('After');

    // Code esbuild accepts but AppSync's runtime refuses (try/catch): reported at its line in the source.
    const lintBroken = good.replace('export function response(ctx: Context) {', 'export function response(ctx: Context) {\n  try {\n    ctx.stash.x = 1;\n  } catch (e) {\n    ctx.stash.x = 2;\n  }');
    const tryLine = lintBroken.split('\n').indexOf('  try {') + 1;
    const refused = await save(file, lintBroken, /^✗ /);
    expect(refused.match.input).toMatch(new RegExp(`domains/users-teams/resolvers/Query\\.me\\.ts:${tryLine}:\\d+: .*try`, 'i'));
    expect((((await gql('{ me { name } }')).data!.me) as { name: string }).name).toBe('After');

    // Fixed again: served (esbuild is warm now: the usual edit-to-served time).
    const fixed = await save(file, good.replace("name: 'After'", "name: 'Fixed'"), /reloaded .*Query\.me/);
    console.log(`resolver edit (warm) → served: ${fixed.ms} ms`);
    expect((((await gql('{ me { name } }')).data!.me) as { name: string }).name).toBe('Fixed');
  });

  it('re-imports an edited Lambda module, and keeps the last good one when the edit throws while loading', { timeout: 60_000 }, async () => {
    const name = lambdas.postConfirmation.functionName;
    const probe = { probe: 'watch' };
    // The handler as started: a probe event is not a Cognito event, so it fails.
    await expect(stack.services.lambda.invoke(name, probe, 'RequestResponse')).rejects.toThrow();

    const file = 'domains/users-teams/lambda/handler.ts';
    const original = readFileSync(join(src, file), 'utf8');
    const good =
      original.replace('export function createHandler(', 'function cognitoHandler(') +
      `\nexport function createHandler(config: PostConfirmationConfig): (event: PostConfirmationTriggerEvent) => Promise<unknown> {\n  const cognito = cognitoHandler(config);\n  return async (event) => ((event as unknown as { probe?: string }).probe ? { probe: 'v2' } : cognito(event));\n}\n`;
    const { match, ms } = await save(file, good, /reloaded .*Lambda/);
    expect(match.input).toContain(name);
    console.log(`Lambda edit → served: ${ms} ms`);
    await expect(stack.services.lambda.invoke(name, probe, 'RequestResponse')).resolves.toEqual({ probe: 'v2' });
    // The reloaded module's handler is made with this stack's config: a real trigger writes to its users table.
    const sub = randomUUID();
    const o = stack.outputs;
    const event = {
      version: '1',
      triggerSource: 'PostConfirmation_ConfirmSignUp',
      region: o.region,
      userPoolId: o.cognito.userPoolId,
      userName: sub,
      callerContext: { awsSdkVersion: 'test', clientId: o.cognito.userPoolClientId },
      request: { userAttributes: { sub, email: `reloaded-${sub.slice(0, 8)}@test.sivera.example`, email_verified: 'true' } },
      response: {},
    };
    await expect(stack.services.lambda.invoke(name, event, 'RequestResponse')).resolves.toEqual(event);
    const db = new DynamoDBClient({ endpoint: o.dynamodb.endpoint, region: o.region, credentials: o.iam });
    const row = await db.send(new GetItemCommand({ TableName: o.dynamodb.tables.users, Key: { userId: { S: sub } }, ConsistentRead: true }));
    db.destroy();
    expect(row.Item?.userId).toEqual({ S: sub });

    const broken = `${good}\nthrow new Error('broken while loading');\n`;
    const line = broken.split('\n').indexOf("throw new Error('broken while loading');") + 1;
    const failed = await save(file, broken, /^✗ domains\/users-teams\/lambda/);
    expect(failed.match.input).toContain(`domains/users-teams/lambda/handler.ts:${line}:`);
    expect(failed.match.input).toContain('broken while loading');
    await expect(stack.services.lambda.invoke(name, probe, 'RequestResponse')).resolves.toEqual({ probe: 'v2' });

    const fixed = await save(file, good.replace("{ probe: 'v2' }", "{ probe: 'v3' }"), /reloaded .*Lambda/);
    console.log(`Lambda edit (warm) → served: ${fixed.ms} ms`);
    await expect(stack.services.lambda.invoke(name, probe, 'RequestResponse')).resolves.toEqual({ probe: 'v3' });
  });

  it('rebuilds the schema in place, and keeps the old one when the new one does not parse', { timeout: 60_000 }, async () => {
    const before = await gql('{ watchProbe }');
    expect(before.errors?.[0]?.message).toMatch(/watchProbe/);
    const original = readFileSync(join(src, 'schema.graphql'), 'utf8');
    const good = `${original}\nextend type Query {\n  watchProbe: String\n}\n`;
    await save('schema.graphql', good, /reloaded .*schema/);
    const after = await gql('{ watchProbe }');
    expect(after.errors).toBeUndefined();
    expect(after.data).toEqual({ watchProbe: null });

    const broken = `${good}\ntype Broken {\n`;
    const failed = await save('schema.graphql', broken, /^✗ /);
    expect(failed.match.input).toMatch(/^✗ schema\.graphql:\d+:\d+: /);
    expect((await gql('{ watchProbe }')).data).toEqual({ watchProbe: null });
  });

  it('adds a field: a new resolver, its wiring and the schema saved together are served together', { timeout: 60_000 }, async () => {
    expect((await gql('{ watchHello }')).errors?.[0]?.message).toMatch(/watchHello/);
    writeFileSync(
      join(src, 'domains', 'users-teams', 'resolvers', 'Query.watchHello.ts'),
      "import { type Context } from '@aws-appsync/utils';\n\nexport function request(_ctx: Context) {\n  return { payload: 'hello from a new resolver' };\n}\n\nexport function response(ctx: Context) {\n  return ctx.result;\n}\n",
    );
    const wiringFile = join(src, 'domains', 'users-teams', 'wiring.ts');
    const me = "  { typeName: 'Query', fieldName: 'me', kind: 'UNIT', dataSource: 'usersTableRead' },";
    writeFileSync(wiringFile, readFileSync(wiringFile, 'utf8').replace(me, `${me}\n  { typeName: 'Query', fieldName: 'watchHello', kind: 'UNIT', dataSource: 'none' },`));
    await save('schema.graphql', `${pristineSchema}\nextend type Query {\n  watchHello: String\n}\n`, /reloaded .*schema/);
    expect(await gql('{ watchHello }')).toEqual({ data: { watchHello: 'hello from a new resolver' } });
    expect(lines.join('\n')).toMatch(/reloaded .*wiring \(\d+ resolvers/);
  });
});

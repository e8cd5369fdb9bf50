// The authorizeOwner contract (docs/ARCHITECTURE.md), handler by handler, through EvaluateCode on the
// bundled function — the same bundle the local stack and AppSync run. The end-to-end proof is the
// owner-data rows of the matrix (configs, campaigns, credentials, sync), which all start with it.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppSyncClient, EvaluateCodeCommand } from '@aws-sdk/client-appsync';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleEvaluateCode } from '../../local/resolver-runtime/index.js';

let server: Server;
let client: AppSyncClient;
let code: string;

beforeAll(async () => {
  const out = await build({
    entryPoints: [new URL('../../lib/appsync/pipeline/authorizeOwner.ts', import.meta.url).pathname],
    bundle: true, write: false, format: 'esm', platform: 'neutral', target: 'es2021', external: ['@aws-appsync/*'], logLevel: 'silent',
  });
  code = out.outputFiles[0]!.text;
  server = createServer((req, res) => void handleEvaluateCode(req, res).then((handled) => handled || res.writeHead(404).end()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  client = new AppSyncClient({ endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
});

afterAll(async () => {
  client?.destroy();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
});

const CALLER = 'caller-sub';
const OWNER = 'owner-sub';

async function evaluate(fn: 'request' | 'response', ctx: Record<string, unknown>) {
  const out = await client.send(
    new EvaluateCodeCommand({ runtime: { name: 'APPSYNC_JS', runtimeVersion: '1.0.0' }, code, function: fn, context: JSON.stringify(ctx) }),
  );
  return {
    result: out.evaluationResult ? JSON.parse(out.evaluationResult) : undefined,
    stash: out.stash ? JSON.parse(out.stash) : undefined,
    error: out.error?.message,
    outErrors: out.outErrors ? JSON.parse(out.outErrors) : [],
  };
}

const identity = { sub: CALLER, issuer: 'local', username: CALLER, claims: {}, sourceIp: [], defaultAuthStrategy: 'ALLOW', groups: null };
const row = (role: string, ownerId = OWNER) => ({ teamId: 't1', userId: CALLER, role, ownerId });

describe('authorizeOwner request', () => {
  it('own data: no lookup, ownerId = caller, callerRole self', async () => {
    const r = await evaluate('request', { identity, arguments: {}, stash: { action: 'write' }, prev: { result: { kept: 1 } } });
    expect(r.error).toBeUndefined();
    expect(r.stash).toMatchObject({ ownerId: CALLER, callerRole: 'self', callerId: CALLER });
    expect(r.result?.operation).toBeUndefined(); // early return, no data-source request
  });

  it("another owner: a Query of the caller's rows on userId-index filtered by ownerId", async () => {
    const r = await evaluate('request', { identity, arguments: {}, stash: { action: 'read', requestedOwnerId: OWNER } });
    expect(r.error).toBeUndefined();
    expect(r.result).toMatchObject({ operation: 'Query', index: 'userId-index' });
    expect(JSON.stringify(r.result.query)).toContain(CALLER);
    expect(JSON.stringify(r.result.filter)).toContain(OWNER);
    expect(r.stash.ownerId).toBeUndefined();
  });

  it('fails closed without an action or without a Cognito identity', async () => {
    expect((await evaluate('request', { identity, arguments: {}, stash: {} })).error).toBeTruthy();
    const iam = { accountId: '1', username: 'AIDA', userArn: 'arn:aws:iam::1:user/x', sourceIp: [] };
    expect((await evaluate('request', { identity: iam, arguments: {}, stash: { action: 'read' } })).error).toMatch(/Not Authorized/);
  });
});

describe('authorizeOwner response', () => {
  const respond = (action: string, items: unknown[]) =>
    evaluate('response', { identity, arguments: {}, stash: { action, requestedOwnerId: OWNER, callerId: CALLER }, result: { items }, prev: { result: { kept: 1 } } });

  it.each([
    ['read', 'admin', 'admin'],
    ['read', 'member', 'member'],
    ['subscribe', 'member', 'member'],
    ['write', 'admin', 'admin'],
  ])('%s as %s → allowed as %s, prev.result passed through', async (action, role, callerRole) => {
    const r = await respond(action, [row(role)]);
    expect(r.error).toBeUndefined();
    expect(r.stash).toMatchObject({ ownerId: OWNER, callerRole });
    expect(r.result).toEqual({ kept: 1 });
  });

  it.each([
    ['write', [row('member')]],
    ['read', []],
    ['read', [row('admin', 'someone-else')]],
    ['read', [row('owner')]],
  ])('%s with %j → Unauthorized', async (action, items) => {
    const r = await respond(action, items);
    expect(r.error).toMatch(/Not Authorized/);
    expect(r.stash.ownerId).toBeUndefined();
  });

  it('the best role wins when the caller is in several of the owner\'s teams', async () => {
    const r = await respond('write', [row('member'), row('admin')]);
    expect(r.stash).toMatchObject({ ownerId: OWNER, callerRole: 'admin' });
  });
});

// The typed client as a frontend project gets it: `npm pack` of client/ (its prepack builds dist/ with
// tsc), installed with npm into a throw-away project in a temp dir (its own dependencies from the
// registry, nothing from this repo's node_modules), type-checked there under strict flags
// (exactOptionalPropertyTypes, no DOM lib, no skipLibCheck), then run on plain Node (no
// --experimental-websocket): a query, and a subscription through the injected `ws` WebSocket that
// follows a sync to its end. Slow (pack + install): in `npm run test:full`.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { demoAccounts } from '../../local/fakes/index.js';
import { outputs } from '../support/stack.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
// Plain Node for every child: none of the test runner's flags (--experimental-websocket included).
const env = { ...process.env, NODE_OPTIONS: '' };

const consumerTsconfig = {
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    lib: ['ES2022'],
    types: ['node'],
    strict: true,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    noImplicitOverride: true,
    noPropertyAccessFromIndexSignature: true,
    verbatimModuleSyntax: true,
    skipLibCheck: false,
    outDir: 'dist',
  },
  include: ['main.ts'],
};

const consumerMain = `
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import {
  ConnectPlatformAccountDocument,
  MeDocument,
  OnSyncStatusChangedDocument,
  SiveraClient,
  SiveraError,
  SyncCampaignsDocument,
  configFromOutputs,
  type SiveraConfig,
} from '@sivera/client';

interface Input {
  outputs: Record<string, unknown>;
  code: string;
  account: { accountId: string; name: string; credentials: Record<string, string> };
}
const input = JSON.parse(readFileSync(0, 'utf8')) as Input;
const config: SiveraConfig = configFromOutputs(input.outputs);

// Plain Node 20 has no global WebSocket: a clear error, not "WebSocket is not defined".
let withoutWebSocket: string | undefined;
if (!('WebSocket' in globalThis)) {
  try {
    new SiveraClient(config).subscribe(OnSyncStatusChangedDocument, { ownerId: 'x' }, { next: () => undefined });
  } catch (e) {
    withoutWebSocket = e instanceof SiveraError ? e.errorType : String(e);
  }
}

const client = new SiveraClient(config, { WebSocket });
const email = 'consumer-' + randomUUID().slice(0, 8) + '@test.sivera.example';
await client.auth.signUp(email, 'Consumer-Pkg-3x');
await client.auth.confirmSignUp(email, input.code);
await client.auth.signIn(email, 'Consumer-Pkg-3x');
const { me } = await client.query(MeDocument);
await client.mutate(ConnectPlatformAccountDocument, {
  input: { platform: 'NAVER', accountId: input.account.accountId, displayName: input.account.name, credentials: JSON.stringify(input.account.credentials) },
});
const states: string[] = [];
await new Promise<void>((resolve, reject) => {
  let started = false;
  const stop = client.subscribe(OnSyncStatusChangedDocument, { ownerId: me.userId }, {
    ready: () => {
      if (started) return;
      started = true;
      client.mutate(SyncCampaignsDocument, { platform: 'NAVER', accountId: input.account.accountId }).catch(reject);
    },
    next: ({ onSyncStatusChanged: s }) => {
      if (!s) return;
      states.push(s.state);
      if (s.state === 'SUCCEEDED' || s.state === 'PARTIAL' || s.state === 'FAILED') {
        stop();
        resolve();
      }
    },
    error: (errors) => reject(new SiveraError(errors)),
  });
});
client.close();
console.log(JSON.stringify({ email: me.email, withoutWebSocket, states, node: process.version }));
`;

describe('the packed client in a consumer project', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sivera-consumer-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('installs from the tarball, type-checks under strict flags and runs a query and a subscription', { timeout: 600_000 }, async () => {
    await run('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: join(root, 'client'), env });
    const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
    expect(tarball).toMatch(/^sivera-client-\d+\.\d+\.\d+\.tgz$/);

    const project = join(dir, 'app');
    await run('mkdir', ['-p', project]);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    // Only the npm registry (or the local npm cache) serves these: the client's own dependencies with it.
    await run(
      'npm',
      [
        'install',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        '--ignore-scripts',
        join(dir, tarball!),
        'ws@8.23.0',
        '@types/ws@8.18.2',
        '@types/node@20.19.43',
      ],
      { cwd: project, env },
    );
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify(consumerTsconfig, null, 2));
    writeFileSync(join(project, 'main.ts'), consumerMain);
    // The repo's TypeScript compiler on the consumer's project: nothing else of this repo is visible there.
    const tsc = await run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', project], { cwd: project, env }).catch(
      (e: { stdout?: string }) => {
        throw new Error(`the consumer project does not type-check:\n${e.stdout ?? String(e)}`);
      },
    );
    expect(tsc.stdout).toBe('');

    const o = outputs();
    const input = {
      outputs: {
        region: o.region,
        graphql: o.graphql,
        cognito: { userPoolId: o.cognito.userPoolId, userPoolClientId: o.cognito.userPoolClientId, endpoint: o.cognito.endpoint },
      },
      code: o.cognito.confirmationCode,
      account: demoAccounts().NAVER,
    };
    const child = execFile(process.execPath, [join(project, 'dist/main.js')], { cwd: project, env, timeout: 120_000 });
    child.stdin!.end(JSON.stringify(input));
    const [stdout, stderr] = await new Promise<[string, string]>((resolve, reject) => {
      let out = '';
      let err = '';
      child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
      child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
      child.once('error', reject);
      child.once('exit', (code) => (code === 0 ? resolve([out, err]) : reject(new Error(`consumer exited ${code}:\n${err}${out}`))));
    });
    const result = JSON.parse(stdout.trim().split('\n').pop()!) as {
      email: string;
      withoutWebSocket?: string;
      states: string[];
      node: string;
    };
    expect(result.email).toMatch(/^consumer-.*@test\.sivera\.example$/);
    expect(result.states.at(-1)).toBe('SUCCEEDED');
    if (Number(result.node.slice(1).split('.')[0]) < 22) expect(result.withoutWebSocket).toBe('WebSocketUnavailable');
    expect(stderr).not.toMatch(/WebSocket is not defined|ReferenceError/);
  });
});

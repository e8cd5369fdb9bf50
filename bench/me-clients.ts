// Shared set-up of the `me` benches: a stack in this process (the endpoint under test), a signed-up user,
// and client processes (bench/me-client.ts) that drive it, each in its own process.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { buildResolvers } from '../scripts/build-resolvers.js';
import { startStack } from '../local/stack.js';
import { checksSettled } from '../local/resolver-runtime/code-check.js';
import { signUpConfirmed } from '../test/support/users.js';
import type { MeClientResult, MeClientSpec } from './me-client.js';

export interface MeSetup {
  spec: Omit<MeClientSpec, 'mode'>;
  stop(): Promise<void>;
}

export async function setUpMe(): Promise<MeSetup> {
  const bundleDir = mkdtempSync(join(tmpdir(), 'sivera-bench-resolvers-'));
  await buildResolvers({ outDir: bundleDir });
  const stack = await startStack({ bundleDir, fakes: false });
  const o = stack.outputs;
  const cognito = new CognitoIdentityProviderClient({ endpoint: o.cognito.endpoint, region: o.region, credentials: o.iam });
  const stop = async () => {
    cognito.destroy();
    await stack.stop();
    rmSync(bundleDir, { recursive: true, force: true });
  };
  try {
    if (!o.graphql) throw new Error('the stack has no GraphQL endpoint');
    const user = await signUpConfirmed(o, cognito);
    const token = user.accessToken;
    const userId = user.sub;
    // `me` is a unit resolver doing one GetItem on the users table.
    const query = '{ me { userId email } }';
    const r = await fetch(o.graphql.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: token }, body: JSON.stringify({ query }) });
    const j = (await r.json()) as { data?: { me?: { userId?: string } } };
    if (j.data?.me?.userId !== userId) throw new Error(`me does not answer: ${JSON.stringify(j)}`);
    // A fresh stack checks every bundle once in the background (a restart reuses the verdicts): wait for
    // that, so the endpoint is measured, not the one-time check sharing its process.
    await checksSettled();
    return {
      spec: {
        url: o.graphql.url,
        token,
        userId,
        query,
        field: 'me',
        variables: {},
        dynamodb: { endpoint: o.dynamodb.endpoint, region: o.region, table: o.dynamodb.tables.users, credentials: o.iam },
      },
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** Runs one client process to completion (tsx's loader is inherited through execArgv). */
export function runClient(spec: MeClientSpec): Promise<MeClientResult> {
  const file = fileURLToPath(new URL('./me-client.ts', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, file, JSON.stringify(spec)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => (out += d));
    child.once('error', reject);
    // 'close', not 'exit': the result line is large, and 'exit' can come before stdout is fully read.
    child.once('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (code !== 0 || !line) return reject(new Error(`bench client exited ${code}`));
      try {
        resolve(JSON.parse(line) as MeClientResult);
      } catch (e) {
        reject(new Error(`bench client printed an unreadable result: ${(e as Error).message}`));
      }
    });
  });
}

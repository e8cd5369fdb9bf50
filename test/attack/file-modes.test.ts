// Files and per-install secrets (issue 15): the data folder was 0755 and the Cognito store (clear-text
// passwords), outputs.json (the IAM secret) and the log were world-readable; the IAM key pair was a
// constant in the repository and tokens were signed with the key pair shipped in cognito-local. Now
// the folder is 0700 and every file in it 0600 (existing installs are fixed on start), and each install
// generates its own IAM key pair and signing key at its first start, reused on later starts.
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { CognitoIdentityProviderClient, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { afterAll, describe, expect, it } from 'vitest';
import { writeOutputs } from '../../local/outputs.js';
import { startStack, type Stack } from '../../local/stack.js';
import { outputs } from '../support/stack.js';

const require = createRequire(import.meta.url);
const shippedJwk = (require('cognito-local/lib/keys/cognitoLocal.public.json') as { jwk: { n: string } }).jwk;

const dir = mkdtempSync(join(tmpdir(), 'sivera-modes-'));
let running: Stack | undefined;
afterAll(async () => {
  await running?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Every path under `root` whose mode is not 0700 (directories) / 0600 (files), as "path mode". */
function looseModes(root: string): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    const st = lstatSync(p);
    if (st.isSymbolicLink()) return;
    const mode = st.mode & 0o777;
    const want = st.isDirectory() ? 0o700 : 0o600;
    if (mode !== want) out.push(`${relative(root, p) || '.'} ${mode.toString(8)}`);
    if (st.isDirectory()) for (const n of readdirSync(p)) walk(join(p, n));
  };
  walk(root);
  return out;
}

function allFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    for (const n of readdirSync(p, { withFileTypes: true })) {
      if (n.isDirectory()) walk(join(p, n.name));
      else out.push(relative(root, join(p, n.name)));
    }
  };
  walk(root);
  return out;
}

async function jwksModulus(s: Stack): Promise<string> {
  const r = await fetch(s.outputs.cognito.jwksUri);
  const { keys } = (await r.json()) as { keys: { n: string }[] };
  expect(keys).toHaveLength(1);
  return keys[0]!.n;
}

async function exercise(s: Stack): Promise<void> {
  const o = s.outputs;
  // Writes into the Cognito store (the pool's user file, clear-text password) and the KMS key file.
  const c = new CognitoIdentityProviderClient({ endpoint: o.cognito.endpoint, region: o.region, maxAttempts: 1 });
  const email = `modes-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@test.sivera.example`;
  await c.send(new SignUpCommand({ ClientId: o.cognito.userPoolClientId, Username: email, Password: 'Modes-Test-1x', UserAttributes: [{ Name: 'email', Value: email }] }));
  c.destroy();
  const kms = new KMSClient({ endpoint: o.kms.endpoint, region: o.region, credentials: o.iam, maxAttempts: 1 });
  await kms.send(new EncryptCommand({ KeyId: o.kms.keyAlias, Plaintext: Buffer.from('x'), EncryptionContext: { userId: 'modes' } }));
  kms.destroy();
}

describe('a persistent install', () => {
  it('keeps its data folder 0700 and every file in it 0600, fixes an older install, and has its own secrets', { timeout: 240_000 }, async () => {
    // An install made by an older version: a world-readable folder and log.
    chmodSync(dir, 0o755);
    mkdirSync(join(dir, 'cognito'), { mode: 0o755 });
    writeFileSync(join(dir, 'stack.log'), 'older log line\n', { mode: 0o644 });
    chmodSync(join(dir, 'stack.log'), 0o644);

    running = await startStack({ dataDir: dir, fakes: false, https: true });
    const first = running.outputs;
    writeOutputs(join(dir, 'outputs.json'), first); // as npm start does
    await exercise(running);

    const files = allFiles(dir);
    // The things that must exist for the check to mean something.
    for (const f of ['outputs.json', 'stack.log', join('kms', 'keys.json'), join('tls', 'localhost-key.pem'), join('cognito', '.cognito', 'config.json')]) {
      expect(files).toContain(f);
    }
    expect(files.some((f) => f.startsWith(join('cognito', '.cognito', 'db')) && f.endsWith('.json'))).toBe(true);
    expect(files.some((f) => f.startsWith('dynamodb'))).toBe(true);
    expect(looseModes(dir)).toEqual([]);

    // This install's secrets: not the old repository constant, not the shared test stack's, not cognito-local's key.
    const firstModulus = await jwksModulus(running);
    expect(first.iam.accessKeyId).not.toBe('AKIALOCALSIVERA00000');
    expect(first.iam.accessKeyId).not.toBe(outputs().iam.accessKeyId);
    expect(first.iam.secretAccessKey).not.toBe(outputs().iam.secretAccessKey);
    expect(firstModulus).not.toBe(shippedJwk.n);
    const shared = (await (await fetch(outputs().cognito.jwksUri)).json()) as { keys: { n: string }[] };
    expect(shared.keys.map((k) => k.n)).not.toContain(firstModulus);

    // Restart with the same folder after something loosened it: same secrets, modes fixed again.
    await running.stop();
    running = undefined;
    chmodSync(dir, 0o755);
    chmodSync(join(dir, 'outputs.json'), 0o644);
    chmodSync(join(dir, 'kms'), 0o755);
    running = await startStack({ dataDir: dir, fakes: false, https: true });
    // (Compared field by field: the SDK clients tag the credentials objects they are given.)
    expect(running.outputs.iam.accessKeyId).toBe(first.iam.accessKeyId);
    expect(running.outputs.iam.secretAccessKey).toBe(first.iam.secretAccessKey);
    expect(await jwksModulus(running)).toBe(firstModulus);
    await exercise(running);
    expect(looseModes(dir)).toEqual([]);
  });
});

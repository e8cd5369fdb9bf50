// "One module that decrypts, used only by the sync function": checked on the source tree, so a new
// import of decryptCredentials or a direct KMS Decrypt anywhere else fails the build.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));
// Deployed or bundled code. local/ is the emulator (its KMS server implements Decrypt) and tests may decrypt to verify.
const DEPLOYED = ['domains', 'lib', 'infra', 'client', 'api'];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === 'node_modules' || name === 'generated' || name === 'test' ? [] : sources(p);
    return /\.(ts|js|mjs)$/.test(name) ? [p] : [];
  });
}

const files = DEPLOYED.flatMap((d) => {
  try {
    return sources(join(root, d));
  } catch {
    return [];
  }
}).map((p) => ({ path: relative(root, p), text: readFileSync(p, 'utf8') }));

describe('decryption boundary', () => {
  it('finds the deployed sources (the scan is not vacuous)', () => {
    expect(files.map((f) => f.path)).toContain('lib/node/credential-crypto.ts');
    expect(files.map((f) => f.path)).toContain('domains/credentials/lambda/handler.ts');
  });

  it('only the sync Lambda imports decryptCredentials', () => {
    const users = files
      .filter((f) => f.path !== 'lib/node/credential-crypto.ts')
      .filter((f) => /\bdecryptCredentials\b/.test(f.text))
      .map((f) => f.path);
    expect(users.every((p) => p.startsWith('domains/sync/lambda/'))).toBe(true);
  });

  it('no deployed code but credential-crypto calls KMS Decrypt', () => {
    const users = files
      .filter((f) => f.path !== 'lib/node/credential-crypto.ts')
      .filter((f) => /\bDecryptCommand\b|kms:Decrypt['"]?\s*\)|\.decrypt\(\s*\{\s*CiphertextBlob/.test(f.text) && /client-kms/.test(f.text))
      .map((f) => f.path);
    expect(users).toEqual([]);
  });

  it('the credentials Lambda cannot decrypt: it imports only encryptCredentials', () => {
    const lambda = files.filter((f) => f.path.startsWith('domains/credentials/lambda/'));
    expect(lambda.length).toBeGreaterThan(0);
    for (const f of lambda) expect(f.text).not.toMatch(/\bdecryptCredentials\b|DecryptCommand/);
  });
});

// The one maker of the endpoint's self-signed certificate (local/graphql-endpoint/tls.ts): the stack's
// off-thread makeCertificate and the endpoint's ensureCertificate share files and validity rules, so
// what one made the other reuses, and a certificate that no longer serves is made again.
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureCertificate, makeCertificate } from '../../local/graphql-endpoint/tls.js';

const root = mkdtempSync(join(tmpdir(), 'sivera-cert-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('local certificate', () => {
  it('makeCertificate makes an owner-only pair for localhost and 127.0.0.1 that ensureCertificate then reuses', async () => {
    const dir = join(root, 'tls');
    await makeCertificate(dir);
    expect(readdirSync(dir).sort()).toEqual(['localhost-cert.pem', 'localhost-key.pem']); // no temporary files left
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'localhost-key.pem')).mode & 0o777).toBe(0o600);
    const made = ensureCertificate(dir);
    const cert = new X509Certificate(made.cert);
    expect(cert.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(cert.subjectAltName).toContain('DNS:localhost');
    await makeCertificate(dir); // valid: kept
    expect(ensureCertificate(dir).cert.equals(made.cert)).toBe(true);
  });

  it('makes a new certificate when the one on disk no longer parses', () => {
    const dir = join(root, 'broken');
    ensureCertificate(dir);
    writeFileSync(join(dir, 'localhost-cert.pem'), 'not a certificate');
    const again = ensureCertificate(dir);
    expect(new X509Certificate(again.cert).subject).toContain('CN=localhost');
  });
});

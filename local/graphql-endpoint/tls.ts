// A self-signed certificate for the HTTPS/WSS endpoint (aws-amplify v6 only speaks wss:// to a
// non-AWS URL). Made with the openssl CLI and reused while valid; clients trust it with
// NODE_EXTRA_CA_CERTS=<certPath>. One implementation for both callers: the stack makes it off the
// event loop while other services start (makeCertificate), the endpoint then finds it (ensureCertificate,
// which makes it synchronously only when started alone with HTTPS).
import { execFile, execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

export interface TlsMaterial {
  key: Buffer;
  cert: Buffer;
  certPath: string;
  keyPath: string;
}

const DAY_MS = 86_400_000;

/** openssl's arguments. */
function opensslArgs(keyOut: string, certOut: string): string[] {
  return [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '365',
    '-keyout', keyOut, '-out', certOut,
    '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
    '-addext', 'basicConstraints=critical,CA:TRUE',
    '-addext', 'keyUsage=critical,digitalSignature,keyEncipherment,keyCertSign',
    '-addext', 'extendedKeyUsage=serverAuth',
  ];
}

interface Plan {
  keyPath: string;
  certPath: string;
  /** null while a valid pair is there; else openssl's arguments and the renames that put its output in place. */
  make: { args: string[]; commit(): void } | null;
}

/** openssl writes to temporary names renamed into place, so a reader never meets a half-written pair. */
function certificatePlan(dir: string): Plan {
  const keyPath = join(dir, 'localhost-key.pem');
  const certPath = join(dir, 'localhost-cert.pem');
  if (existsSync(keyPath) && existsSync(certPath) && stillGood(certPath)) return { keyPath, certPath, make: null };
  mkdirSync(dir, { recursive: true, mode: 0o700 }); // owner-only: it holds the private key
  const tmpKey = `${keyPath}.${process.pid}.tmp`;
  const tmpCert = `${certPath}.${process.pid}.tmp`;
  const commit = () => {
    renameSync(tmpKey, keyPath);
    renameSync(tmpCert, certPath);
  };
  return { keyPath, certPath, make: { args: opensslArgs(tmpKey, tmpCert), commit } };
}

function opensslError(e: unknown): Error {
  const err = e as NodeJS.ErrnoException & { stderr?: Buffer | string };
  if (err.code === 'ENOENT') return new Error('HTTPS mode needs the openssl command line tool (apt-get install openssl)');
  return new Error(`openssl could not make the local certificate: ${err.stderr?.toString() ?? err.message}`);
}

/** Makes the certificate in `dir` off the event loop (RSA key generation takes seconds on a loaded machine), unless a valid one is there. */
export async function makeCertificate(dir: string): Promise<void> {
  const { make } = certificatePlan(dir);
  if (!make) return;
  await promisify(execFile)('openssl', make.args).catch((e: unknown) => Promise.reject(opensslError(e)));
  make.commit();
}

/** The certificate in `dir`, made synchronously when there is no valid one. */
export function ensureCertificate(dir: string): TlsMaterial {
  const { keyPath, certPath, make } = certificatePlan(dir);
  if (make) {
    try {
      execFileSync('openssl', make.args, { stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (e) {
      throw opensslError(e);
    }
    make.commit();
  }
  return { key: readFileSync(keyPath), cert: readFileSync(certPath), certPath, keyPath };
}

function stillGood(certPath: string): boolean {
  try {
    const c = new X509Certificate(readFileSync(certPath));
    return Date.parse(c.validTo) - Date.now() > 7 * DAY_MS && (c.subjectAltName ?? '').includes('IP Address:127.0.0.1');
  } catch {
    return false;
  }
}

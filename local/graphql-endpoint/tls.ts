// A self-signed certificate for the HTTPS/WSS endpoint (aws-amplify v6 only speaks wss:// to a
// non-AWS URL). Made with the openssl CLI at start and reused while valid; clients trust it with
// NODE_EXTRA_CA_CERTS=<certPath>.
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TlsMaterial {
  key: Buffer;
  cert: Buffer;
  certPath: string;
  keyPath: string;
}

const DAY_MS = 86_400_000;

export function ensureCertificate(dir: string): TlsMaterial {
  mkdirSync(dir, { recursive: true });
  const keyPath = join(dir, 'localhost-key.pem');
  const certPath = join(dir, 'localhost-cert.pem');
  if (!(existsSync(keyPath) && existsSync(certPath) && stillGood(certPath))) {
    try {
      execFileSync(
        'openssl',
        [
          'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '365',
          '-keyout', keyPath, '-out', certPath,
          '-subj', '/CN=localhost',
          '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
          '-addext', 'basicConstraints=critical,CA:TRUE',
          '-addext', 'keyUsage=critical,digitalSignature,keyEncipherment,keyCertSign',
          '-addext', 'extendedKeyUsage=serverAuth',
        ],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
    } catch (e) {
      const err = e as NodeJS.ErrnoException & { stderr?: Buffer };
      if (err.code === 'ENOENT') throw new Error('HTTPS mode needs the openssl command line tool (apt-get install openssl)');
      throw new Error(`openssl could not make the local certificate: ${err.stderr?.toString() ?? err.message}`);
    }
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

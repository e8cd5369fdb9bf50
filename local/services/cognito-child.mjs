// Runs cognito-local in its own process (it loads the AWS SDK v2 and keeps its state relative to the
// working directory, so it cannot share the stack's process). Reports the bound port over IPC.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

const require = createRequire(import.meta.url);
const cognitoDir = dirname(require.resolve('cognito-local/package.json'));
const { createDefaultServer } = require('cognito-local');
const pino = require(require.resolve('pino', { paths: [cognitoDir] }));

// Plain JSON lines on stdout; the parent prefixes them into the stack log.
const logger = pino({ level: process.env.DEBUG ? 'debug' : 'info', base: undefined });
try {
  const server = await (await createDefaultServer(logger)).start();
  const address = server.address();
  process.send?.({ ready: true, port: typeof address === 'object' && address ? address.port : 0 });
} catch (err) {
  process.stderr.write(`${err?.stack ?? err}\n`);
  process.exit(1);
}

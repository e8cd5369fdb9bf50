// vitest globalSetup: builds the resolver bundles and starts ONE local stack for the whole run
// (DynamoDB Local in-memory, Cognito, KMS, Lambda, fake platforms, GraphQL + real-time, HTTPS twin),
// all on ephemeral ports, and hands its outputs to the test workers (inject('stack')).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildResolvers } from '../../scripts/build-resolvers.js';
import { startStack, type StackOutputs } from '../../local/stack.js';

declare module 'vitest' {
  export interface ProvidedContext {
    stack: StackOutputs;
    /** This run's resolver bundles (the ones the stack executes), kept until teardown. */
    bundleDir: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // This run's own copy of the bundles: a concurrent `npm run build` (or another run) empties dist/resolvers.
  const bundleDir = mkdtempSync(join(tmpdir(), 'sivera-test-resolvers-'));
  try {
    await buildResolvers({ outDir: bundleDir });
  } catch (e) {
    rmSync(bundleDir, { recursive: true, force: true });
    throw new Error(`The resolver bundles do not build, so the test stack cannot start:\n${(e as Error).message}`);
  }
  let stack;
  try {
    stack = await startStack({ https: true, bundleDir, log: { terminal: process.env.SIVERA_STACK_LOG === '1' } });
  } catch (e) {
    rmSync(bundleDir, { recursive: true, force: true });
    throw e;
  }
  const certPath = stack.outputs.graphql?.certPath;
  if (certPath) {
    // Workers are forked after this runs, so they trust the self-signed certificate (Node reads it at start).
    const existing = process.env.NODE_EXTRA_CA_CERTS;
    if (existing && existing !== certPath) {
      const combined = join(stack.outputs.stackLogPath, '..', 'extra-ca.pem');
      writeFileSync(combined, `${readFileSync(existing, 'utf8')}\n${readFileSync(certPath, 'utf8')}`);
      process.env.NODE_EXTRA_CA_CERTS = combined;
    } else process.env.NODE_EXTRA_CA_CERTS = certPath;
  }
  project.provide('stack', stack.outputs);
  project.provide('bundleDir', bundleDir);
  return async () => {
    await stack.stop();
    rmSync(bundleDir, { recursive: true, force: true });
  };
}

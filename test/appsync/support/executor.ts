// Builds an executor over bundles written from source strings (plain ESM, as esbuild emits them) into a
// temporary folder, with the wiring the test declares.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Wiring } from '../../../api/wiring/index.js';
import { createResolverExecutor, type ExecutorOptions, type FieldInvocation, type LambdaInvoker, type ResolverExecutor } from '../../../local/resolver-runtime/index.js';

export interface TestExecutor {
  executor: ResolverExecutor;
  dir: string;
  logs: string[];
  cleanup(): void;
}

export function executorFor(
  files: Record<string, string>,
  wiring: Wiring,
  opts: Partial<Omit<ExecutorOptions, 'wiring' | 'bundleDir'>> = {},
): TestExecutor {
  const dir = mkdtempSync(join(tmpdir(), 'appsync-bundles-'));
  for (const [path, code] of Object.entries(files)) {
    const file = join(dir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, code);
  }
  const logs: string[] = [];
  const noLambda: LambdaInvoker = {
    invoke: async (name) => {
      throw new Error(`no Lambda ${name} in this test`);
    },
  };
  const executor = createResolverExecutor({
    wiring,
    bundleDir: dir,
    dynamodb: opts.dynamodb ?? { endpoint: 'http://127.0.0.1:9', region: 'us-east-1', tablePrefix: '' },
    lambda: opts.lambda ?? noLambda,
    env: opts.env ?? {},
    handlerTimeoutMs: opts.handlerTimeoutMs,
    chainHandlers: opts.chainHandlers,
    onLog: (line) => logs.push(line),
  });
  return { executor, dir, logs, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function invocation(typeName: string, fieldName: string, args: Record<string, unknown> = {}, extra: Partial<FieldInvocation> = {}): FieldInvocation {
  return {
    typeName,
    fieldName,
    arguments: args,
    source: {},
    identity: null,
    request: { headers: {}, domainName: null },
    info: { fieldName, parentTypeName: typeName, variables: {}, selectionSetList: [], selectionSetGraphQL: '' },
    ...extra,
  };
}

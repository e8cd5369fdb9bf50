// The Lambda roles and environments in infra/ are declared by hand (infra/access.ts); this test reads
// each function's code, as esbuild tree-shakes it from the same entry NodejsFunction bundles, and
// proves the declarations match: every AWS command the code can send is granted and nothing granted
// goes unused; every environment variable the code reads is provided by the stack.
import { join } from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { lambdas, type LambdaKey } from '../../api/lambdas.js';
import { tableEnv, tableEnvVar, type TableKey } from '../../api/tables.js';
import { lambdaAccess } from '../../infra/access.js';
import { platformUrls } from '../../infra/config.js';
import { secretParameterEnv } from '../../infra/platform-secrets.js';
import { repoRoot } from '../../infra/sivera-stack.js';

/** SDK v3 command class (without "Command") → IAM action. lib-dynamodb and client-dynamodb names both. */
const commandActions: Record<string, string[]> = {
  Get: ['dynamodb:GetItem'],
  GetItem: ['dynamodb:GetItem'],
  Put: ['dynamodb:PutItem'],
  PutItem: ['dynamodb:PutItem'],
  Update: ['dynamodb:UpdateItem'],
  UpdateItem: ['dynamodb:UpdateItem'],
  Delete: ['dynamodb:DeleteItem'],
  DeleteItem: ['dynamodb:DeleteItem'],
  Query: ['dynamodb:Query'],
  Scan: ['dynamodb:Scan'],
  BatchGet: ['dynamodb:BatchGetItem'],
  BatchGetItem: ['dynamodb:BatchGetItem'],
  BatchWrite: ['dynamodb:BatchWriteItem'],
  BatchWriteItem: ['dynamodb:BatchWriteItem'],
  TransactGet: ['dynamodb:GetItem'],
  TransactGetItems: ['dynamodb:GetItem'],
  Encrypt: ['kms:Encrypt'],
  Decrypt: ['kms:Decrypt'],
  GenerateDataKey: ['kms:GenerateDataKey'],
  GetParameter: ['ssm:GetParameter'],
  GetParameters: ['ssm:GetParameters'],
  Invoke: ['lambda:InvokeFunction'],
  PutMetricData: ['cloudwatch:PutMetricData'],
};

/** Read by the code but not set by the stack, on purpose. */
const notFromStack: Record<string, string> = {
  AWS_REGION: 'set by the Lambda runtime',
  AWS_ENDPOINT_URL: 'local stack only (SDK endpoint override)',
  AWS_ENDPOINT_URL_DYNAMODB: 'local stack only (SDK endpoint override)',
  AWS_ENDPOINT_URL_KMS: 'local stack only (SDK endpoint override)',
  AWS_ENDPOINT_URL_LAMBDA: 'local stack only (SDK endpoint override)',
  LOG_LEVEL: 'optional; the logger has a default',
  KAKAO_REPORT_INTERVAL_MS: 'optional tuning for tests; the adapter has a default',
};

/** Known gaps: what the stack grants or provides that the code does not use yet. None at present. */
const pendingInCode: Partial<Record<LambdaKey, { actions: string[]; env: string[] }>> = {};

function declaredActions(key: LambdaKey): string[] {
  const a = lambdaAccess[key];
  const actions = Object.values(a.tables).flatMap((t) => t?.actions ?? []);
  return [...new Set([...actions, ...(a.kms ?? []), ...(a.platformSecrets ? ['ssm:GetParameter'] : [])])].sort();
}

function providedEnv(key: LambdaKey): string[] {
  const a = lambdaAccess[key];
  return [
    ...Object.keys(tableEnv('')),
    'NODE_OPTIONS',
    ...(a.kms ? ['KMS_KEY_ID'] : []),
    ...(a.platformSecrets ? [...Object.keys(platformUrls), ...Object.keys(secretParameterEnv('dev'))] : []),
    ...(a.publishSyncStatus ? ['APPSYNC_GRAPHQL_URL'] : []),
  ];
}

interface Usage {
  commands: string[];
  env: string[];
}

async function usage(key: LambdaKey): Promise<Usage> {
  const out = await build({
    entryPoints: [join(repoRoot, lambdas[key].entry)],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    packages: 'external',
    treeShaking: true,
    logLevel: 'silent',
  });
  const code = out.outputFiles[0]!.text;
  const commands = [...code.matchAll(/\bnew\s+([A-Z][A-Za-z]*?)Command\d*\s*\(/g)].map((m) => m[1]!);
  const env = [
    ...[...code.matchAll(/\benv\.([A-Z][A-Z0-9_]*)\b/g)].map((m) => m[1]!),
    ...[...code.matchAll(/\benv\[\s*["']([A-Z][A-Z0-9_]*)["']\s*\]/g)].map((m) => m[1]!),
    ...[...code.matchAll(/\btableEnvVar\.(\w+)/g)].map((m) => tableEnvVar[m[1] as TableKey]).filter(Boolean),
  ];
  return { commands: [...new Set(commands)].sort(), env: [...new Set(env)].sort() };
}

const used = {} as Record<LambdaKey, Usage>;
beforeAll(async () => {
  for (const key of Object.keys(lambdas) as LambdaKey[]) used[key] = await usage(key);
}, 120_000);

describe.each(Object.keys(lambdas) as LambdaKey[])('%s', (key) => {
  it('every command the code sends is mapped to an IAM action', () => {
    const unmapped = used[key].commands.filter((c) => !commandActions[c]);
    expect(unmapped, 'add these commands to commandActions (TransactWrite needs its item operations declared)').toEqual([]);
  });

  it('the role grants exactly the actions the code uses', () => {
    const inCode = [...new Set(used[key].commands.flatMap((c) => commandActions[c] ?? []))].sort();
    const pending = pendingInCode[key]?.actions ?? [];
    expect(inCode).toEqual(declaredActions(key).filter((a) => !pending.includes(a)));
    for (const a of pending) expect(inCode, `${a} is used now: remove it from pendingInCode`).not.toContain(a);
  });

  it('every environment variable the code reads is set by the stack (or deliberately not)', () => {
    const provided = new Set(providedEnv(key));
    const missing = used[key].env.filter((v) => !provided.has(v) && !(v in notFromStack));
    expect(missing).toEqual(pendingInCode[key]?.env ?? []);
  });
});

it('the analysis sees real usage (guards the regexes)', () => {
  expect(used.postConfirmation.commands).toContain('Put');
  expect(used.credentials.env).toContain('KMS_KEY_ID');
  expect(used.sync.env).toContain('APPSYNC_GRAPHQL_URL');
});

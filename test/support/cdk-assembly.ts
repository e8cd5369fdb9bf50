// One CDK synth per test run (and none when nothing changed): both stages are synthesized together,
// once, into a cloud assembly cached by a content hash of everything that goes into it (infra/, api/,
// the Lambda sources in functions/, schema.graphql, the lock file, the resolver bundles, this file).
// The dev stack's Lambdas are bundled (test/infra/artifacts.test.ts runs the artifacts); prod's are not.
// The test files read the templates, the bundled assets and what this file records from the live
// construct tree while it synthesizes: logical ids and resolved tokens of the constructs the tests
// name, and cdk-nag's AwsSolutions findings before and after the acknowledgements. Test workers
// share the cache through a lock directory: the first that needs it synthesizes, the others wait.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LambdaKey } from '../../api/lambdas.js';
import type { TableKey } from '../../api/tables.js';
import type { StageName } from '../../infra/config.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cacheRoot = join(tmpdir(), 'sivera-cdk-assembly');

export const stages: StageName[] = ['dev', 'prod'];
/** prod also routes its alarms to a topic (-c alarmTopicArn=...); dev has none. */
export const alarmTopicArn = 'arn:aws:sns:ap-northeast-2:111111111111:sivera-ops';

/** What the tests name in the construct tree, as the template spells it (logical ids, resolved tokens). */
export interface StageRefs {
  stackName: string;
  credentialKey: { id: string; arn: unknown };
  platformSecretsKey: { id: string; arn: unknown };
  userPool: string;
  api: { id: string; logRole: string; logGroupArn: unknown; graphqlUrl: unknown };
  functions: Record<LambdaKey, { fn: string; role: string; logGroup: string; logGroupArn: unknown; functionArn: unknown }>;
  /** indexArns: `${tableArn}/index/<name>` for every index of the table and every index a role names. */
  tables: Record<TableKey, { id: string; arn: unknown; indexArns: Record<string, unknown> }>;
  /** Logical id of each data source's role; absent for data sources without one. */
  dataSourceRoles: Record<string, string>;
  /** stack.formatArn of each platform secret's SSM parameter, by secret path. */
  ssmParameterArns: Record<string, unknown>;
}

/** cdk-nag AwsSolutions on the stack built WITHOUT acknowledgements, then with them applied. */
export interface StageNag {
  acknowledgements: { id: string; path: string; reason: string }[];
  findings: { id: string; path: string | undefined }[];
  /** `${severity} ${ruleName}: paths` of what is still found once the acknowledgements are applied. */
  after: string[];
}

export interface StageAssembly {
  dir: string;
  refs: StageRefs;
  nag: StageNag;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  template: { Resources: Record<string, any>; Outputs?: Record<string, unknown> };
  /** The assets manifest (`<stack>.assets.json`). */
  assets: { files: Record<string, { source: { path: string } }> };
}

function hashInputs(bundleDir: string): string {
  const h = createHash('sha256');
  const add = (base: string, path: string): void => {
    const s = statSync(path);
    if (s.isDirectory()) {
      for (const name of readdirSync(path).sort()) if (name !== 'node_modules') add(base, join(path, name));
    } else if (s.isFile()) {
      h.update(`${relative(base, path)}\0`);
      h.update(readFileSync(path));
      h.update('\0');
    }
  };
  for (const p of ['infra', 'api', 'functions', 'schema.graphql', 'package-lock.json', 'tsconfig.json', 'test/support/cdk-assembly.ts']) {
    if (existsSync(join(root, p))) add(root, join(root, p));
  }
  h.update('bundles\0');
  add(bundleDir, bundleDir);
  return h.digest('hex').slice(0, 24);
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** The cached assembly for these inputs, synthesizing it (once across workers and runs) if missing. */
export async function cdkAssembly(bundleDir: string): Promise<Record<StageName, StageAssembly>> {
  mkdirSync(cacheRoot, { recursive: true });
  const dir = join(cacheRoot, hashInputs(bundleDir));
  const lock = `${dir}.lock`;
  const deadline = Date.now() + 280_000;
  while (!existsSync(join(dir, 'refs.json'))) {
    let mine = false;
    try {
      mkdirSync(lock);
      mine = true;
    } catch {
      // Someone else synthesizes; take over only if it died.
      let pid = 0;
      try {
        pid = Number(readFileSync(join(lock, 'pid'), 'utf8'));
      } catch {
        /* not written yet */
      }
      if (pid && !alive(pid)) rmSync(lock, { recursive: true, force: true });
    }
    if (mine) {
      try {
        writeFileSync(join(lock, 'pid'), String(process.pid));
        if (!existsSync(join(dir, 'refs.json'))) await synthesize(bundleDir, dir);
      } finally {
        rmSync(lock, { recursive: true, force: true });
      }
      prune(dir);
      break;
    }
    if (Date.now() > deadline) throw new Error(`waited too long for the CDK synth of another test worker (${lock})`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const refs = JSON.parse(readFileSync(join(dir, 'refs.json'), 'utf8')) as Record<StageName, { refs: StageRefs; nag: StageNag }>;
  const out = {} as Record<StageName, StageAssembly>;
  for (const s of stages) {
    const { stackName } = refs[s].refs;
    out[s] = {
      dir,
      ...refs[s],
      template: JSON.parse(readFileSync(join(dir, `${stackName}.template.json`), 'utf8')),
      assets: JSON.parse(readFileSync(join(dir, `${stackName}.assets.json`), 'utf8')),
    };
  }
  return out;
}

/** Drops cached assemblies not used for a week. */
function prune(keep: string): void {
  const weekAgo = Date.now() - 7 * 24 * 3600_000;
  for (const name of readdirSync(cacheRoot)) {
    const p = join(cacheRoot, name);
    if (p === keep || name.endsWith('.lock')) continue;
    try {
      if (statSync(p).mtimeMs < weekAgo) rmSync(p, { recursive: true, force: true });
    } catch {
      /* another run pruned it */
    }
  }
}

async function synthesize(bundleDir: string, dir: string): Promise<void> {
  // Loaded here: a worker that finds the assembly cached never loads aws-cdk-lib or cdk-nag.
  const { App } = await import('aws-cdk-lib');
  const { AwsSolutionsChecks } = await import('cdk-nag');
  const { lambdas } = await import('../../api/lambdas.js');
  const { tables } = await import('../../api/tables.js');
  const { lambdaAccess } = await import('../../infra/access.js');
  const { stageConfig } = await import('../../infra/config.js');
  const { acknowledgeNagFindings, nagAcknowledgements } = await import('../../infra/nag-suppressions.js');
  const { platformSecrets } = await import('../../infra/platform-secrets.js');
  const { addSiveraStack } = await import('../../infra/sivera-stack.js');
  type Stack = ReturnType<typeof addSiveraStack>;
  type CfnElement = import('aws-cdk-lib').CfnElement;
  type IConstruct = import('constructs').IConstruct;

  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  const app = new App({ outdir: tmp, context: { 'aws:cdk:bundling-stacks': ['Sivera-dev'] } });
  const built = {} as Record<StageName, Stack>;
  for (const s of stages) {
    // Acknowledgements not applied yet: the nag test proves each one is still needed.
    built[s] = addSiveraStack(app, {
      config: stageConfig(s, s === 'prod' ? { alarmTopicArn } : {}),
      nag: false,
      acknowledgeNag: false,
      bundleDir,
    });
  }
  const inStack = (stack: Stack, path: string | undefined): boolean =>
    path === undefined || path === stack.node.path || path.startsWith(`${stack.node.path}/`);
  const before = new AwsSolutionsChecks().validateScope(app).violations;
  const acks = {} as Record<StageName, StageNag['acknowledgements']>;
  for (const s of stages) {
    acks[s] = nagAcknowledgements(built[s]).map((a) => ({ id: a.id, path: a.scope.node.path, reason: a.reason }));
    acknowledgeNagFindings(built[s]);
  }
  const after = new AwsSolutionsChecks().validateScope(app).violations;
  app.synth();

  const record = {} as Record<StageName, { refs: StageRefs; nag: StageNag }>;
  for (const s of stages) {
    const stack = built[s];
    const id = (c: IConstruct): string => stack.resolve(stack.getLogicalId((c.node.defaultChild ?? c) as CfnElement)) as string;
    const r = (v: unknown): unknown => stack.resolve(v);
    const tableKeys = Object.keys(tables) as TableKey[];
    const indexNames = (k: TableKey): string[] => [
      ...new Set([
        ...(tables[k].globalSecondaryIndexes ?? []).map((i) => i.indexName),
        ...(tables[k].localSecondaryIndexes ?? []).map((i) => i.indexName),
        ...Object.values(lambdaAccess).flatMap((a) => a.tables[k]?.indexes ?? []),
      ]),
    ];
    const refs: StageRefs = {
      stackName: stack.stackName,
      credentialKey: { id: id(stack.credentialKey.key), arn: r(stack.credentialKey.key.keyArn) },
      platformSecretsKey: { id: id(stack.platformSecrets.key), arn: r(stack.platformSecrets.key.keyArn) },
      userPool: id(stack.auth.userPool),
      api: { id: id(stack.api.api), logRole: id(stack.api.logRole), logGroupArn: r(stack.api.logGroup.logGroupArn), graphqlUrl: r(stack.api.api.graphqlUrl) },
      functions: Object.fromEntries(
        (Object.keys(lambdas) as LambdaKey[]).map((k) => {
          const f = stack.functions.byKey[k];
          return [k, { fn: id(f.fn), role: id(f.role), logGroup: id(f.logGroup), logGroupArn: r(f.logGroup.logGroupArn), functionArn: r(f.fn.functionArn) }];
        }),
      ) as StageRefs['functions'],
      tables: Object.fromEntries(
        tableKeys.map((k) => {
          const t = stack.tables.byKey[k];
          return [k, { id: id(t), arn: r(t.tableArn), indexArns: Object.fromEntries(indexNames(k).map((i) => [i, r(`${t.tableArn}/index/${i}`)])) }];
        }),
      ) as StageRefs['tables'],
      dataSourceRoles: Object.fromEntries(
        Object.entries(stack.api.dataSourceRoles)
          .filter(([, role]) => role !== undefined)
          .map(([n, role]) => [n, id(role)]),
      ),
      ssmParameterArns: Object.fromEntries(
        platformSecrets.map((p) => [p.path, r(stack.formatArn({ service: 'ssm', resource: 'parameter', resourceName: `sivera/${s}/${p.path}` }))]),
      ),
    };
    const nag: StageNag = {
      acknowledgements: acks[s],
      findings: before.flatMap((v) =>
        v.violatingResources.filter((x) => inStack(stack, x.constructPath)).map((x) => ({ id: v.ruleName, path: x.constructPath })),
      ),
      after: after
        .map((v) => ({ v, paths: v.violatingResources.filter((x) => inStack(stack, x.constructPath)).map((x) => x.constructPath) }))
        .filter(({ v, paths }) => paths.length > 0 || v.violatingResources.length === 0)
        .map(({ v, paths }) => `${v.severity} ${v.ruleName}: ${paths.join(', ')}`),
    };
    record[s] = { refs, nag };
  }
  writeFileSync(join(tmp, 'refs.json'), JSON.stringify(record));
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
}

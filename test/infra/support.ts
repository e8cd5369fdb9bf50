// Shared by the infra tests: the run's synthesized templates (real wiring, real resolver bundles, real
// Lambda entries; see test/support/cdk-assembly.ts), and IAM read out of a template.
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { wiring } from '../../api/wiring/index.js';
import { functionBundlePath, resolverBundlePath } from '../../infra/wiring-plan.js';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, inject } from 'vitest';
import type { StageName } from '../../infra/config.js';
import { cdkAssembly, type StageAssembly, type StageNag, type StageRefs } from '../support/cdk-assembly.js';

// Not imported from infra/sivera-stack.ts: that would load aws-cdk-lib into every worker using this file.
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const localBundleDir = join(repoRoot, 'dist', 'resolvers');

function complete(dir: string): boolean {
  return (
    wiring.functions.every((f) => existsSync(functionBundlePath(dir, f.name))) &&
    wiring.resolvers.every((r) => existsSync(resolverBundlePath(dir, r.typeName, r.fieldName)))
  );
}

/**
 * A private copy of the resolver bundles the run's stack executes (built by vitest's globalSetup into a
 * folder of its own, provided as `bundleDir`), so the synth and the comparisons read one complete copy
 * and never depend on `npm run build` having run. Outside globalSetup: a snapshot of dist/resolvers
 * (every `npm run build` in this shared checkout rewrites it: rm, then write).
 */
export async function snapshotBundles(): Promise<string> {
  const provided = inject('bundleDir');
  const source = provided && complete(provided) ? provided : localBundleDir;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (existsSync(source) && complete(source)) {
      const dir = mkdtempSync(join(tmpdir(), 'sivera-infra-bundles-'));
      cpSync(source, dir, { recursive: true });
      if (complete(dir)) return dir;
      rmSync(dir, { recursive: true, force: true });
    }
    if (Date.now() > deadline) {
      throw new Error(`${source} is missing or incomplete: run \`npm run build\` (vitest's globalSetup normally builds its own copy).`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** What an infra test file reads: its bundle copy, the run's synth of every stage, and a scratch folder. */
export interface SynthFixture {
  bundleDir: string;
  assembly: Record<StageName, StageAssembly>;
  tmp: string;
}

/**
 * Registers the file's hooks: before its tests, a private copy of the bundles, the run's one synth
 * (test/support/cdk-assembly.ts) and a scratch folder; after them, both folders removed. The returned
 * object is filled in by then.
 */
export function useSynth(): SynthFixture {
  const fx = { bundleDir: '', tmp: '', assembly: {} } as SynthFixture;
  beforeAll(async () => {
    fx.bundleDir = await snapshotBundles();
    fx.assembly = await cdkAssembly(fx.bundleDir);
    fx.tmp = mkdtempSync(join(tmpdir(), 'sivera-infra-'));
  }, 300_000);
  afterAll(() => {
    for (const d of [fx.bundleDir, fx.tmp]) if (d) rmSync(d, { recursive: true, force: true });
  });
  return fx;
}

export interface Built {
  template: Template;
  json: { Resources: Record<string, CfnResource>; Outputs?: Record<string, unknown> };
  /** Logical ids and resolved tokens of the constructs the tests name, recorded at synth. */
  refs: StageRefs;
  nag: StageNag;
}

/** CloudFormation JSON is untyped: tests walk it freely and assert on what they find. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Cfn = any;

export interface CfnResource {
  Type: string;
  Properties?: Record<string, Cfn>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
}

/**
 * Both stages' templates from the run's one synth (test/support/cdk-assembly.ts: the real wiring,
 * bundles and Lambda entries; nag acknowledgements recorded, not applied to what the nag test reads).
 */
export function synthesized(assembly: Record<StageName, StageAssembly>): Record<StageName, Built> {
  const out = {} as Record<StageName, Built>;
  for (const s of Object.keys(assembly) as StageName[]) {
    const a = assembly[s];
    out[s] = { template: Template.fromJSON(a.template), json: a.template as Built['json'], refs: a.refs, nag: a.nag };
  }
  return out;
}

export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

/** Every statement of every AWS::IAM::Policy attached to the role (by logical id). */
export function roleStatements(built: Built, roleLogicalId: string): Statement[] {
  return Object.values(built.json.Resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy')
    .filter((r) => (r.Properties?.Roles ?? []).some((ref: Cfn) => ref?.Ref === roleLogicalId))
    .flatMap((r) => r.Properties!.PolicyDocument.Statement as Statement[]);
}

/** Order-insensitive canonical form of a statement list, for exact comparison. */
export function canonical(statements: Statement[]): string[] {
  const arr = (x: unknown) => (Array.isArray(x) ? x : [x]);
  return statements
    .map((s) =>
      JSON.stringify({
        Effect: s.Effect ?? 'Allow',
        Action: arr(s.Action).map(String).sort(),
        Resource: arr(s.Resource).map((r) => JSON.stringify(r)).sort(),
        Condition: s.Condition ?? null,
      }),
    )
    .sort();
}

export function resourcesOfType(built: Built, type: string): [string, CfnResource][] {
  return Object.entries(built.json.Resources).filter(([, r]) => r.Type === type);
}

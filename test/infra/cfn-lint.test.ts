// cfn-lint (AWS's CloudFormation linter) on both stages' synthesized templates, for the region they
// target: clean as synthesized,
// and each ignore in infra/cfn-lint.ts still needed (with the ignores stripped, cfn-lint reports
// exactly those rules on exactly those resource types). .ci/run also lints `npm run synth`'s cdk.out.
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { cfnLintIgnores } from '../../infra/cfn-lint.js';
import { defaultRegion } from '../../infra/config.js';
import { stages } from '../support/cdk-assembly.js';
import { useSynth, type Cfn } from './support.js';

const run = promisify(execFile);

async function cfnLintVersion(): Promise<string | undefined> {
  try {
    return (await run('cfn-lint', ['--version'])).stdout.trim();
  } catch {
    return undefined;
  }
}

interface Finding {
  Rule: { Id: string };
  Filename: string;
  Location: { Path: (string | number)[] };
}

/** cfn-lint's JSON findings for the files (exit code 0 = clean; 2/4/6/... = errors/warnings found). */
async function lint(region: string, files: string[]): Promise<Finding[]> {
  try {
    const { stdout } = await run('cfn-lint', ['--format', 'json', '--regions', region, '--', ...files], { maxBuffer: 16 << 20 });
    return JSON.parse(stdout || '[]') as Finding[];
  } catch (e) {
    const err = e as { stdout?: string; code?: number };
    if (typeof err.stdout === 'string' && err.stdout.trim().startsWith('[')) return JSON.parse(err.stdout) as Finding[];
    throw e;
  }
}

const version = await cfnLintVersion();
// CI must lint (.ci/run installs or refuses); elsewhere a machine without cfn-lint skips, saying so.
if (!version && process.env.CI) throw new Error('cfn-lint is not installed (.ci/run installs it)');

const synth = useSynth();

describe.skipIf(!version)(`cfn-lint (${version ?? 'not installed'})`, () => {
  it('passes on every synthesized template; every ignore is still needed', async () => {
    const asIs = stages.map((s) => join(synth.assembly[s].dir, `${synth.assembly[s].refs.stackName}.template.json`));
    // The same templates without the ignores of infra/cfn-lint.ts.
    const stripped = stages.map((s) => {
      const t = structuredClone(synth.assembly[s].template) as { Resources: Record<string, Cfn> };
      for (const r of Object.values(t.Resources)) if (r.Metadata) delete r.Metadata['cfn-lint'];
      const file = join(synth.tmp, `${s}.template.json`);
      writeFileSync(file, JSON.stringify(t));
      return file;
    });
    // The stack's target region (cfn-lint's resource schemas differ per region; its us-east-1 snapshot,
    // the default, predates AWS::CloudWatch::Dashboard's Tags).
    const regions = new Set(
      stages.map((s) => {
        const manifest = JSON.parse(readFileSync(join(synth.assembly[s].dir, 'manifest.json'), 'utf8')) as { artifacts: Record<string, { environment: string }> };
        return manifest.artifacts[synth.assembly[s].refs.stackName]!.environment.split('/').pop()!;
      }),
    );
    expect([...regions]).toEqual([defaultRegion]);
    const findings = await lint(defaultRegion, [...asIs, ...stripped]);
    const describeFinding = (f: Finding) => `${f.Rule.Id} ${f.Filename}: ${f.Location.Path.join('/')}`;
    expect(findings.filter((f) => asIs.includes(f.Filename)).map(describeFinding)).toEqual([]);

    const typeOf = (f: Finding): string => {
      const s = stages[stripped.indexOf(f.Filename)]!;
      const [section, id] = f.Location.Path;
      return section === 'Resources' ? String(synth.assembly[s].template.Resources[String(id)]?.Type) : String(section);
    };
    const found = new Set(findings.map((f) => `${f.Rule.Id} ${typeOf(f)}`));
    const ignored = new Set(cfnLintIgnores.map((i) => `${i.rule} ${i.resourceType}`));
    expect([...found].sort()).toEqual([...ignored].sort());
  }, 120_000);
});

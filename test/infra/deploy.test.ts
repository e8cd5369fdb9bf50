// The deploy path: the region the app targets, and the outputs contract between `npm run deploy`
// (`cdk deploy --outputs-file`) and the typed client / aws-amplify. The outputs file is built from the
// run's synthesized templates (test/support/cdk-synth.assembly.ts): each output's CloudFormation value is
// evaluated with the physical ids AWS would give the resources, shaped as the CDK CLI writes the file.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Amplify } from 'aws-amplify';
import { describe, expect, it } from 'vitest';
import { amplifyConfigFromOutputs, configFromOutputs, realtimeUrlFor } from '../../client/config.js';
import { defaultRegion, stageConfig, targetRegion, type StageName } from '../../infra/config.js';
import { repoRoot } from '../../infra/sivera-stack.js';
import { stages, type StageAssembly } from '../support/cdk-assembly.js';
import { outputs as localOutputs } from '../support/stack.js';
import { useSynth, type Cfn } from './support.js';

const synth = useSynth();

const account = '123456789012';

/** Physical ids as AWS returns them (formats from the Cognito and AppSync API references). */
function physical(logicalId: string, type: string, region: string): { ref: string; attrs: Record<string, string> } {
  const id = logicalId.toLowerCase().replace(/[^a-z0-9]/g, '').padEnd(26, '0').slice(0, 26);
  switch (type) {
    case 'AWS::Cognito::UserPool':
      return { ref: `${region}_${id.slice(0, 9)}`, attrs: {} };
    case 'AWS::Cognito::UserPoolClient':
      return { ref: id, attrs: {} };
    case 'AWS::AppSync::GraphQLApi':
      return {
        ref: `arn:aws:appsync:${region}:${account}:apis/${id}`,
        attrs: { GraphQLUrl: `https://${id}.appsync-api.${region}.amazonaws.com/graphql`, ApiId: id },
      };
    default:
      throw new Error(`an output refers to ${logicalId} (${type}): teach physical() its id format`);
  }
}

/** Evaluates an output's value as CloudFormation would; unknown intrinsics fail the test. */
function evaluate(template: StageAssembly['template'], value: Cfn, region: string): string {
  if (typeof value === 'string') return value;
  if (value?.Ref === 'AWS::Region') return region;
  if (value?.Ref === 'AWS::AccountId') return account;
  if (value?.Ref === 'AWS::Partition') return 'aws';
  if (typeof value?.Ref === 'string') {
    const r = template.Resources[value.Ref];
    if (!r) throw new Error(`Ref to unknown ${value.Ref}`);
    return physical(value.Ref, r.Type, region).ref;
  }
  if (Array.isArray(value?.['Fn::GetAtt'])) {
    const [id, attr] = value['Fn::GetAtt'] as [string, string];
    const r = template.Resources[id];
    const v = r && physical(id, r.Type, region).attrs[attr];
    if (!v) throw new Error(`GetAtt ${id}.${attr} not simulated`);
    return v;
  }
  if (Array.isArray(value?.['Fn::Join'])) {
    const [sep, parts] = value['Fn::Join'] as [string, Cfn[]];
    return parts.map((p) => evaluate(template, p, region)).join(sep);
  }
  throw new Error(`intrinsic not simulated: ${JSON.stringify(value)}`);
}

/** What `cdk deploy --outputs-file` writes for these stacks: { <stack name>: { <output key>: value } }. */
function outputsFile(names: StageName[], region = defaultRegion): string {
  const file: Record<string, Record<string, string>> = {};
  for (const s of names) {
    const { template, refs } = synth.assembly[s];
    file[refs.stackName] = Object.fromEntries(
      Object.entries((template.Outputs ?? {}) as Record<string, { Value: Cfn }>).map(([k, o]) => [k, evaluate(template, o.Value, region)]),
    );
  }
  const path = join(synth.tmp, `outputs-${names.join('-')}.json`);
  writeFileSync(path, JSON.stringify(file, null, 2));
  return path;
}

const read = (path: string): Record<string, unknown> => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;

describe('outputs contract: npm run deploy → typed client and aws-amplify', () => {
  it('npm run deploy is cdk deploy with an outputs file', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.deploy).toMatch(/^cdk deploy\b.*--outputs-file \S+/);
  });

  it.each(stages)('%s: the typed client takes the deployed outputs file as it takes .local/outputs.json', (stage) => {
    const file = read(outputsFile([stage]));
    const stackName = synth.assembly[stage].refs.stackName;
    expect(Object.keys(file)).toEqual([stackName]);
    const config = configFromOutputs(file);
    const o = file[stackName] as Record<string, string>;
    expect(config).toEqual({
      region: defaultRegion,
      graphqlUrl: o.GraphQLUrl,
      realtimeUrl: undefined,
      userPoolId: o.UserPoolId,
      userPoolClientId: o.UserPoolClientId,
      cognitoEndpoint: undefined,
    });
    expect(config.graphqlUrl).toMatch(new RegExp(`^https://[a-z0-9]+\\.appsync-api\\.${defaultRegion}\\.amazonaws\\.com/graphql$`));
    // AppSync's real-time endpoint for the API: same id, appsync-realtime-api host.
    expect(realtimeUrlFor(config)).toBe(config.graphqlUrl.replace('https://', 'wss://').replace('.appsync-api.', '.appsync-realtime-api.'));
  });

  it('aws-amplify v6 is configured from the same file', () => {
    const file = read(outputsFile(['dev']));
    const o = file[synth.assembly.dev.refs.stackName] as Record<string, string>;
    Amplify.configure(amplifyConfigFromOutputs(file) as Parameters<typeof Amplify.configure>[0]);
    const c = Amplify.getConfig();
    expect(c.Auth?.Cognito).toMatchObject({ userPoolId: o.UserPoolId, userPoolClientId: o.UserPoolClientId, loginWith: { email: true } });
    expect(c.Auth?.Cognito.userPoolEndpoint).toBeUndefined();
    expect(c.API?.GraphQL).toMatchObject({ endpoint: o.GraphQLUrl, region: defaultRegion, defaultAuthMode: 'userPool' });
  });

  it('the local outputs keep working through the same functions', () => {
    const local = localOutputs() as unknown as Record<string, unknown>;
    expect(amplifyConfigFromOutputs(local)).toBe(local.amplify);
    expect(configFromOutputs(local)).toMatchObject({ graphqlUrl: localOutputs().graphql!.url, cognitoEndpoint: localOutputs().cognito.endpoint });
  });

  it('a file with both stages needs the stack named; a file without the keys is refused', () => {
    const file = read(outputsFile(['dev', 'prod']));
    expect(() => configFromOutputs(file)).toThrow(/several stacks \(Sivera-dev, Sivera-prod\)/);
    expect(configFromOutputs(file, { stack: 'Sivera-prod' }).userPoolId).toBe((file['Sivera-prod'] as Record<string, string>).UserPoolId);
    expect(() => configFromOutputs(file, { stack: 'Sivera-test' })).toThrow(/no stack "Sivera-test"/);
    expect(() => configFromOutputs({ 'Sivera-dev': { DashboardName: 'dev-sivera' } })).toThrow(/must name the GraphQL URL/);
  });
});

describe('region', () => {
  it('targets Seoul unless -c region or the AWS configuration says otherwise', () => {
    expect(targetRegion(undefined, {})).toBe('ap-northeast-2');
    // The CDK CLI's fallback when it found no region anywhere: not a choice.
    expect(targetRegion(undefined, { CDK_DEFAULT_REGION: 'us-east-1' })).toBe('ap-northeast-2');
    expect(targetRegion(undefined, { CDK_DEFAULT_REGION: 'us-east-1', AWS_REGION: 'us-east-1' })).toBe('us-east-1');
    expect(targetRegion(undefined, { CDK_DEFAULT_REGION: 'us-east-1', AWS_DEFAULT_REGION: 'us-east-1' })).toBe('us-east-1');
    // A profile's region (the CLI passes it as CDK_DEFAULT_REGION without any region env var).
    expect(targetRegion(undefined, { CDK_DEFAULT_REGION: 'eu-west-1' })).toBe('eu-west-1');
    expect(targetRegion('us-west-2', { CDK_DEFAULT_REGION: 'eu-west-1', AWS_REGION: 'eu-west-1' })).toBe('us-west-2');
    expect(() => targetRegion('seoul', {})).toThrow(/-c region must be an AWS region/);
    expect(() => targetRegion(42, {})).toThrow(/-c region must be an AWS region/);
  });

  const regionLiterals = (text: string): string[] => [...new Set(text.match(/\b[a-z]{2}-(?:gov-)?[a-z]+-\d\b/g) ?? [])];

  it.each(stages)('%s: the manifest targets Seoul and the template names no other region', (stage) => {
    const { dir, refs } = synth.assembly[stage];
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { artifacts: Record<string, { environment?: string }> };
    expect(manifest.artifacts[refs.stackName]?.environment).toBe(`aws://unknown-account/${defaultRegion}`);
    const text = readFileSync(join(dir, `${refs.stackName}.template.json`), 'utf8');
    expect(regionLiterals(text)).toEqual([defaultRegion]);
    expect(synth.assembly[stage].template.Outputs?.Region).toEqual({ Value: { Ref: 'AWS::Region' } });
  });

  it('another target region leaves no trace of Seoul or us-east-1 in the template', async () => {
    const { createApp } = await import('../../infra/sivera-stack.js');
    const outdir = join(synth.tmp, 'eu');
    const { app, stack } = createApp({
      config: stageConfig('dev'),
      env: { region: targetRegion('eu-west-1', {}) },
      nag: false,
      skipBundling: true,
      outdir,
      bundleDir: synth.bundleDir,
    });
    app.synth();
    const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as { artifacts: Record<string, { environment?: string }> };
    expect(manifest.artifacts[stack.stackName]?.environment).toBe('aws://unknown-account/eu-west-1');
    expect(regionLiterals(readFileSync(join(outdir, `${stack.stackName}.template.json`), 'utf8'))).toEqual(['eu-west-1']);
  }, 120_000);
});

// The whole of Sivera in one stack, built from the declarations the local stack also reads:
// api/tables.ts, api/lambdas.ts, api/wiring, schema.graphql and the dist/resolvers bundles.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Aws, CfnOutput, Stack, Tags, Validations, type Environment, type StackProps } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { Construct } from 'constructs';
import { lambdas, type LambdaKey } from '../api/lambdas.js';
import { tableEnv, type TableKey } from '../api/tables.js';
import { wiring as sharedWiring, type Wiring } from '../api/wiring/index.js';
import { indexActions, lambdaAccess, type LambdaAccess } from './access.js';
import { applyCfnLintIgnores } from './cfn-lint.js';
import { defaultRegion, platformUrls, type StageConfig } from './config.js';
import { Api } from './constructs/api.js';
import { Auth } from './constructs/auth.js';
import { CredentialKey } from './constructs/credential-key.js';
import { Functions } from './constructs/functions.js';
import { Observability } from './constructs/observability.js';
import { PlatformSecrets } from './constructs/platform-secrets.js';
import { Tables } from './constructs/tables.js';
import { acknowledgeNagFindings } from './nag-suppressions.js';
import { secretParameterEnv } from './platform-secrets.js';
import { enumValues, loadSchema, planWiring } from './wiring-plan.js';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export interface SiveraStackProps extends StackProps {
  readonly config: StageConfig;
  /** Repository root (schema, entries, lock file). @default the checkout this file is in */
  readonly root?: string;
  /** @default api/wiring */
  readonly wiring?: Wiring;
  /** @default <root>/dist/resolvers */
  readonly bundleDir?: string;
  /** Apply infra/nag-suppressions.ts. Off only in the test that proves each one is still needed. @default true */
  readonly acknowledgeNag?: boolean;
}

export class SiveraStack extends Stack {
  readonly tables: Tables;
  readonly credentialKey: CredentialKey;
  readonly platformSecrets: PlatformSecrets;
  readonly functions: Functions;
  readonly auth: Auth;
  readonly api: Api;
  readonly observability: Observability;

  constructor(scope: Construct, id: string, props: SiveraStackProps) {
    super(scope, id, props);
    const { config } = props;
    const root = props.root ?? repoRoot;
    const wiring = props.wiring ?? sharedWiring;
    const schema = loadSchema(root);
    // Fails synth with every mismatch listed before any resource is built.
    const plan = planWiring(wiring, schema, props.bundleDir ?? join(root, 'dist', 'resolvers'));
    const env = tableEnv(config.prefix);

    Tags.of(this).add('project', 'sivera');
    Tags.of(this).add('stage', config.stage);

    this.tables = new Tables(this, 'Tables', { prefix: config.prefix, retainData: config.retainData });
    this.credentialKey = new CredentialKey(this, 'CredentialKey', {
      prefix: config.prefix,
      retainData: config.retainData,
      platforms: enumValues(schema, 'Platform'),
    });
    this.platformSecrets = new PlatformSecrets(this, 'PlatformSecrets', {
      stage: config.stage,
      prefix: config.prefix,
      retainData: config.retainData,
    });
    this.functions = new Functions(this, 'Functions', {
      root,
      prefix: config.prefix,
      retainData: config.retainData,
      logRetention: config.logRetention,
      environment: env,
    });
    for (const key of Object.keys(lambdas) as LambdaKey[]) this.applyLambdaAccess(key, lambdaAccess[key], config);

    this.auth = new Auth(this, 'Auth', {
      prefix: config.prefix,
      retainData: config.retainData,
      postConfirmation: this.functions.byKey.postConfirmation.fn,
    });

    this.api = new Api(this, 'GraphQL', {
      root,
      prefix: config.prefix,
      retainData: config.retainData,
      logRetention: config.logRetention,
      introspection: config.introspection,
      queryDepthLimit: config.queryDepthLimit,
      resolverCountLimit: config.resolverCountLimit,
      environment: env,
      userPool: this.auth.userPool,
      tables: this.tables,
      functions: this.functions,
      wiring,
      plan,
    });
    for (const key of Object.keys(lambdas) as LambdaKey[]) {
      if (!lambdaAccess[key].publishSyncStatus) continue;
      const { fn, role } = this.functions.byKey[key];
      fn.addEnvironment('APPSYNC_GRAPHQL_URL', this.api.api.graphqlUrl);
      // appsync:GraphQL on .../types/Mutation/fields/publishSyncStatus and nothing else.
      this.api.api.grantMutation(role, 'publishSyncStatus');
    }

    this.observability = new Observability(this, 'Observability', {
      prefix: config.prefix,
      stage: config.stage,
      api: this.api.api,
      functions: this.functions,
      tables: this.tables,
      alarmTopicArn: config.alarmTopicArn,
    });

    new CfnOutput(this, 'GraphQLUrl', { value: this.api.api.graphqlUrl });
    // The outputs contract of `npm run deploy` (cdk deploy --outputs-file): client/config.ts reads these keys.
    new CfnOutput(this, 'Region', { value: Aws.REGION });
    new CfnOutput(this, 'UserPoolId', { value: this.auth.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.auth.client.userPoolClientId });
    new CfnOutput(this, 'CredentialKeyAlias', { value: this.credentialKey.alias.aliasName });
    new CfnOutput(this, 'PlatformSecretsKeyAlias', { value: this.platformSecrets.alias.aliasName });
    new CfnOutput(this, 'DashboardName', { value: config.prefix + 'sivera' });

    if (props.acknowledgeNag !== false) acknowledgeNagFindings(this);
    applyCfnLintIgnores(this);
  }

  private applyLambdaAccess(key: LambdaKey, access: LambdaAccess, config: StageConfig): void {
    const { fn, role } = this.functions.byKey[key];
    // dynamodb:LeadingKeys does not apply: each function's role serves every user (a sync job runs for
    // whichever owner's account is queued), so the partition is chosen by code that read the verified
    // identity, not by the credentials the call is signed with.
    for (const [table, t] of Object.entries(access.tables) as [TableKey, LambdaAccess['tables'][TableKey]][]) {
      if (!t || t.actions.length === 0) continue;
      role.addToPolicy(new PolicyStatement({ actions: [...t.actions], resources: [this.tables.byKey[table].tableArn] }));
      const indexArns = (t.indexes ?? []).map((i) => this.tables.indexArn(table, i));
      if (indexArns.length > 0) role.addToPolicy(new PolicyStatement({ actions: [...indexActions], resources: indexArns }));
    }
    if (access.kms && access.kms.length > 0) {
      this.credentialKey.grant(role, access.kms);
      fn.addEnvironment('KMS_KEY_ID', this.credentialKey.key.keyArn);
    }
    if (access.platformSecrets) {
      for (const [name, value] of Object.entries({ ...platformUrls, ...secretParameterEnv(config.stage) })) fn.addEnvironment(name, value);
      this.platformSecrets.grantRead(role);
    }
  }
}

export interface AddStackOptions {
  config: StageConfig;
  /** Run cdk-nag's AwsSolutions pack at synth (unacknowledged findings fail the synth). @default true */
  nag?: boolean;
  /** Apply infra/nag-suppressions.ts. @default true */
  acknowledgeNag?: boolean;
  /** @default { region: 'ap-northeast-2' } (infra/app.ts passes targetRegion's answer) */
  env?: Environment;
  /** @default <repo>/dist/resolvers */
  bundleDir?: string;
}

/** The Sivera stack for a stage, named Sivera-<stage>, with cdk-nag attached to the app. */
export function addSiveraStack(app: App, options: AddStackOptions): SiveraStack {
  const stack = new SiveraStack(app, `Sivera-${options.config.stage}`, {
    config: options.config,
    env: options.env ?? { region: defaultRegion },
    acknowledgeNag: options.acknowledgeNag,
    bundleDir: options.bundleDir,
    description: `Sivera backend (${options.config.stage}): AppSync, Cognito, DynamoDB, Lambda, KMS`,
  });
  if (options.nag !== false) Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return stack;
}

/** For tests: an app with the stack; `skipBundling` leaves the Lambda code out (templates only). */
export function createApp(options: AddStackOptions & { skipBundling?: boolean; outdir?: string }): { app: App; stack: SiveraStack } {
  const app = new App({
    outdir: options.outdir,
    context: options.skipBundling ? { 'aws:cdk:bundling-stacks': [] } : {},
  });
  return { app, stack: addSiveraStack(app, options) };
}

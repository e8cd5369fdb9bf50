// The CDK app (cdk.json): `npm run synth`, `npx cdk synth -c stage=prod`, `npm run deploy -- -c stage=prod`.
import { App } from 'aws-cdk-lib';
import { buildResolvers } from '../scripts/build-resolvers.js';
import { stageConfig, targetRegion } from './config.js';
import { addSiveraStack } from './sivera-stack.js';

// The API deploys dist/resolvers: build it first so a synth never picks up stale bundles.
await buildResolvers();

const app = new App();
const config = stageConfig(app.node.tryGetContext('stage') ?? 'dev', {
  alarmTopicArn: app.node.tryGetContext('alarmTopicArn'),
});
addSiveraStack(app, {
  config,
  // The account is unset offline (no credentials): the template is then account-agnostic. The region is
  // always concrete (Seoul unless told otherwise), so `cdk deploy` never lands in the CLI's us-east-1 fallback.
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: targetRegion(app.node.tryGetContext('region'), process.env) },
});
app.synth();

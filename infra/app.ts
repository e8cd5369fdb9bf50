// The CDK app (cdk.json): `npm run synth`, `npx cdk synth -c stage=prod`, `npx cdk deploy -c stage=prod`.
import { App } from 'aws-cdk-lib';
import { buildResolvers } from '../scripts/build-resolvers.js';
import { stageConfig } from './config.js';
import { addSiveraStack } from './sivera-stack.js';

// The API deploys dist/resolvers: build it first so a synth never picks up stale bundles.
await buildResolvers();

const app = new App();
const config = stageConfig(app.node.tryGetContext('stage') ?? 'dev', {
  alarmTopicArn: app.node.tryGetContext('alarmTopicArn'),
});
addSiveraStack(app, {
  config,
  // Unset offline: the template is then environment-agnostic, which is all synth needs.
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
app.synth();

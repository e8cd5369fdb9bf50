// The configuration the local stack hands its Lambda handlers (createHandler(config)), built from the
// stack's own outputs: its DynamoDB Local, KMS endpoint and key, GraphQL URL, fake platforms and key
// pair. Nothing goes through process.env, so several stacks (tests, benches) can share one process.
// Tests that call a handler or credential-crypto in-process build theirs from the stack's outputs too.
import type { LambdaConfig } from '../lib/node/lambda-config.js';
import type { StackOutputs } from './outputs.js';

export function lambdaConfigOf(o: StackOutputs, appSecrets: LambdaConfig['appSecrets'] = {}): LambdaConfig {
  return {
    aws: { region: o.region, credentials: { ...o.iam }, endpoints: { dynamodb: o.dynamodb.endpoint, kms: o.kms.endpoint } },
    tables: { ...o.dynamodb.tables },
    kmsKeyId: o.kms.keyAlias,
    graphqlUrl: o.graphql?.url,
    platformUrls: { ...o.platforms },
    appSecrets: { ...appSecrets },
  };
}

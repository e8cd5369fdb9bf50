// Where the API lives. Built from the local stack's .local/outputs.json or a deployed stack's outputs.

export interface SiveraConfig {
  region: string;
  /** AppSync GraphQL endpoint (https://…/graphql or the local stack's URL). */
  graphqlUrl: string;
  /** AppSync real-time endpoint (wss://…). Derived from graphqlUrl when absent. */
  realtimeUrl?: string | undefined;
  userPoolId: string;
  userPoolClientId: string;
  /** Cognito endpoint override (the local stack); absent for AWS. */
  cognitoEndpoint?: string | undefined;
}

/**
 * Accepts the local stack's .local/outputs.json (nested: graphql, cognito) or a deployed stack's
 * CloudFormation outputs (flat keys as the CDK app exports them). Unknown shapes fail loudly rather than
 * producing a half-configured client.
 */
export function configFromOutputs(outputs: Record<string, unknown>): SiveraConfig {
  const local = outputs as { graphql?: Record<string, unknown> | null; cognito?: Record<string, unknown> };
  const flat: Record<string, unknown> = {
    ...outputs,
    ...(local.graphql ? { graphqlUrl: local.graphql.url, realtimeUrl: local.graphql.realtimeUrl } : {}),
    ...(local.cognito && typeof local.cognito === 'object'
      ? {
          userPoolId: local.cognito.userPoolId,
          userPoolClientId: local.cognito.userPoolClientId,
          cognitoEndpoint: local.cognito.endpoint,
        }
      : {}),
  };
  const pick = (...keys: string[]): string | undefined => {
    for (const k of keys) {
      const v = flat[k];
      if (typeof v === 'string' && v) return v;
    }
    return undefined;
  };
  const graphqlUrl = pick('graphqlUrl', 'GraphqlUrl');
  const userPoolId = pick('userPoolId', 'UserPoolId');
  const userPoolClientId = pick('userPoolClientId', 'UserPoolClientId');
  if (!graphqlUrl || !userPoolId || !userPoolClientId) {
    throw new Error('outputs must name the GraphQL URL, the user pool id and the user pool client id');
  }
  return {
    region: pick('region', 'Region') ?? 'ap-northeast-2',
    graphqlUrl,
    realtimeUrl: pick('realtimeUrl', 'RealtimeUrl'),
    userPoolId,
    userPoolClientId,
    cognitoEndpoint: pick('cognitoEndpoint', 'CognitoEndpoint'),
  };
}

/** AppSync's own rule: the AWS endpoint's real-time host is appsync-realtime-api; other URLs get /realtime. */
export function realtimeUrlFor(config: SiveraConfig): string {
  if (config.realtimeUrl) return config.realtimeUrl;
  const url = new URL(config.graphqlUrl);
  if (url.hostname.includes('.appsync-api.')) {
    url.hostname = url.hostname.replace('.appsync-api.', '.appsync-realtime-api.');
  } else {
    url.pathname = `${url.pathname.replace(/\/$/, '')}/realtime`;
  }
  url.protocol = url.protocol === 'http:' ? 'ws:' : 'wss:';
  return url.toString();
}

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

/** The output keys of the CDK stack (infra/sivera-stack.ts) this client needs; the stack exports more. */
const stackOutputKeys = ['GraphQLUrl', 'Region', 'UserPoolId', 'UserPoolClientId'] as const;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The one stack's outputs inside the file `cdk deploy --outputs-file` writes (`npm run deploy`):
 * `{ "Sivera-dev": { GraphQLUrl, Region, UserPoolId, UserPoolClientId, ... } }`. `stack` picks one
 * when the file holds several. Returns the input itself when it is not such a file.
 */
function stackOutputs(outputs: Record<string, unknown>, stack?: string): Record<string, unknown> {
  const stacks = Object.entries(outputs).filter(
    ([, v]) => isRecord(v) && stackOutputKeys.some((k) => typeof v[k] === 'string'),
  ) as [string, Record<string, unknown>][];
  if (stack !== undefined) {
    const found = stacks.find(([name]) => name === stack);
    if (!found) throw new Error(`outputs have no stack ${JSON.stringify(stack)} (found: ${stacks.map(([n]) => n).join(', ') || 'none'})`);
    return found[1];
  }
  if (stacks.length > 1) throw new Error(`outputs hold several stacks (${stacks.map(([n]) => n).join(', ')}): name one`);
  return stacks[0]?.[1] ?? outputs;
}

/**
 * Accepts the local stack's .local/outputs.json (nested: graphql, cognito), the file `npm run deploy`
 * writes (`cdk deploy --outputs-file`: outputs by stack name, keys as infra/sivera-stack.ts exports
 * them) or one stack's flat outputs. Unknown shapes fail loudly rather than producing a
 * half-configured client.
 */
export function configFromOutputs(outputs: Record<string, unknown>, options: { stack?: string } = {}): SiveraConfig {
  const local = outputs as { graphql?: Record<string, unknown> | null; cognito?: Record<string, unknown> };
  const isLocal = isRecord(local.cognito);
  const flat: Record<string, unknown> = isLocal
    ? {
        ...outputs,
        ...(local.graphql ? { graphqlUrl: local.graphql.url, realtimeUrl: local.graphql.realtimeUrl } : {}),
        userPoolId: local.cognito!.userPoolId,
        userPoolClientId: local.cognito!.userPoolClientId,
        cognitoEndpoint: local.cognito!.endpoint,
      }
    : stackOutputs(outputs, options.stack);
  const pick = (...keys: string[]): string | undefined => {
    for (const k of keys) {
      const v = flat[k];
      if (typeof v === 'string' && v) return v;
    }
    return undefined;
  };
  const graphqlUrl = pick('graphqlUrl', 'GraphQLUrl');
  const userPoolId = pick('userPoolId', 'UserPoolId');
  const userPoolClientId = pick('userPoolClientId', 'UserPoolClientId');
  if (!graphqlUrl || !userPoolId || !userPoolClientId) {
    throw new Error('outputs must name the GraphQL URL, the user pool id and the user pool client id');
  }
  // A pool id starts with its region (ap-northeast-2_AbC123): the fallback when no region is named.
  const region = pick('region', 'Region') ?? /^([a-z]{2}(?:-[a-z]+)+-\d)_/.exec(userPoolId)?.[1];
  if (!region) throw new Error('outputs must name the region');
  return {
    region,
    graphqlUrl,
    realtimeUrl: pick('realtimeUrl', 'RealtimeUrl'),
    userPoolId,
    userPoolClientId,
    cognitoEndpoint: pick('cognitoEndpoint', 'CognitoEndpoint'),
  };
}

/**
 * aws-amplify v6's configuration (`Amplify.configure(...)`) from the same outputs configFromOutputs
 * takes: the local stack's ready-made `amplify` entry as is (it points Auth at the local Cognito
 * endpoint and the API at the HTTPS twin), else built from the deployed stack's outputs.
 */
export function amplifyConfigFromOutputs(outputs: Record<string, unknown>, options: { stack?: string } = {}): Record<string, unknown> {
  if (isRecord(outputs.cognito) && isRecord(outputs.amplify)) return outputs.amplify;
  const c = configFromOutputs(outputs, options);
  return {
    Auth: {
      Cognito: {
        userPoolId: c.userPoolId,
        userPoolClientId: c.userPoolClientId,
        ...(c.cognitoEndpoint ? { userPoolEndpoint: c.cognitoEndpoint } : {}),
        loginWith: { email: true },
        signUpVerificationMethod: 'code',
      },
    },
    API: { GraphQL: { endpoint: c.graphqlUrl, region: c.region, defaultAuthMode: 'userPool' } },
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

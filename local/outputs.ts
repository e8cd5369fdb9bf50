// What a running stack tells its users: written to .local/outputs.json by `npm start` and handed to
// test workers by vitest's global setup. Plain JSON, so any process (or a browser) can use it.
import { writePrivateFile } from './services/files.js';
import type { LambdaKey } from '../api/lambdas.js';
import type { TableKey } from '../api/tables.js';

export interface DemoUserOutput {
  email: string;
  password: string;
  name: string;
  role: string;
}

export interface StackOutputs {
  region: string;
  accountId: string;
  graphql: {
    /** http://127.0.0.1:<port>/graphql (POST, AppSync request/response format). */
    url: string;
    /** ws://…/graphql/realtime (AppSync real-time protocol). */
    realtimeUrl: string;
    /** HTTPS/WSS twin for aws-amplify (which only speaks wss:// to a non-AWS URL); trust certPath. */
    httpsUrl?: string;
    httpsRealtimeUrl?: string;
    certPath?: string;
    /** GraphiQL, signed in as the first demo user. */
    graphiqlUrl: string;
  } | null;
  cognito: {
    /** Pass as the SDK endpoint / Amplify's `userPoolEndpoint`. */
    endpoint: string;
    userPoolId: string;
    userPoolClientId: string;
    issuer: string;
    jwksUri: string;
    /** The fixed code that confirms every local sign-up (and forgot-password). */
    confirmationCode: string;
    passwordPolicy: { minimumLength: number; requireUppercase: boolean; requireLowercase: boolean; requireNumbers: boolean; requireSymbols: boolean };
  };
  dynamodb: { endpoint: string; tablePrefix: string; tables: Record<TableKey, string> };
  kms: { endpoint: string; keyAlias: string; keyArn: string; /** POST a KmsFault / DELETE [/id] (tests only). */ faultsUrl: string };
  lambda: { endpoint: string; functions: Record<LambdaKey, string> };
  /** Base URLs of the fake ad platforms (the env vars the sync Lambda reads); null when not running. */
  platforms: Record<string, string> | null;
  /** This install's IAM key pair (generated at its first start): the stack's IAM mode (SigV4) and its AWS endpoints accept only it. */
  iam: { accessKeyId: string; secretAccessKey: string };
  /** File (0600) holding the install's secrets, the Cognito token-signing key included (for tests that mint tokens). */
  secretsPath: string;
  /**
   * A deployed function's environment pointed at this stack (table names, endpoints, keys, KMS key, platform
   * URLs, GraphQL URL): what a built bundle's `handler` export reads. The stack's own handlers are not
   * given it: they get local/lambda-config.ts's config object.
   */
  env: Record<string, string>;
  stackLogPath: string;
  demoUsers: DemoUserOutput[];
  /** Ready-made aws-amplify v6 configuration (Amplify.configure(outputs.amplify)). */
  amplify: Record<string, unknown>;
}

export function amplifyConfig(o: Omit<StackOutputs, 'amplify'>): Record<string, unknown> {
  return {
    Auth: {
      Cognito: {
        userPoolId: o.cognito.userPoolId,
        userPoolClientId: o.cognito.userPoolClientId,
        userPoolEndpoint: o.cognito.endpoint,
        loginWith: { email: true },
        signUpVerificationMethod: 'code',
        passwordFormat: o.cognito.passwordPolicy,
      },
    },
    ...(o.graphql
      ? {
          API: {
            GraphQL: {
              // Amplify's real-time client needs TLS for a non-AWS URL: prefer the HTTPS twin.
              endpoint: o.graphql.httpsUrl ?? o.graphql.url,
              region: o.region,
              defaultAuthMode: 'userPool',
            },
          },
        }
      : {}),
  };
}

/** Written atomically (a reader never sees half a file) and 0600: it holds the IAM secret and demo passwords. */
export function writeOutputs(file: string, outputs: StackOutputs): void {
  writePrivateFile(file, `${JSON.stringify(outputs, null, 2)}\n`);
}

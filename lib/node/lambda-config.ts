// The Lambdas' configuration as one typed object, passed down explicitly. Each handler module exports
// `createHandler(config)`; its deployed `handler` export reads the function's environment once, at the
// first invocation (Lambda's configuration IS its environment), and nothing below the handler reads
// process.env. So the local stack can run each of several stacks' handlers in one process, each with
// its own tables, endpoints, keys and URLs.
import type { TableKey } from '../../api/tables.js';
import type { LogLevel } from './logger.js';
import { PLATFORM_URL_VARS, type AdapterEnv } from './platforms/types.js';

/** How the functions' AWS SDK clients reach AWS (or the local stack's endpoints). */
export interface AwsConfig {
  region: string;
  /** A fixed key pair (the local stack's); undefined: the SDK's default chain (the function's role in AWS). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Per-service endpoints (the local stack's); undefined: the SDK's own resolution (AWS, or its AWS_ENDPOINT_URL_* variables). */
  endpoints?: { dynamodb?: string; kms?: string; ssm?: string };
}

export interface LambdaConfig {
  aws: AwsConfig;
  /** Table names by key; a function reads only those it uses. */
  tables: Partial<Record<TableKey, string>>;
  /** The credentials key (ARN or alias) for envelope encryption. */
  kmsKeyId?: string;
  /** The GraphQL endpoint publishSyncStatus is posted to (SigV4, service appsync). */
  graphqlUrl?: string;
  /** Ad-platform base URLs (unset: the platforms' production URLs). */
  platformUrls: AdapterEnv;
  /**
   * App-level platform secrets as infra/platform-secrets.ts names them: `<VAR>` holds a value (local),
   * `<VAR>_PARAM` names an SSM parameter (the cloud).
   */
  appSecrets: Record<string, string | undefined>;
  /** Minimum gap between Kakao report calls (tests shorten it). */
  kakaoReportIntervalMs?: number;
  logLevel?: LogLevel;
}

/** What every function reads from its environment the same way. */
export function baseConfigFromEnv(env: Record<string, string | undefined>): Pick<LambdaConfig, 'aws' | 'logLevel'> {
  // Region, credentials and endpoints are left to the SDK's default resolution, as before: AWS_REGION
  // is read here only because the publisher signs with it.
  const level = (env.LOG_LEVEL ?? '').toLowerCase();
  return {
    aws: { region: env.AWS_REGION ?? 'us-east-1' },
    logLevel: level === 'debug' || level === 'info' || level === 'warn' || level === 'error' ? level : undefined,
  };
}

/** The ad-platform base URLs infra/ sets (infra/config.ts platformUrls), each read by name. */
export function platformUrlsFromEnv(env: Record<string, string | undefined>): AdapterEnv {
  return Object.fromEntries(PLATFORM_URL_VARS.map((name) => [name, env[name]]));
}

/** Client options for one service: only what the config sets, so the SDK resolves the rest as usual. */
export function clientOptions(aws: AwsConfig, service: keyof NonNullable<AwsConfig['endpoints']>): { region: string; credentials?: AwsConfig['credentials']; endpoint?: string } {
  const endpoint = aws.endpoints?.[service];
  return { region: aws.region, ...(aws.credentials ? { credentials: aws.credentials } : {}), ...(endpoint ? { endpoint } : {}) };
}

/**
 * The deployed export: `make` (createHandler over the environment) runs at the first invocation, not at
 * import, so importing a handler module has no effect and reads nothing.
 */
export function handlerOnFirstCall<A extends unknown[], R>(make: () => (...args: A) => R): (...args: A) => R {
  let h: ((...args: A) => R) | undefined;
  return (...args: A) => (h ??= make())(...args);
}

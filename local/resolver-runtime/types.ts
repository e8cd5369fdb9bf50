// The contract between the local APPSYNC_JS resolver runtime (local/resolver-runtime/) and the local
// GraphQL endpoint (local/graphql-endpoint/): the endpoint parses, validates and authorizes a request,
// then asks the executor to resolve each field that has a resolver in the wiring.
import type { Wiring } from '../../api/wiring/index.js';

/** An error as AppSync puts it in the GraphQL response's `errors` (path/locations added by the endpoint). */
export interface AppSyncError {
  message: string;
  errorType?: string;
  errorInfo?: unknown;
  data?: unknown;
}

export interface FieldInvocation {
  typeName: string;
  fieldName: string;
  arguments: Record<string, unknown>;
  /** Parent value; {} for root fields. */
  source: Record<string, unknown> | null;
  /** ctx.identity as AppSync builds it for the request's auth mode (null for none). */
  identity: Record<string, unknown> | null;
  request: { headers: Record<string, string | string[]>; domainName: string | null };
  info: {
    fieldName: string;
    parentTypeName: string;
    variables: Record<string, unknown>;
    selectionSetList: string[];
    selectionSetGraphQL: string;
  };
  /**
   * Optional: util.authType()'s answer ("User Pool Authorization", "IAM Authorization", "API Key
   * Authorization", "Open ID Connect Authorization", "Lambda Authorization"). The endpoint sets it from
   * the mode that authenticated the request (graphql-endpoint/auth-modes.ts); derived from the identity
   * shape when absent (callers that build invocations themselves).
   */
  authType?: string;
}

export interface FieldOutcome {
  /** The field's value (null when the resolver errored without a value). */
  data: unknown;
  /** util.error (fatal, data null) and util.appendError (data kept) errors, in order. */
  errors: AppSyncError[];
  /** Subscription resolvers only: what extensions.setSubscriptionFilter / setSubscriptionInvalidationFilter set. */
  subscriptionFilter?: unknown;
  subscriptionInvalidationFilter?: unknown;
  /** Mutation resolvers only: what extensions.invalidateSubscriptions asked for. */
  invalidations?: unknown[];
  /** Mutation resolvers only: what extensions.evictFromApiCache asked for ({ typeName, fieldName, keyValuePair }). */
  evictions?: unknown[];
  /** What util.http.addResponseHeader(s) set (the endpoint adds them to the HTTP response). */
  responseHeaders?: Record<string, string>;
}

export interface ResolverExecutor {
  /** True when the wiring has a resolver on typeName.fieldName. */
  has(typeName: string, fieldName: string): boolean;
  execute(invocation: FieldInvocation): Promise<FieldOutcome>;
}

export interface LambdaInvoker {
  /**
   * Invoke a project Lambda (RequestResponse returns its result; Event returns undefined at once).
   * A function error rejects with an Error whose `name` (or `errorType`) is the Lambda errorType and
   * whose `message` (or `errorMessage`) is the errorMessage.
   */
  invoke(functionName: string, payload: unknown, invocationType: 'RequestResponse' | 'Event'): Promise<unknown>;
}

export interface ExecutorOptions {
  wiring: Wiring;
  /** Folder holding the esbuild bundles (dist/resolvers). */
  bundleDir: string;
  /** DynamoDB endpoint the AMAZON_DYNAMODB data sources use (DynamoDB Local). */
  dynamodb: { endpoint: string; region: string; tablePrefix: string };
  lambda: LambdaInvoker;
  /** ctx.env */
  env: Record<string, string>;
  /** Per-handler evaluation time limit; runaway code fails with "Execution timed out." (default 5000 ms). */
  handlerTimeoutMs?: number;
  /**
   * Run handlers that no I/O separates in one call into the sandbox (default true). false: one call per
   * handler, as the conformance tests compare.
   */
  chainHandlers?: boolean;
  /** Receives console.log/console.error lines of resolver code ("INFO - code.js:5:3: ..."). */
  onLog?: (line: string, field: { typeName: string; fieldName: string }) => void;
}

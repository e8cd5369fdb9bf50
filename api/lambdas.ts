// The project's Lambda functions. infra/ deploys each with NodejsFunction from `entry`; the local
// stack's Invoke endpoint imports the same module and calls the same export.

export type LambdaKey = 'postConfirmation' | 'credentials' | 'sync' | 'syncFailed';

export interface LambdaDef {
  key: LambdaKey;
  /** Function name (locally the Invoke API's name; in the cloud a suffix of the physical name). */
  functionName: string;
  /** Module path from the repository root. */
  entry: string;
  handler: 'handler';
  /** Seconds. */
  timeout: number;
  memorySize: number;
  /**
   * Asynchronous (InvocationType Event) invocations: how often Lambda retries a failed one, how old an
   * event may get in the queue, and which function receives the failure record once it gives up
   * (Lambda's on-failure destination). infra/ configures the same; the local Invoke endpoint honours it.
   */
  async?: { retryAttempts: 0 | 1 | 2; maxEventAgeSeconds: number; onFailure: LambdaKey };
}

export const lambdas: Record<LambdaKey, LambdaDef> = {
  postConfirmation: {
    key: 'postConfirmation',
    functionName: 'sivera-post-confirmation',
    entry: 'domains/users-teams/lambda/handler.ts',
    handler: 'handler',
    timeout: 10,
    memorySize: 256,
  },
  credentials: {
    key: 'credentials',
    functionName: 'sivera-credentials',
    entry: 'domains/credentials/lambda/handler.ts',
    handler: 'handler',
    timeout: 15,
    memorySize: 256,
  },
  sync: {
    key: 'sync',
    functionName: 'sivera-sync',
    entry: 'domains/sync/lambda/handler.ts',
    handler: 'handler',
    timeout: 900,
    memorySize: 1024,
    // One retry (a crash before the lease is renewed resumes under the same syncId); then the failure
    // record goes to syncFailed, which marks the sync FAILED and publishes it. An hour covers Lambda's
    // throttling retries; a sync still queued after its QUEUED lease is reported FAILED by the staleness rule.
    async: { retryAttempts: 1, maxEventAgeSeconds: 3600, onFailure: 'syncFailed' },
  },
  // On-failure destination of sync, and the stale-sync check syncStatus starts: ends a sync that
  // cannot finish any more as FAILED with a reason, and publishes it.
  syncFailed: {
    key: 'syncFailed',
    functionName: 'sivera-sync-failed',
    entry: 'domains/sync/lambda/failed-handler.ts',
    handler: 'handler',
    timeout: 30,
    memorySize: 256,
  },
};

// The project's Lambda functions. infra/ deploys each with NodejsFunction from `entry`; the local
// stack's Invoke endpoint imports the same module and calls the same export.

export type LambdaKey = 'postConfirmation' | 'credentials' | 'sync';

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
}

export const lambdas: Record<LambdaKey, LambdaDef> = {
  postConfirmation: {
    key: 'postConfirmation',
    functionName: 'sivera-post-confirmation',
    entry: 'functions/post-confirmation/handler.ts',
    handler: 'handler',
    timeout: 10,
    memorySize: 256,
  },
  credentials: {
    key: 'credentials',
    functionName: 'sivera-credentials',
    entry: 'functions/credentials/handler.ts',
    handler: 'handler',
    timeout: 15,
    memorySize: 256,
  },
  sync: {
    key: 'sync',
    functionName: 'sivera-sync',
    entry: 'functions/sync/handler.ts',
    handler: 'handler',
    timeout: 900,
    memorySize: 1024,
  },
};

// Lambda data source `credentialsFunction` for connectPlatformAccount, disconnectPlatformAccount and
// setPlatformAccountStatus. The resolver sends { fieldName, arguments, identity }; the owner is
// identity.sub, always (these operations take no ownerId: only the data owner may call them).
// A user mistake (ValidationError, NotFound, Conflict, a missing identity) is an answer, not a Lambda
// error: the handler returns { error: { type, message } } and the resolver raises it with util.error, so
// the function's Errors metric (and the sivera-credentials-errors alarm) counts only faults. Faults are
// thrown (name = errorType): InternalError, and a KMS key that refuses the function. Anything
// unexpected becomes a generic InternalError so no SDK message (which could quote a request) reaches
// the client.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tableEnvVar } from '../../../api/tables.js';
import { credentialKms, encryptCredentials } from '../../../lib/node/credential-crypto.js';
import { AppError, isAppError, type ErrorType } from '../../../lib/node/errors.js';
import { baseConfigFromEnv, clientOptions, handlerOnFirstCall, type LambdaConfig } from '../../../lib/node/lambda-config.js';
import { createLogger, registerSecrets, type Logger } from '../../../lib/node/logger.js';
import {
  connectPlatformAccount,
  disconnectPlatformAccount,
  setPlatformAccountStatus,
  type CredentialsDeps,
} from './operations.js';

export interface CredentialsEvent {
  fieldName?: string;
  arguments?: Record<string, unknown>;
  identity?: { sub?: unknown } | null;
}

export type CredentialsConfig = Pick<LambdaConfig, 'aws' | 'tables' | 'kmsKeyId' | 'logLevel'>;

/** The function's configuration as infra/ sets it (the local stack passes its own to createHandler). */
export function configFromEnv(env: Record<string, string | undefined>): CredentialsConfig {
  return { ...baseConfigFromEnv(env), tables: { platformCredentials: env[tableEnvVar.platformCredentials] }, kmsKeyId: env.KMS_KEY_ID };
}

/** The operations' dependencies, built once per handler from its config. */
function depsFrom(config: CredentialsConfig, log: Logger): () => CredentialsDeps {
  // Timeouts keep three attempts inside the 15 s function timeout.
  const ddb = DynamoDBDocumentClient.from(
    new DynamoDBClient({ ...clientOptions(config.aws, 'dynamodb'), requestHandler: { connectionTimeout: 2_000, requestTimeout: 3_000 } }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  const kms = credentialKms(config.aws, config.kmsKeyId);
  const encrypt: CredentialsDeps['encrypt'] = (ctx, credentials) => encryptCredentials(kms, ctx, credentials);
  return () => {
    const table = config.tables.platformCredentials;
    if (!table) throw new AppError('InternalError', 'The credentials store is not configured.');
    return { ddb, table, encrypt, log };
  };
}

/** Cognito subs are UUIDs; anything with the key separator or whitespace could address another partition. */
function ownerOf(event: CredentialsEvent): string {
  const sub = event.identity?.sub;
  if (typeof sub !== 'string' || !/^[^#\s]{1,128}$/.test(sub)) {
    throw new AppError('Unauthorized', 'Only a signed-in user can manage their ad account credentials.');
  }
  return sub;
}

/** Account identifiers inside credentials (not secrets; they equal the logged accountId). */
const ID_FIELDS = new Set(['customerId', 'loginCustomerId']);

/** The submitted credentials minus the id fields, so identifiers stay readable in logs. */
function secretLeaves(credentials: unknown): unknown {
  let value = credentials;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return credentials; // unparseable: scrub the whole string
    }
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => !ID_FIELDS.has(k)));
}

/** A user mistake answered as data (resolvers/lib/credentials-lambda.ts raises it as a GraphQL error). */
export interface CredentialsErrorAnswer {
  error: { type: ErrorType; message: string };
}

/** Faults: something the caller cannot fix. The KMS refusal keeps its Unauthorized type but is a deployment fault. */
function isFault(e: AppError): boolean {
  return e.name === 'InternalError' || e.info?.kms !== undefined;
}

export function createHandler(config: CredentialsConfig): (event: CredentialsEvent) => Promise<unknown> {
  const baseLog = createLogger({ fn: 'credentials' }, { level: config.logLevel });
  const deps = depsFrom(config, baseLog);
  return (event) => handle(event, deps, baseLog);
}

export const handler = handlerOnFirstCall(() => createHandler(configFromEnv(process.env)));

async function handle(event: CredentialsEvent, deps: () => CredentialsDeps, baseLog: Logger): Promise<unknown> {
  const args = event?.arguments ?? {};
  // Register the submitted secrets before anything can log or throw: from here on they are
  // scrubbed from every log line, even if validation later rejects them.
  const input = args.input as { credentials?: unknown } | undefined;
  const release = registerSecrets(secretLeaves(input?.credentials));
  const started = Date.now();
  const fieldName = event?.fieldName;
  try {
    const owner = ownerOf(event);
    switch (fieldName) {
      case 'connectPlatformAccount':
        return await connectPlatformAccount(deps(), owner, args.input);
      case 'disconnectPlatformAccount':
        return await disconnectPlatformAccount(deps(), owner, args);
      case 'setPlatformAccountStatus':
        return await setPlatformAccountStatus(deps(), owner, args);
      default:
        throw new AppError('InternalError', 'This operation is not handled by the credentials function.');
    }
  } catch (err) {
    const appErr = isAppError(err) ? err : new AppError('InternalError', 'Something went wrong; nothing was changed.');
    const fault = isFault(appErr);
    baseLog[fault ? 'error' : 'info']('request failed', {
      fieldName,
      errorType: appErr.name,
      info: appErr.info,
      // The unexpected error itself, redacted; expected AppErrors carry nothing more to say.
      cause: isAppError(err) ? undefined : err,
      durationMs: Date.now() - started,
    });
    if (!fault) return { error: { type: appErr.name, message: appErr.message } } satisfies CredentialsErrorAnswer;
    // A fresh error: only name and message cross the Lambda boundary.
    const out = new Error(appErr.message);
    out.name = appErr.name;
    throw out;
  } finally {
    release();
  }
}

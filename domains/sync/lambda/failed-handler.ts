// syncFailed Lambda: ends a sync that can no longer end by itself as FAILED with a reason, stores it as the
// account's lastSync (store.ts), then publishes it through publishSyncStatus, so syncStatus and onSyncStatusChanged
// subscribers both see it. Two callers:
// - Lambda, as the sync function's on-failure destination (api/lambdas.ts `async`): an invocation record
//   once the retries are exhausted (crash, timeout, out of memory) or the event grew too old in the queue;
// - the syncStatus query, when it found the sync QUEUED/RUNNING past its lease ({ staleSyncId }): the
//   update re-checks the lease, so a reader can never fail a live sync.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tableEnvVar } from '../../../api/tables.js';
import { baseConfigFromEnv, clientOptions, handlerOnFirstCall, type LambdaConfig } from '../../../lib/node/lambda-config.js';
import { createLogger, type Logger } from '../../../lib/node/logger.js';
import { emitSyncFailure } from './metrics.js';
import { statusSinkFor } from './publisher.js';
import type { StatusSink } from './status.js';
import { UNFINISHED_MESSAGE } from '../rules.js';
import { failUnfinished, type Tables } from './store.js';
import { decodeSyncId } from './sync-id.js';


/** Lambda's invocation record for an asynchronous invocation that failed (the fields used here). */
export interface FailureRecord {
  requestContext?: { condition?: string; approximateInvokeCount?: number };
  requestPayload?: { syncId?: unknown } & Record<string, unknown>;
  responsePayload?: { errorType?: unknown } | null;
}

export type SyncFailedEvent = FailureRecord | { staleSyncId?: unknown };

export interface SyncFailedDeps {
  ddb: DynamoDBDocumentClient;
  tables: Tables;
  sink: StatusSink;
  log: Logger;
  now?: () => number;
}

/** The reason a user reads. Only Lambda's error type is quoted: error messages may carry anything. */
export function failureMessage(record: FailureRecord): string {
  const ctx = record.requestContext ?? {};
  if (ctx.condition === 'EventAgeExceeded') return 'sync did not finish: the sync function did not start in time; start a new sync';
  const type = typeof record.responsePayload?.errorType === 'string' && /^[A-Za-z0-9_.]{1,80}$/.test(record.responsePayload.errorType) ? record.responsePayload.errorType : 'error';
  const attempts = typeof ctx.approximateInvokeCount === 'number' && ctx.approximateInvokeCount > 0 ? ctx.approximateInvokeCount : 1;
  return `sync did not finish: the sync function failed (${type}) ${attempts === 1 ? 'once' : `${attempts} times`}; start a new sync`;
}

export async function endUnfinishedSync(deps: SyncFailedDeps, event: SyncFailedEvent): Promise<{ ended: boolean }> {
  const log = deps.log;
  const now = (deps.now ?? Date.now)();
  const stale = 'staleSyncId' in event;
  const syncId = stale ? event.staleSyncId : (event as FailureRecord).requestPayload?.syncId;
  const key = typeof syncId === 'string' ? decodeSyncId(syncId) : null;
  if (!key || typeof syncId !== 'string') {
    log.error('rejected an event without a valid syncId');
    return { ended: false };
  }
  const message = stale ? UNFINISHED_MESSAGE : failureMessage(event as FailureRecord);
  const ended = await failUnfinished(deps.ddb, deps.tables, key, syncId, { now, message, onlyIfStale: stale });
  log.info(ended ? 'unfinished sync ended as FAILED' : 'sync had already ended or is alive', {
    userId: key.ownerId,
    platform: key.platform,
    accountId: key.accountId,
    outcome: ended ? 'failed' : 'unchanged',
    source: stale ? 'stale' : 'destination',
  });
  if (!ended) return { ended: false };
  emitSyncFailure();
  await deps.sink.publish(ended);
  return { ended: true };
}

export type SyncFailedConfig = Pick<LambdaConfig, 'aws' | 'tables' | 'graphqlUrl' | 'logLevel'>;

/** The function's configuration as infra/ sets it (the local stack passes its own to createHandler). */
export function configFromEnv(env: Record<string, string | undefined>): SyncFailedConfig {
  return {
    ...baseConfigFromEnv(env),
    tables: { platformCredentials: env[tableEnvVar.platformCredentials], campaigns: env[tableEnvVar.campaigns] },
    graphqlUrl: env.APPSYNC_GRAPHQL_URL,
  };
}

export function createHandler(config: SyncFailedConfig): (event: SyncFailedEvent) => Promise<{ ended: boolean }> {
  const log = createLogger({ fn: 'sync-failed' }, { level: config.logLevel });
  const deps: SyncFailedDeps = {
    ddb: DynamoDBDocumentClient.from(new DynamoDBClient(clientOptions(config.aws, 'dynamodb')), { marshallOptions: { removeUndefinedValues: true } }),
    tables: {
      credentials: config.tables.platformCredentials ?? 'sivera-platform-credentials',
      campaigns: config.tables.campaigns ?? 'sivera-campaigns',
    },
    sink: statusSinkFor(config, log),
    log,
  };
  return async (event) => {
    if (!event || typeof event !== 'object') return { ended: false };
    return endUnfinishedSync(deps, event);
  };
}

export const handler = handlerOnFirstCall(() => createHandler(configFromEnv(process.env)));

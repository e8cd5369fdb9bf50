// Sync Lambda: invoked asynchronously (InvocationType Event) by the syncCampaigns resolver with
// { syncId, ownerId, platform, accountId, from?, to? }. Thin: validates the event and runs the engine.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isPlatform } from '../../../api/platforms.js';
import { tableEnvVar } from '../../../api/tables.js';
import { platformSecrets } from '../../../infra/platform-secrets.js';
import { credentialKms, decryptCredentials } from '../../../lib/node/credential-crypto.js';
import { baseConfigFromEnv, clientOptions, handlerOnFirstCall, platformUrlsFromEnv, type LambdaConfig } from '../../../lib/node/lambda-config.js';
import { createLogger } from '../../../lib/node/logger.js';
import type { AppSecrets } from '../../../lib/node/platforms/types.js';
import { appSecretsReader } from './app-secrets.js';
import { runSync, type SyncEvent } from './engine.js';
import { statusSinkFor } from './publisher.js';
import { decodeSyncId } from './sync-id.js';

export type SyncConfig = Pick<LambdaConfig, 'aws' | 'tables' | 'kmsKeyId' | 'graphqlUrl' | 'platformUrls' | 'appSecrets' | 'kakaoReportIntervalMs' | 'logLevel'>;

/** The function's configuration as infra/ sets it (the local stack passes its own to createHandler). */
export function configFromEnv(env: Record<string, string | undefined>): SyncConfig {
  return {
    ...baseConfigFromEnv(env),
    tables: { platformCredentials: env[tableEnvVar.platformCredentials], campaigns: env[tableEnvVar.campaigns] },
    kmsKeyId: env.KMS_KEY_ID,
    graphqlUrl: env.APPSYNC_GRAPHQL_URL,
    platformUrls: platformUrlsFromEnv(env),
    // `<VAR>_PARAM` in the cloud (SSM parameter names), `<VAR>` where a value is set directly.
    appSecrets: Object.fromEntries(platformSecrets.flatMap((s) => [s.envVar, `${s.envVar}_PARAM`]).map((k) => [k, env[k]])),
    kakaoReportIntervalMs: env.KAKAO_REPORT_INTERVAL_MS ? Number(env.KAKAO_REPORT_INTERVAL_MS) : undefined,
  };
}

/** Leaves time to flush writes and store the final state before Lambda's own timeout. */
const SAFETY_MS = 60_000;

type SyncContext = { getRemainingTimeInMillis?: () => number };

export function createHandler(config: SyncConfig): (event: SyncEvent, context?: SyncContext) => Promise<{ state: string } | null> {
  const log = createLogger({ fn: 'sync' }, { level: config.logLevel });
  const ddb = DynamoDBDocumentClient.from(new DynamoDBClient(clientOptions(config.aws, 'dynamodb')), { marshallOptions: { removeUndefinedValues: true } });
  const kms = credentialKms(config.aws, config.kmsKeyId);
  const appSecrets = appSecretsReader(config.appSecrets, config.aws, log);
  const sink = statusSinkFor(config, log);
  const tables = {
    credentials: config.tables.platformCredentials ?? 'sivera-platform-credentials',
    campaigns: config.tables.campaigns ?? 'sivera-campaigns',
  };
  return async (event, context) => {
    const key = typeof event?.syncId === 'string' ? decodeSyncId(event.syncId) : null;
    // The syncId names the account; the event must agree with it, or it was not built by syncCampaigns.
    if (!key || key.ownerId !== event.ownerId || key.platform !== event.platform || key.accountId !== event.accountId || !isPlatform(event.platform)) {
      log.error('rejected malformed sync event');
      return null;
    }
    let secrets: AppSecrets = {};
    try {
      secrets = await appSecrets();
    } catch (e) {
      // Only Kakao token refresh needs an app secret today: sync without, rather than leave the sync queued.
      log.error('app secrets unavailable', { error: (e as Error).message });
    }
    const remaining = context?.getRemainingTimeInMillis?.();
    const result = await runSync(
      {
        ddb,
        tables,
        decrypt: (ctx, sealed) => decryptCredentials(kms, ctx, sealed),
        sink,
        adapter: {
          env: config.platformUrls,
          secrets,
          kakaoReportIntervalMs: config.kakaoReportIntervalMs,
        },
        log,
        deadline: remaining !== undefined ? Date.now() + Math.max(remaining - SAFETY_MS, remaining / 2) : undefined,
      },
      event,
    );
    return result ? { state: result.status.state } : null;
  };
}

export const handler = handlerOnFirstCall(() => createHandler(configFromEnv(process.env)));

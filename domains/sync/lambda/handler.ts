// Sync Lambda: invoked asynchronously (InvocationType Event) by the syncCampaigns resolver with
// { syncId, ownerId, platform, accountId, from?, to? }. Thin: validates the event and runs the engine.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isPlatform } from '../../../api/platforms.js';
import { decryptCredentials } from '../../../lib/node/credential-crypto.js';
import { createLogger } from '../../../lib/node/logger.js';
import type { AppSecrets } from '../../../lib/node/platforms/types.js';
import { appSecrets } from './app-secrets.js';
import { runSync, type SyncEvent } from './engine.js';
import { appSyncPublisher } from './publisher.js';
import { decodeSyncId } from './sync-id.js';

const log = createLogger({ fn: 'sync' });
let ddb: DynamoDBDocumentClient | null = null;

/** Leaves time to flush writes and store the final state before Lambda's own timeout. */
const SAFETY_MS = 60_000;

export async function handler(event: SyncEvent, context?: { getRemainingTimeInMillis?: () => number }): Promise<{ state: string } | null> {
  const key = typeof event?.syncId === 'string' ? decodeSyncId(event.syncId) : null;
  // The syncId names the account; the event must agree with it, or it was not built by syncCampaigns.
  if (!key || key.ownerId !== event.ownerId || key.platform !== event.platform || key.accountId !== event.accountId || !isPlatform(event.platform)) {
    log.error('rejected malformed sync event');
    return null;
  }
  ddb ??= DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });
  const env = process.env;
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
      tables: { credentials: env.PLATFORM_CREDENTIALS_TABLE ?? 'sivera-platform-credentials', campaigns: env.CAMPAIGNS_TABLE ?? 'sivera-campaigns' },
      decrypt: decryptCredentials,
      sink: env.APPSYNC_GRAPHQL_URL
        ? appSyncPublisher({ url: env.APPSYNC_GRAPHQL_URL, region: env.AWS_REGION ?? 'us-east-1', log })
        : { publish: async () => log.warn('APPSYNC_GRAPHQL_URL is not set; status not published') },
      adapter: {
        env,
        secrets,
        kakaoReportIntervalMs: env.KAKAO_REPORT_INTERVAL_MS ? Number(env.KAKAO_REPORT_INTERVAL_MS) : undefined,
      },
      log,
      deadline: remaining !== undefined ? Date.now() + Math.max(remaining - SAFETY_MS, remaining / 2) : undefined,
    },
    event,
  );
  return result ? { state: result.status.state } : null;
}

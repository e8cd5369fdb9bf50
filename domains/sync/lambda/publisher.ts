// Publishes SyncStatus through the publishSyncStatus mutation (IAM auth only): the HTTP POST is
// SigV4-signed for service "appsync" with the function's credentials (the default chain, i.e. the
// Lambda role, in AWS; the stack's key pair locally, from its config). It is stored as lastSync
// already (store.ts): the resolver checks it is current and AppSync fans it out to
// onSyncStatusChanged subscribers.
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import type { AwsConfig, LambdaConfig } from '../../../lib/node/lambda-config.js';
import type { Logger } from '../../../lib/node/logger.js';
import { appSyncIamSigner } from '../../../lib/node/signed-request.js';
import type { SyncStatus } from '../../../api/generated/schema-types.js';
import type { StatusSink } from './status.js';

export const PUBLISH_MUTATION = /* GraphQL */ `
  mutation PublishSyncStatus($input: PublishSyncStatusInput!) {
    publishSyncStatus(input: $input) {
      syncId ownerId platform accountId state progress campaignsSynced message startedAt finishedAt
    }
  }
`;

export interface AppSyncPublisherOptions {
  url: string;
  region: string;
  /** A fixed key pair (the local stack's); undefined: the default credential chain. */
  credentials?: AwsConfig['credentials'];
  log: Logger;
  /** Attempts per status on 5xx / network errors. */
  attempts?: number;
}

export function appSyncPublisher(opts: AppSyncPublisherOptions): StatusSink {
  const url = new URL(opts.url);
  const signer = appSyncIamSigner({ credentials: opts.credentials ?? defaultProvider(), region: opts.region });
  return {
    async publish(status: SyncStatus) {
      const body = JSON.stringify({ query: PUBLISH_MUTATION, variables: { input: status } });
      const attempts = opts.attempts ?? 3;
      for (let i = 1; i <= attempts; i++) {
        try {
          const res = await signer.post(url, body, { signal: AbortSignal.timeout(10_000) });
          const out = (await res.json().catch(() => ({}))) as { errors?: { message?: string; errorType?: string }[] };
          if (res.ok && !out.errors?.length) return;
          const first = out.errors?.[0];
          opts.log.warn('publishSyncStatus rejected', { status: res.status, errorType: first?.errorType, error: first?.message, state: status.state, attempt: i });
          if (res.status < 500) return; // a rejection will not change on retry
        } catch (e) {
          opts.log.warn('publishSyncStatus failed', { error: (e as Error).message, state: status.state, attempt: i });
        }
        await new Promise((r) => setTimeout(r, 200 * i));
      }
    },
  };
}

/** The sink both sync functions publish through: the configured GraphQL URL, or a warning when there is none. */
export function statusSinkFor(config: Pick<LambdaConfig, 'aws' | 'graphqlUrl'>, log: Logger): StatusSink {
  if (!config.graphqlUrl) return { publish: async () => log.warn('APPSYNC_GRAPHQL_URL is not set; status not published') };
  return appSyncPublisher({ url: config.graphqlUrl, region: config.aws.region, credentials: config.aws.credentials, log });
}

// Where the sync reports its status. SyncStatus and SyncState are the schema's (api/generated).
import type { SyncStatus } from '../../../api/generated/schema-types.js';

/**
 * Receives every status change after the sync's store (store.ts) has written it as the account's
 * lastSync: publishing only notifies subscribers, so a failed publish never loses a state.
 */
export interface StatusSink {
  publish(status: SyncStatus): Promise<void>;
}

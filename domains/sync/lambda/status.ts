// SyncStatus as the contract defines it, and where the sync reports it.
import type { PlatformName } from '../../../lib/node/platforms/types.js';

export type SyncState = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'PARTIAL' | 'FAILED';

export interface SyncStatus {
  syncId: string;
  ownerId: string;
  platform: PlatformName;
  accountId: string;
  state: SyncState;
  progress: number;
  campaignsSynced: number;
  message: string | null;
  startedAt: string;
  finishedAt: string | null;
}

/** Receives every status change; publishing failures must not fail the sync (the final state is also stored directly). */
export interface StatusSink {
  publish(status: SyncStatus): Promise<void>;
}

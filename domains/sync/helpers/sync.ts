// Sync status helpers shared by the sync resolvers (syncCampaigns, publishSyncStatus, syncStatus).
// syncId (docs/ARCHITECTURE.md) = base64url of {"o":owner,"p":platform,"a":accountId,"id":uuid};
// functions/sync/sync-id.ts is the Lambda-side twin.
import { util } from '@aws-appsync/utils';
import type { Platform, SyncStatus } from '../../../api/generated/schema-types';
import { isPlatform } from '../../../api/platforms';
import { UNFINISHED_MESSAGE } from '../rules';

/** A sync reservation made by syncCampaigns lasts this long unless the sync function takes it over. */
export const QUEUED_LEASE_MS = 2 * 60 * 1000;

// String.replace patterns are Java regexes in APPSYNC_JS: map characters one by one instead.
function toUrlAlphabet(b64: string): string {
  return b64
    .split('')
    .filter((c) => c !== '=')
    .map((c) => (c === '+' ? '-' : c === '/' ? '_' : c))
    .join('');
}

function fromUrlAlphabet(s: string): string {
  const std = s
    .split('')
    .map((c) => (c === '-' ? '+' : c === '_' ? '/' : c))
    .join('');
  const pad = ['', '', '==', '='][std.length % 4];
  return std + pad;
}

export function encodeSyncId(ownerId: string, platform: Platform, accountId: string): string {
  return toUrlAlphabet(util.base64Encode(JSON.stringify({ o: ownerId, p: platform, a: accountId, id: util.autoId() })));
}

export interface SyncKey {
  ownerId: string;
  platform: Platform;
  accountId: string;
}

/** null when the id is not one of ours (bad alphabet, bad JSON, unknown platform). */
export function decodeSyncId(syncId: string): SyncKey | null {
  if (!util.matches('^[A-Za-z0-9_-]{16,1024}$', syncId) || syncId.length % 4 === 1) return null;
  const parsed = JSON.parse(util.base64Decode(fromUrlAlphabet(syncId)));
  if (!parsed || typeof parsed !== 'object') return null;
  const v = parsed as { o?: unknown; p?: unknown; a?: unknown; id?: unknown };
  if (typeof v.o !== 'string' || typeof v.a !== 'string' || typeof v.id !== 'string') return null;
  if (!isPlatform(v.p)) return null;
  return { ownerId: v.o, platform: v.p, accountId: v.a };
}

/** The stored/published map: exactly the SyncStatus fields, nothing else from the input. */
export function syncStatusValue(s: SyncStatus): SyncStatus {
  return {
    syncId: s.syncId,
    ownerId: s.ownerId,
    platform: s.platform,
    accountId: s.accountId,
    state: s.state,
    progress: s.progress,
    campaignsSynced: s.campaignsSynced,
    message: s.message ?? null,
    startedAt: s.startedAt,
    finishedAt: s.finishedAt ?? null,
  };
}

export interface StoredLease {
  syncId: string;
  expiresAt: number;
}


/** QUEUED/RUNNING with no live lease of its own: the sync function crashed, timed out or never started. */
export function isStale(last: SyncStatus, lease: StoredLease | undefined, now: number): boolean {
  if (last.state !== 'QUEUED' && last.state !== 'RUNNING') return false;
  return !lease || lease.syncId !== last.syncId || lease.expiresAt < now;
}

export function staleFailure(last: SyncStatus, finishedAt: string): SyncStatus {
  const failed = syncStatusValue(last);
  failed.state = 'FAILED';
  failed.message = UNFINISHED_MESSAGE;
  failed.finishedAt = finishedAt;
  return failed;
}

export function isPlainDate(v: string): boolean {
  return util.matches('^[0-9]{4}-[0-9]{2}-[0-9]{2}$', v);
}

export function dateMillis(v: string): number {
  return util.time.parseISO8601ToEpochMilliSeconds(`${v}T00:00:00Z`);
}

// The sync's rules read on both sides of the wire: the syncCampaigns/syncStatus pipeline (APPSYNC_JS,
// esbuild bundles this file in) and the sync Lambdas (Node). Plain code with no runtime imports beyond
// api/limits, so it runs unchanged in both; each side only computes its inputs (dates with util.time
// or Date).
import { MAX_SYNC_RANGE_DAYS } from '../../api/limits.js';

/** The key of an account's item in the credentials table, which holds its syncLease and lastSync. */
export function accountItemKey(ownerId: string, platform: string, accountId: string): { userPlatform: string; accountId: string } {
  return { userPlatform: `${ownerId}#${platform}`, accountId };
}

export type SyncRangeProblem = 'afterTo' | 'rangeTooLong';

export const SYNC_RANGE_MESSAGES: Record<SyncRangeProblem, string> = {
  afterTo: 'from must not be after to',
  rangeTooLong: `a sync covers at most ${MAX_SYNC_RANGE_DAYS} days`,
};

/** What is wrong with a date range whose `to` − `from` is `spanDays` days, or null. */
export function syncRangeProblem(spanDays: number): SyncRangeProblem | null {
  if (spanDays < 0) return 'afterTo';
  if (spanDays >= MAX_SYNC_RANGE_DAYS) return 'rangeTooLong';
  return null;
}

/** An account syncs unless its status says otherwise (items from before `status` existed have none). */
export function accountCanSync(status: unknown): boolean {
  return typeof status !== 'string' || status.toLowerCase() === 'active';
}

export const ACCOUNT_INACTIVE_MESSAGE = 'The account is inactive: reconnect it (or set it active) before syncing';

/** The reason stored when a sync stopped reporting (the staleness rule): syncStatus answers it, the sync-failed Lambda stores it. */
export const UNFINISHED_MESSAGE = 'sync did not finish: it stopped reporting progress (the sync function crashed or never started); start a new sync';

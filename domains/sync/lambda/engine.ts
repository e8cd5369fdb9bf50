// The account sync: lease → decrypt → stream campaign pages → fetch their daily figures → batch-write
// items → sweep removals → final state. Every dependency comes in through SyncDeps, so tests run it
// against DynamoDB Local, the KMS endpoint and the fake platforms directly.
import type { Platform, SyncState, SyncStatus } from '../../../api/generated/schema-types.js';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { adapterFor } from '../../../lib/node/platforms/index.js';
import { addDays, dateIn, daysBetween } from '../../../lib/node/platforms/dates.js';
import { PlatformError, type AdapterOptions, type DailyMetric, type NormalizedCampaign, type UnitFailure } from '../../../lib/node/platforms/types.js';
import type { Logger } from '../../../lib/node/logger.js';
import { ACCOUNT_INACTIVE_MESSAGE, accountCanSync, SYNC_RANGE_MESSAGES, syncRangeProblem } from '../rules.js';
import { emitSyncFailure } from './metrics.js';
import { buildItem } from './items.js';
import { marshalItem } from './marshal.js';
import type { StatusSink } from './status.js';
import { BatchWriter, finish, hasCampaigns, loadAccount, markMissingRemoved, renewLease, saveProgress, storedDaily, takeLease, type AccountKey, type Tables } from './store.js';

export interface SyncEvent {
  syncId: string;
  ownerId: string;
  platform: Platform;
  accountId: string;
  from?: string | null;
  to?: string | null;
}

export interface SyncDeps {
  ddb: DynamoDBDocumentClient;
  tables: Tables;
  decrypt(context: { userId: string; platform: string; accountId: string }, sealed: string): Promise<Record<string, string>>;
  sink: StatusSink;
  adapter: AdapterOptions & { naverMinIntervalMs?: number };
  log: Logger;
  now?: () => number;
  /** Lease lifetime; renewed after every chunk. A crashed sync blocks the account at most this long. */
  leaseMs?: number;
  /** Campaigns per metrics request and write round. */
  chunkSize?: number;
  /** Stop fetching (→ PARTIAL) when this epoch ms is near. */
  deadline?: number;
  /** Concurrent BatchWriteItem calls. */
  writeConcurrency?: number;
}

export interface SyncResult {
  status: SyncStatus;
  writeCalls: number;
  writeRetries: number;
  removed: number;
}

export const DEFAULT_LEASE_MS = 5 * 60_000;
/** Concurrent BatchWriteItem calls unless SyncDeps.writeConcurrency says otherwise (bench/sync.ts uses it for its baseline). */
export const DEFAULT_WRITE_CONCURRENCY = 4;
/**
 * Progress is published as listing pages, metrics pages and write rounds complete, but at most one
 * RUNNING status per PUBLISH_EVERY_MS unless it moved PUBLISH_STEP points: each publish is an AppSync
 * mutation and a DynamoDB write, so a large account cannot flood either (about 2 a second at most).
 */
const PUBLISH_EVERY_MS = 500;
const PUBLISH_STEP = 10;

export async function runSync(deps: SyncDeps, ev: SyncEvent): Promise<SyncResult | null> {
  const now = deps.now ?? Date.now;
  const leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
  const k: AccountKey = { ownerId: ev.ownerId, platform: ev.platform, accountId: ev.accountId };
  const log = deps.log.child({ syncId: ev.syncId, userId: ev.ownerId, platform: ev.platform, accountId: ev.accountId });
  const startedAt = new Date(now()).toISOString();
  let synced = 0;
  const status = (state: SyncState, progress: number, message: string | null = null): SyncStatus => ({
    syncId: ev.syncId,
    ownerId: ev.ownerId,
    platform: ev.platform,
    accountId: ev.accountId,
    state,
    progress,
    campaignsSynced: synced,
    message,
    startedAt,
    finishedAt: state === 'QUEUED' || state === 'RUNNING' ? null : new Date(now()).toISOString(),
  });

  const account = await loadAccount(deps.ddb, deps.tables, k);
  if (!account) {
    log.warn('sync for an account that is not connected');
    return null;
  }
  const running = status('RUNNING', 0);
  if (!(await takeLease(deps.ddb, deps.tables, k, running, now(), leaseMs))) {
    // Another live sync holds the account; it reports its own status. This one never ran.
    log.info('account is locked by another sync', { outcome: 'skipped' });
    return null;
  }
  const previousTotal = account.lastSync?.state === 'SUCCEEDED' ? account.lastSync.campaignsSynced : 0;
  const writer = new BatchWriter(deps.ddb, deps.tables.campaigns, deps.writeConcurrency ?? DEFAULT_WRITE_CONCURRENCY);
  let removed = 0;

  // RUNNING statuses are stored (the sync is lastSync's writer, store.ts) and then published, in order on
  // one chain, without holding the sync up; end() waits for them, so the final state is always last.
  let publishing: Promise<void> = Promise.resolve();
  let lastPublished = { progress: 0, at: now() };
  const report = (fraction: number) => {
    const progress = Math.min(95, Math.max(0, Math.floor(95 * fraction)));
    if (progress <= lastPublished.progress) return; // never backwards, never the same value twice
    const at = now();
    if (at - lastPublished.at < PUBLISH_EVERY_MS && progress - lastPublished.progress < PUBLISH_STEP) return;
    lastPublished = { progress, at };
    const s = status('RUNNING', progress);
    publishing = publishing
      .then(async () => {
        if (await saveProgress(deps.ddb, deps.tables, k, s)) await deps.sink.publish(s);
      })
      .catch(() => undefined);
  };

  const end = async (final: SyncStatus, opts: { lastSyncAt?: string; inactiveReason?: string } = {}): Promise<SyncResult> => {
    // Counted before storing, so a failure to store the final state still shows on the alarm.
    if (final.state === 'FAILED') emitSyncFailure();
    await publishing;
    const stored = await finish(deps.ddb, deps.tables, k, final, opts);
    if (!stored) log.warn('lease lost before the end; final state not stored', { state: final.state });
    else await deps.sink.publish(final);
    log.info('sync finished', { outcome: final.state, campaigns: synced, writeCalls: writer.calls, writeRetries: writer.retries, removed });
    return { status: final, writeCalls: writer.calls, writeRetries: writer.retries, removed };
  };

  await deps.sink.publish(running); // stored by takeLease

  // Re-checked rather than trusted: syncCampaigns checked the status when it reserved the account, but the
  // event may wait in Lambda's queue (retries included, up to an hour) while the owner deactivates it.
  if (!accountCanSync(account.status)) return end(status('FAILED', 100, ACCOUNT_INACTIVE_MESSAGE));

  try {
    if (!account.credentials) throw new PlatformError(ev.platform, 'AUTH_INVALID', 'no stored credentials');
    const credentials = await deps.decrypt({ userId: ev.ownerId, platform: ev.platform, accountId: ev.accountId }, account.credentials);
    const adapter = adapterFor(ev.platform, ev.accountId, credentials, { ...deps.adapter, deadline: deps.deadline });
    const info = await adapter.account();
    const today = dateIn(info.timeZone, now());
    // from/to are trusted as dates: only the syncCampaigns pipeline invokes this function (its data source
    // role; the handler drops events that disagree with their syncId), after checking their format and, when
    // both are given, the range. A missing end is filled in here from the account's time zone, which only
    // the platform tells, so the resolved range gets the same rule (rules.ts) the resolver applies.
    const to = ev.to ?? adapter.lastReportableDate(today);
    const from = ev.from ?? addDays(to, -(adapter.restatementWindowDays - 1));
    const rangeProblem = syncRangeProblem(daysBetween(from, to));
    if (rangeProblem) return end(status('FAILED', 100, `date range ${from}..${to}: ${SYNC_RANGE_MESSAGES[rangeProblem]}`));
    const merge = await hasCampaigns(deps.ddb, deps.tables, k);
    const updatedAt = new Date(now()).toISOString();
    const ctx = { ...k, syncId: ev.syncId, today, restatementWindowDays: adapter.restatementWindowDays, updatedAt };
    const failures: UnitFailure[] = [];
    // Google's searchStream takes a long campaign.id IN (...) list and streams the rows, so fewer, larger
    // metrics queries there (each query costs the platform a pass over the account's rows). The other
    // platforms put the ids in a URL or ask per campaign: 500. The first chunk is at most 500 either way,
    // so writing starts early.
    const chunkSize = deps.chunkSize ?? (ev.platform === 'GOOGLE_ADS' ? 1000 : 500);
    const firstChunk = Math.min(chunkSize, 500);
    let chunksTaken = 0;
    let listingComplete = true;
    let outOfTime = false;
    // Work done, per campaign: listed (10%), its figures fetched (45%), its item written (45%), against
    // the campaigns listed so far, or the last successful sync's count while the listing is still going.
    let listed = 0;
    let listingDone = false;
    let fetched = 0;
    let written = 0; // items handed to the writer (synced counts whole chunks)
    const progressNow = () => {
      const total = listingDone ? listed : Math.max(listed + 1, previousTotal);
      return total ? (0.1 * Math.min(listed, total) + 0.45 * Math.min(fetched, total) + 0.45 * Math.min(written, total)) / total : 0;
    };

    interface Fetched {
      chunk: NormalizedCampaign[];
      byCampaign: Map<string, DailyMetric[]>;
    }
    const fetchChunk = async (chunk: NormalizedCampaign[]): Promise<Fetched> => {
      const byCampaign = new Map<string, DailyMetric[]>();
      let counted = 0; // campaigns of this chunk already counted as fetched
      for await (const page of adapter.dailyMetrics(info, chunk.map((c) => c.campaignId), { from, to })) {
        failures.push(...page.failures);
        for (const m of page.metrics) {
          const list = byCampaign.get(m.campaignId);
          if (list) list.push(m);
          else byCampaign.set(m.campaignId, [m]);
        }
        // A campaign's figures may span pages: count those seen so far, short of the whole chunk.
        const seen = Math.min(byCampaign.size, chunk.length - 1);
        if (seen > counted) {
          fetched += seen - counted;
          counted = seen;
          report(progressNow());
        }
      }
      fetched += chunk.length - counted;
      report(progressNow());
      return { chunk, byCampaign };
    };
    const writeChunk = async ({ chunk, byCampaign }: Fetched) => {
      const previous = merge ? await storedDaily(deps.ddb, deps.tables, k, chunk.map((c) => c.campaignId)) : undefined;
      // Marshalled once here; the writer sends (and retries) the AttributeValue maps as they are.
      for (const c of chunk) {
        const wait = writer.put(marshalItem(buildItem(ctx, c, byCampaign.get(c.campaignId) ?? [], previous?.get(c.campaignId))));
        if (wait) await wait;
        if (++written % 25 === 0) report(progressNow()); // one BatchWriteItem's worth
      }
      synced += chunk.length;
      if (!(await renewLease(deps.ddb, deps.tables, k, ev.syncId, now(), leaseMs))) throw new LeaseLost();
      report(progressNow());
    };
    // One chunk's figures are fetched while the previous chunk is written: platform reads stay
    // sequential (rate limits), writes overlap them, and at most two chunks are in memory.
    let inflight: Promise<Fetched> | null = null;
    const advance = async (chunk: NormalizedCampaign[] | null) => {
      const done = inflight ? await inflight : null;
      inflight = chunk ? fetchChunk(chunk) : null;
      inflight?.catch(() => undefined); // awaited on the next advance; never an unhandled rejection
      if (done) await writeChunk(done);
    };

    try {
      const pending: NormalizedCampaign[] = [];
      for await (const page of adapter.listCampaigns(info)) {
        pending.push(...page);
        listed += page.length;
        report(progressNow());
        for (let size = chunksTaken ? chunkSize : firstChunk; pending.length >= size && !outOfTime; size = chunkSize) {
          chunksTaken++;
          await advance(pending.splice(0, size));
          if (deps.deadline !== undefined && now() > deps.deadline) outOfTime = true;
        }
        if (outOfTime) break;
      }
      listingDone = !outOfTime;
      if (!outOfTime && pending.length) await advance(pending.splice(0));
    } catch (e) {
      if (e instanceof PlatformError && !e.fatal) {
        // The campaign list itself failed part-way: keep what was written, skip the removal sweep.
        listingComplete = false;
        failures.push({ unit: 'campaign list', error: e });
      } else throw e;
    }
    await advance(null);
    await writer.flush();
    if (outOfTime) {
      listingComplete = false;
      failures.push({ unit: 'remaining campaigns', error: new PlatformError(ev.platform, 'TRANSIENT', 'the sync ran out of time') });
    }
    // The sweep reads the whole partition; when it was empty at the start, everything in it is ours.
    if (listingComplete && merge) removed = await markMissingRemoved(deps.ddb, deps.tables, k, ev.syncId, updatedAt);

    const finishedAt = new Date(now()).toISOString();
    if (failures.length) {
      const first = failures[0]!;
      const more = failures.length > 1 ? ` (+${failures.length - 1} more failed unit${failures.length > 2 ? 's' : ''})` : '';
      return end(status('PARTIAL', 100, `${first.unit} failed: ${first.error.message}${more}`), { lastSyncAt: finishedAt });
    }
    return end(status('SUCCEEDED', 100), { lastSyncAt: finishedAt });
  } catch (e) {
    await writer.flush().catch(() => undefined);
    if (e instanceof LeaseLost) {
      log.warn('lease lost mid-sync; stopping', { outcome: 'lease-lost' });
      return null;
    }
    if (e instanceof PlatformError) {
      log.warn('sync failed', { failureClass: e.failureClass, code: e.opts.code, requestId: e.opts.requestId });
      if (e.failureClass === 'AUTH_INVALID') {
        return end(status('FAILED', 100, `${e.message}. The account was set inactive: reconnect it.`), { inactiveReason: e.message });
      }
      return end(status('FAILED', 100, e.message));
    }
    const name = (e as Error)?.name;
    if (name === 'CredentialCryptoError') return end(status('FAILED', 100, (e as Error).message));
    log.error('sync crashed', { error: (e as Error)?.message, name });
    return end(status('FAILED', 100, 'internal error during sync'));
  }
}

class LeaseLost extends Error {}

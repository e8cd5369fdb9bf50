// CloudWatch metrics as embedded-metric-format (EMF) log lines: CloudWatch Logs extracts the metric
// from the line itself, so no SDK call or IAM permission is needed. Written with console.log, not
// the shared logger: the logger filters by LOG_LEVEL and redacts values, and a metric must be
// neither dropped nor altered. The functions log in TEXT format, so the line reaches CloudWatch as is.

export const SYNC_NAMESPACE = 'Sivera/Sync';
export const SYNC_FAILURES = 'SyncFailures';

/** The EMF line for one failed sync (namespace/metric the alarm in infra/ reads; no dimensions). */
export function syncFailureLine(now = Date.now()): string {
  return JSON.stringify({
    _aws: {
      Timestamp: now,
      CloudWatchMetrics: [{ Namespace: SYNC_NAMESPACE, Dimensions: [[]], Metrics: [{ Name: SYNC_FAILURES, Unit: 'Count' }] }],
    },
    [SYNC_FAILURES]: 1,
  });
}

export function emitSyncFailure(write: (line: string) => void = (l) => console.log(l)): void {
  write(syncFailureLine());
}

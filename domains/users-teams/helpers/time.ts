// One clock for every resolver: AWSDateTime strings in UTC with milliseconds.
import { util } from '@aws-appsync/utils';

export function nowIso(): string {
  return util.time.nowISO8601();
}

export function nowEpochMillis(): number {
  return util.time.nowEpochMilliSeconds();
}

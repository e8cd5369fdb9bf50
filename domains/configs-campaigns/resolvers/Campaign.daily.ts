// Campaign.daily(from, to): the daily figures the parent resolver kept on the value (`_daily`, the
// item's metrics.daily map), so no second read. NONE data source. Dates are the account's
// reporting days; an offset on the AWSDate arguments is ignored. Both bounds are inclusive and
// optional; with both, to - from is at most MAX_SPAN_DAYS.
import { util, type Context } from '@aws-appsync/utils';
import type { CampaignDailyArgs, DailyMetric } from '../../../api/generated/schema-types';
import { toDailyMetric, type CampaignValue } from '../../../lib/appsync/campaigns';
import { validationError } from '../../../lib/appsync/errors';

const MAX_SPAN_DAYS = 366;
const DAY_MS = 86400000;

function dayOf(field: string, value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  if (!util.matches('^[0-9]{4}-[0-9]{2}-[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2}(:[0-9]{2})?)?$', value)) {
    return validationError(`${field} must be a date YYYY-MM-DD`, field, 'format');
  }
  const day = value.slice(0, 10);
  // Round trip through util.time to reject dates such as 2026-02-30.
  const ms = util.time.parseISO8601ToEpochMilliSeconds(`${day}T00:00:00Z`);
  if (util.time.epochMilliSecondsToFormatted(ms, 'yyyy-MM-dd', 'UTC') !== day) validationError(`${field} is not a calendar date`, field, 'format');
  return day;
}

export function request(ctx: Context<CampaignDailyArgs, Record<string, unknown>, undefined, CampaignValue>) {
  const from = dayOf('from', ctx.args.from);
  const to = dayOf('to', ctx.args.to);
  if (from !== null && to !== null) {
    if (from > to) validationError('from must not be after to', 'from', 'order');
    const span = (util.time.parseISO8601ToEpochMilliSeconds(`${to}T00:00:00Z`) - util.time.parseISO8601ToEpochMilliSeconds(`${from}T00:00:00Z`)) / DAY_MS;
    if (span > MAX_SPAN_DAYS) validationError(`to must be at most ${MAX_SPAN_DAYS} days after from`, 'to', 'span');
  }
  const daily = (ctx.source && ctx.source._daily) || {};
  const out: DailyMetric[] = [];
  // YYYY-MM-DD keys sort chronologically as strings.
  for (const date of Object.keys(daily).sort()) {
    if ((from === null || date >= from) && (to === null || date <= to)) {
      out.push(toDailyMetric(date, daily[date] as Record<string, unknown>));
    }
  }
  return { payload: out };
}

export function response(ctx: Context<CampaignDailyArgs>) {
  return ctx.result;
}

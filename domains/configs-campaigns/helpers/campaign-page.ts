// One step of filling a campaigns page: a Query on the `updatedAt-index` LSI of the current
// account, newest first, after the cursor. The pipeline has several such steps (listCampaignsPage1..N,
// each a separate AppSync function with this code) so one request can finish an account and go on
// with the next, or keep reading past items the status filter drops, without ever scanning.
//
// Items are filtered here rather than with a DynamoDB filter: every evaluated item is then seen, so
// the cursor can always point exactly after the last item looked at. One extra item is read as a
// look-ahead so a full page knows whether its account has more (no empty trailing page).
import { runtime, util, type Context } from '@aws-appsync/utils';
import type { CampaignStatus, Platform } from '../../../api/generated/schema-types';
import { CAMPAIGNS_UPDATED_INDEX, campaignPartition, campaignStatus, toCampaign, type CampaignValue } from '../../../lib/appsync/campaigns';
import type { CursorBinding } from './campaign-cursor';
import { raiseOnDataSourceError } from '../../../lib/appsync/errors';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 100;

export interface PageState {
  ownerId: string;
  platform: Platform;
  status: CampaignStatus | null;
  binding: CursorBinding;
  /** items still wanted on this page */
  remaining: number;
  /** account being read; null once every account is exhausted */
  account: string | null;
  /** updatedSort of the last item looked at in `account` (null: from its newest item) */
  after: string | null;
  /** accounts after `account`, in order */
  queue: string[];
  items: CampaignValue[];
  /** whether the client may select Campaign.daily (else metrics.daily is not read at all) */
  withDaily: boolean;
  /** Limit of the last Query sent */
  lastLimit?: number;
}

// Read when Campaign.daily is not selected: everything a Campaign shows but the daily map, which
// is most of an item's size.
const LIST_PROJECTION = {
  expression: '#campaignId, #status, #updatedAt, #updatedSort, #campaignData, #metrics.#totals',
  expressionNames: {
    '#campaignId': 'campaignId',
    '#status': 'status',
    '#updatedAt': 'updatedAt',
    '#updatedSort': 'updatedSort',
    '#campaignData': 'campaignData',
    '#metrics': 'metrics',
    '#totals': 'totals',
  },
};

/**
 * Whether a selection set may reach Campaign.daily. Read from the selection text rather than
 * selectionSetList, where an alias replaces the field name; a named fragment spread ("...Name") is
 * not expanded in that text, so it counts as "may".
 */
export function selectsDaily(selectionSetGraphQL: string | undefined): boolean {
  if (typeof selectionSetGraphQL !== 'string') return true;
  return selectionSetGraphQL.indexOf('daily') >= 0 || selectionSetGraphQL.indexOf('...') >= 0;
}

export function pageStepRequest(ctx: Context) {
  const page = ctx.stash.page as PageState | undefined;
  if (!page) return runtime.earlyReturn(ctx.prev.result);
  // Page complete: skip the remaining steps too.
  if (page.remaining <= 0 || page.account === null) return runtime.earlyReturn(ctx.prev.result, { skipTo: 'END' });
  const names: Record<string, string> = { '#pk': 'userPlatformAccount' };
  const values: Record<string, unknown> = { ':pk': campaignPartition(page.ownerId, page.platform, page.account) };
  let expression = '#pk = :pk';
  if (page.after !== null) {
    expression = '#pk = :pk AND #sort < :after';
    names['#sort'] = 'updatedSort';
    values[':after'] = page.after;
  }
  // With a status filter some items are dropped: read ahead more to fill the page in fewer steps.
  page.lastLimit = page.status ? Math.min(100, page.remaining * 3 + 1) : page.remaining + 1;
  const request: Record<string, unknown> = {
    operation: 'Query',
    index: CAMPAIGNS_UPDATED_INDEX,
    query: { expression, expressionNames: names, expressionValues: util.dynamodb.toMapValues(values) },
    scanIndexForward: false,
    limit: page.lastLimit,
  };
  if (!page.withDaily) {
    request.select = 'SPECIFIC_ATTRIBUTES';
    request.projection = LIST_PROJECTION;
  }
  return request;
}

export function pageStepResponse(ctx: Context) {
  raiseOnDataSourceError(ctx.error);
  const page = ctx.stash.page as PageState;
  const items = ((ctx.result && ctx.result.items) || []) as Record<string, unknown>[];
  let accountHasMore = false;
  for (const item of items) {
    if (page.remaining <= 0) {
      accountHasMore = true;
      break;
    }
    page.after = item.updatedSort as string;
    if (page.status === null || campaignStatus(item.status) === page.status) {
      page.items.push(toCampaign(item, page.ownerId, page.platform, page.account as string));
      page.remaining = page.remaining - 1;
    }
  }
  // DynamoDB stopped at the limit (or 1 MB) without our look-ahead: the account may have more.
  if (!accountHasMore && items.length > 0 && ctx.result.nextToken) accountHasMore = true;
  // Items with their daily maps can be large (up to ~60 KB): once DynamoDB cuts a read at 1 MB, end
  // the page there rather than pile megabytes into one response (AppSync caps it at 5 MB).
  if (page.withDaily && ctx.result.nextToken && items.length < (page.lastLimit ?? 0)) page.remaining = 0;
  if (!accountHasMore) {
    page.account = page.queue.length > 0 ? (page.queue.shift() as string) : null;
    page.after = null;
  }
  return ctx.prev.result;
}

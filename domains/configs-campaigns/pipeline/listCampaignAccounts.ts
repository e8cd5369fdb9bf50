// Starts a campaigns page: checks the nextToken against the verified owner and the query, then
// finds the accounts to read. With accountId that is the one account (no read here); without, the
// owner's accounts for the platform from sivera-platform-credentials, from the cursor's account on
// (key condition accountId >= cursor, projection accountId only: never the credentials).
import { runtime, util, type Context } from '@aws-appsync/utils';
import type { CampaignStatus, QueryCampaignsArgs } from '../../../api/generated/schema-types';
import { decodeCursor, type CampaignCursor, type CursorBinding } from '../helpers/campaign-cursor';
import { DEFAULT_LIMIT, selectsDaily, type PageState } from '../helpers/campaign-page';
import { raiseOnDataSourceError } from '../../../lib/appsync/errors';

export function request(ctx: Context<QueryCampaignsArgs>) {
  const args = ctx.args;
  const ownerId = ctx.stash.ownerId as string;
  const binding: CursorBinding = { o: ownerId, p: args.platform, a: args.accountId ?? null, f: args.status ?? null };
  const cursor: CampaignCursor | null = args.nextToken ? decodeCursor(args.nextToken, binding) : null;
  ctx.stash.cursor = cursor;
  const page: PageState = {
    ownerId,
    platform: args.platform,
    status: (args.status ?? null) as CampaignStatus | null,
    binding,
    remaining: args.limit ?? DEFAULT_LIMIT,
    account: cursor ? cursor.account : (args.accountId ?? null),
    after: cursor ? cursor.after : null,
    queue: [],
    items: [],
    withDaily: selectsDaily(ctx.info.selectionSetGraphQL),
  };
  ctx.stash.page = page;
  if (args.accountId) return runtime.earlyReturn(ctx.prev.result);

  let expression = '#pk = :pk';
  const values: Record<string, unknown> = { ':pk': `${ownerId}#${args.platform}` };
  if (cursor) {
    expression = '#pk = :pk AND #accountId >= :from';
    values[':from'] = cursor.account;
  }
  return {
    operation: 'Query',
    query: {
      expression,
      expressionNames: { '#pk': 'userPlatform', '#accountId': 'accountId' },
      expressionValues: util.dynamodb.toMapValues(values),
    },
    select: 'SPECIFIC_ATTRIBUTES',
    projection: { expression: '#accountId', expressionNames: { '#accountId': 'accountId' } },
  };
}

export function response(ctx: Context<QueryCampaignsArgs>) {
  raiseOnDataSourceError(ctx.error);
  const page = ctx.stash.page as PageState;
  const cursor = ctx.stash.cursor as CampaignCursor | null;
  const accounts = (((ctx.result && ctx.result.items) || []) as { accountId: string }[]).map((i) => i.accountId);
  const first = accounts.length > 0 ? (accounts[0] as string) : null;
  page.account = first;
  // The cursor's account may have been disconnected since: then start the next one from its top.
  page.after = cursor && first === cursor.account ? cursor.after : null;
  page.queue = accounts.slice(1);
  return ctx.prev.result;
}

// campaigns(platform, accountId, ownerId, status, limit, nextToken): pipeline authorizeOwner →
// listCampaignAccounts → listCampaignsPage1..5. Order: newest-updated first within an account
// (LSI updatedAt-index, sort key `${updatedAt}#${campaignId}`, so ties are broken by id and the
// order is total); without accountId, account by account in accountId order. A campaign updated
// while a client pages moves to the front of its account and may be missed or seen twice by that
// walk, as with any cursor over a mutable order.
import type { Context } from '@aws-appsync/utils';
import type { CampaignConnection, QueryCampaignsArgs } from '../../../api/generated/schema-types';
import { checkId } from '../../../lib/appsync/campaigns';
import { checkTokenShape, encodeCursor } from '../helpers/campaign-cursor';
import { MAX_LIMIT, type PageState } from '../helpers/campaign-page';
import { validationError } from '../../../lib/appsync/errors';

export function request(ctx: Context<QueryCampaignsArgs>) {
  const { limit, accountId, nextToken } = ctx.args;
  if (limit !== undefined && limit !== null && (limit < 1 || limit > MAX_LIMIT)) {
    validationError(`limit must be from 1 to ${MAX_LIMIT}`, 'limit', 'range');
  }
  if (accountId !== undefined && accountId !== null) checkId('accountId', accountId);
  // The owner binding is checked once the owner is verified (listCampaignAccounts).
  if (nextToken !== undefined && nextToken !== null) checkTokenShape(nextToken);
  ctx.stash.action = 'read';
  ctx.stash.requestedOwnerId = ctx.args.ownerId ?? undefined;
  return {};
}

export function response(ctx: Context<QueryCampaignsArgs>): CampaignConnection {
  const page = ctx.stash.page as PageState;
  return {
    items: page.items as unknown as CampaignConnection['items'],
    nextToken: page.account === null ? null : encodeCursor(page.binding, { account: page.account, after: page.after }),
  };
}

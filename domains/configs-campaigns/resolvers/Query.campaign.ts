// campaign(platform, accountId, campaignId, ownerId): pipeline authorizeOwner → getCampaign.
import type { Context } from '@aws-appsync/utils';
import type { QueryCampaignArgs } from '../../../api/generated/schema-types';
import { checkId } from '../../../lib/appsync/campaigns';

export function request(ctx: Context<QueryCampaignArgs>) {
  checkId('accountId', ctx.args.accountId);
  checkId('campaignId', ctx.args.campaignId);
  ctx.stash.action = 'read';
  ctx.stash.requestedOwnerId = ctx.args.ownerId ?? undefined;
  return {};
}

export function response(ctx: Context<QueryCampaignArgs>) {
  return ctx.prev.result;
}

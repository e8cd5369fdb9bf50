// One campaign by its key under the verified owner's partition; null when absent.
import { util, type Context } from '@aws-appsync/utils';
import type { QueryCampaignArgs } from '../../../api/generated/schema-types';
import { campaignPartition, toCampaign } from '../../../lib/appsync/campaigns';
import { raiseOnDataSourceError } from '../../../lib/appsync/errors';

export function request(ctx: Context<QueryCampaignArgs>) {
  const { platform, accountId, campaignId } = ctx.args;
  return {
    operation: 'GetItem',
    key: util.dynamodb.toMapValues({
      userPlatformAccount: campaignPartition(ctx.stash.ownerId, platform, accountId),
      campaignId,
    }),
  };
}

export function response(ctx: Context<QueryCampaignArgs>) {
  raiseOnDataSourceError(ctx.error);
  if (!ctx.result) return null;
  return toCampaign(ctx.result, ctx.stash.ownerId, ctx.args.platform, ctx.args.accountId);
}

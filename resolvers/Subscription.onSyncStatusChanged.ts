// onSyncStatusChanged(ownerId, platform, accountId): pipeline authorizeOwner (subscribe: owner, admin or
// member of a team the owner owns; anyone else is refused with Unauthorized at subscribe time), then an
// enhanced filter so published statuses reach only subscribers of that owner (and platform/account
// when given). The filter uses the verified owner, never a raw argument.
import { type Context, extensions, util } from '@aws-appsync/utils';
import type { SubscriptionOnSyncStatusChangedArgs } from '../api/generated/schema-types';
import { checkId } from './lib/campaigns';

export function request(ctx: Context<SubscriptionOnSyncStatusChangedArgs>) {
  if (ctx.args.accountId) checkId('accountId', ctx.args.accountId);
  ctx.stash.action = 'subscribe';
  ctx.stash.requestedOwnerId = ctx.args.ownerId;
  return {};
}

export function response(ctx: Context<SubscriptionOnSyncStatusChangedArgs>) {
  const filter: Record<string, { eq: string }> = { ownerId: { eq: ctx.stash.ownerId as string } };
  if (ctx.args.platform) filter.platform = { eq: ctx.args.platform };
  if (ctx.args.accountId) filter.accountId = { eq: ctx.args.accountId };
  extensions.setSubscriptionFilter(util.transform.toSubscriptionFilter(filter));
  return null;
}

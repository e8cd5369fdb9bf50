// onSyncStatusChanged(ownerId, platform, accountId): pipeline authorizeOwner (subscribe: owner, admin or
// member of a team the owner owns; anyone else is refused with Unauthorized at subscribe time), then an
// enhanced filter so published statuses reach only subscribers of that owner (and platform/account
// when given). The filter uses the verified owner, never a raw argument. A teammate's subscription also
// gets an invalidation filter: it ends when their membership in the owner's team changes
// (lib/subscription-invalidation.ts).
import { type Context, extensions, util } from '@aws-appsync/utils';
import type { SubscriptionOnSyncStatusChangedArgs } from '../../../api/generated/schema-types';
import type { AuthorizeOwnerStash } from '../../../lib/appsync/pipeline/authorizeOwner';
import { checkId } from '../../../lib/appsync/campaigns';
import { setMemberInvalidationFilter } from '../../../lib/appsync/subscription-invalidation';

export function request(ctx: Context<SubscriptionOnSyncStatusChangedArgs>) {
  if (ctx.args.accountId) checkId('accountId', ctx.args.accountId);
  ctx.stash.action = 'subscribe';
  ctx.stash.requestedOwnerId = ctx.args.ownerId;
  return {};
}

export function response(ctx: Context<SubscriptionOnSyncStatusChangedArgs, AuthorizeOwnerStash>) {
  const ownerId = ctx.stash.ownerId as string;
  const filter: Record<string, { eq: string }> = { ownerId: { eq: ownerId } };
  if (ctx.args.platform) filter.platform = { eq: ctx.args.platform };
  if (ctx.args.accountId) filter.accountId = { eq: ctx.args.accountId };
  extensions.setSubscriptionFilter(util.transform.toSubscriptionFilter(filter));
  if (ctx.stash.callerRole !== 'self') {
    setMemberInvalidationFilter(ownerId, ctx.stash.callerId as string);
  }
  return null;
}

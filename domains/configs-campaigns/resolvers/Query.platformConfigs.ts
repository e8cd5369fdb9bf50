// platformConfigs(platform, ownerId): pipeline authorizeOwner → getPlatformConfigSet.
import type { Context } from '@aws-appsync/utils';
import type { QueryPlatformConfigsArgs } from '../../../api/generated/schema-types';

export function request(ctx: Context<QueryPlatformConfigsArgs>) {
  ctx.stash.action = 'read';
  ctx.stash.requestedOwnerId = ctx.args.ownerId ?? undefined;
  return {};
}

export function response(ctx: Context<QueryPlatformConfigsArgs>) {
  return ctx.prev.result;
}

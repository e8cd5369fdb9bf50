// setCurrentPlatformConfig(platform, configId, ownerId): pipeline authorizeOwner → setCurrentPlatformConfigId.
import type { Context } from '@aws-appsync/utils';
import type { MutationSetCurrentPlatformConfigArgs } from '../../../api/generated/schema-types';
import { checkConfigId } from '../helpers/platform-configs';

export function request(ctx: Context<MutationSetCurrentPlatformConfigArgs>) {
  checkConfigId(ctx.args.configId);
  ctx.stash.action = 'write';
  ctx.stash.requestedOwnerId = ctx.args.ownerId ?? undefined;
  return {};
}

export function response(ctx: Context<MutationSetCurrentPlatformConfigArgs>) {
  return ctx.prev.result;
}

// deletePlatformConfig(platform, configId, ownerId): pipeline authorizeOwner → removePlatformConfig
// → removeCurrentPlatformConfig. Deleting the current config clears currentConfigId in the same
// conditional write (the next created config then becomes current); it is never left pointing at
// a missing config, and never reassigned behind the user's back.
import type { Context } from '@aws-appsync/utils';
import type { MutationDeletePlatformConfigArgs } from '../../../api/generated/schema-types';
import { checkConfigId } from '../helpers/platform-configs';

export function request(ctx: Context<MutationDeletePlatformConfigArgs>) {
  checkConfigId(ctx.args.configId);
  ctx.stash.action = 'write';
  ctx.stash.requestedOwnerId = ctx.args.ownerId ?? undefined;
  return {};
}

export function response(ctx: Context<MutationDeletePlatformConfigArgs>) {
  return ctx.args.configId;
}

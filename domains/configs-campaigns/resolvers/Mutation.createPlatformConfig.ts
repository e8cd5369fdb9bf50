// createPlatformConfig(input): pipeline authorizeOwner → ensurePlatformConfigSet → putPlatformConfig.
// Input is validated before anything is read or written.
import type { Context } from '@aws-appsync/utils';
import type { MutationCreatePlatformConfigArgs } from '../../../api/generated/schema-types';
import { checkConfigName } from '../helpers/platform-configs';
import { validateSettings } from '../helpers/platform-settings';

export function request(ctx: Context<MutationCreatePlatformConfigArgs>) {
  const input = ctx.args.input;
  ctx.stash.config = {
    name: checkConfigName(input.name),
    settings: validateSettings(input.platform, input.settings as unknown),
  };
  ctx.stash.action = 'write';
  ctx.stash.requestedOwnerId = input.ownerId ?? undefined;
  return {};
}

export function response(ctx: Context<MutationCreatePlatformConfigArgs>) {
  return ctx.prev.result;
}

// updatePlatformConfig(input): pipeline authorizeOwner → updatePlatformConfigEntry.
// `settings`, when given, replaces the config's settings as a whole (validated like on create).
import type { Context } from '@aws-appsync/utils';
import type { MutationUpdatePlatformConfigArgs } from '../../../api/generated/schema-types';
import { validationError } from '../../../lib/appsync/errors';
import { checkConfigId, checkConfigName } from '../helpers/platform-configs';
import { validateSettings } from '../helpers/platform-settings';

export function request(ctx: Context<MutationUpdatePlatformConfigArgs>) {
  const input = ctx.args.input;
  checkConfigId(input.configId);
  const hasName = input.name !== undefined && input.name !== null;
  const hasSettings = input.settings !== undefined && input.settings !== null;
  if (!hasName && !hasSettings) validationError('Give a name and/or settings to change', 'input', 'nothingToUpdate');
  ctx.stash.changes = {
    name: hasName ? checkConfigName(input.name) : null,
    settings: hasSettings ? validateSettings(input.platform, input.settings as unknown) : null,
  };
  ctx.stash.action = 'write';
  ctx.stash.requestedOwnerId = input.ownerId ?? undefined;
  return {};
}

export function response(ctx: Context<MutationUpdatePlatformConfigArgs>) {
  return ctx.prev.result;
}

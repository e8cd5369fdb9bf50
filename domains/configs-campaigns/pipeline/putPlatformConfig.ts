// Adds one entry to the `configs` map: SET configs.#id on a fresh ULID, conditioned on that entry
// not existing and on the per-platform limit, so parallel creates all land (none overwrites
// another). makeCurrent: true → becomes current; unset → current only if there is none; false → never.
import { util, type Context } from '@aws-appsync/utils';
import type { MutationCreatePlatformConfigArgs } from '../../../api/generated/schema-types';
import { MAX_CONFIGS, callerSub, configSetKey, toPlatformConfig, type StoredConfig, type StoredConfigSet } from '../helpers/platform-configs';
import { conflict, isConditionFailure, raiseOnDataSourceError } from '../../../lib/appsync/errors';

export function request(ctx: Context<MutationCreatePlatformConfigArgs>) {
  const input = ctx.args.input;
  const configId = util.autoUlid();
  const now = util.time.nowISO8601();
  const entry: StoredConfig = {
    configId,
    name: ctx.stash.config.name,
    settings: ctx.stash.config.settings,
    createdAt: now,
    updatedAt: now,
    createdBy: callerSub(ctx),
    updatedBy: callerSub(ctx),
  };
  ctx.stash.configId = configId;
  let expression = 'SET #configs.#id = :entry, #updatedAt = :now';
  if (input.makeCurrent === true) expression = `${expression}, #current = :id`;
  if (input.makeCurrent === undefined || input.makeCurrent === null) {
    expression = `${expression}, #current = if_not_exists(#current, :id)`;
  }
  const names: Record<string, string> = { '#configs': 'configs', '#id': configId, '#updatedAt': 'updatedAt' };
  const values: Record<string, unknown> = { ':entry': entry, ':now': now };
  if (input.makeCurrent !== false) {
    names['#current'] = 'currentConfigId';
    values[':id'] = configId;
  }
  return {
    operation: 'UpdateItem',
    key: util.dynamodb.toMapValues(configSetKey(ctx.stash.ownerId, input.platform)),
    update: { expression, expressionNames: names, expressionValues: util.dynamodb.toMapValues(values) },
    condition: {
      expression: 'attribute_not_exists(#configs.#id) AND size(#configs) < :max',
      expressionNames: { '#configs': 'configs', '#id': configId },
      expressionValues: util.dynamodb.toMapValues({ ':max': MAX_CONFIGS }),
    },
  };
}

export function response(ctx: Context<MutationCreatePlatformConfigArgs>) {
  if (isConditionFailure(ctx.error)) conflict(`At most ${MAX_CONFIGS} configs per platform: delete one first`, 'tooManyConfigs', { max: MAX_CONFIGS });
  raiseOnDataSourceError(ctx.error);
  const item = ctx.result as StoredConfigSet;
  return toPlatformConfig((item.configs || {})[ctx.stash.configId] as StoredConfig);
}

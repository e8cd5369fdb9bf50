// Updates the fields of one map entry in place (SET configs.#id.name / .settings / .updatedAt),
// conditioned on the entry existing: concurrent updates of other configs, or of another field of
// this one, are never lost, and an update never resurrects a deleted config.
import { util, type Context } from '@aws-appsync/utils';
import type { MutationUpdatePlatformConfigArgs } from '../../../api/generated/schema-types';
import { callerSub, configSetKey, toPlatformConfig, type StoredConfig, type StoredConfigSet } from '../helpers/platform-configs';
import { isConditionFailure, notFound, raiseOnDataSourceError } from '../../../lib/appsync/errors';

export function request(ctx: Context<MutationUpdatePlatformConfigArgs>) {
  const input = ctx.args.input;
  const now = util.time.nowISO8601();
  const sets = ['#configs.#id.#updatedAt = :now', '#configs.#id.#updatedBy = :by', '#updatedAt = :now'];
  const names: Record<string, string> = {
    '#configs': 'configs',
    '#id': input.configId,
    '#updatedAt': 'updatedAt',
    '#updatedBy': 'updatedBy',
  };
  const values: Record<string, unknown> = { ':now': now, ':by': callerSub(ctx) };
  if (ctx.stash.changes.name !== null) {
    sets.push('#configs.#id.#name = :name');
    names['#name'] = 'name';
    values[':name'] = ctx.stash.changes.name;
  }
  if (ctx.stash.changes.settings !== null) {
    sets.push('#configs.#id.#settings = :settings');
    names['#settings'] = 'settings';
    values[':settings'] = ctx.stash.changes.settings;
  }
  return {
    operation: 'UpdateItem',
    key: util.dynamodb.toMapValues(configSetKey(ctx.stash.ownerId, input.platform)),
    update: { expression: `SET ${sets.join(', ')}`, expressionNames: names, expressionValues: util.dynamodb.toMapValues(values) },
    condition: { expression: 'attribute_exists(#configs.#id)', expressionNames: { '#configs': 'configs', '#id': input.configId } },
  };
}

export function response(ctx: Context<MutationUpdatePlatformConfigArgs>) {
  const input = ctx.args.input;
  if (isConditionFailure(ctx.error)) notFound('No such config for this platform', { field: 'input.configId' });
  raiseOnDataSourceError(ctx.error);
  const item = ctx.result as StoredConfigSet;
  return toPlatformConfig((item.configs || {})[input.configId] as StoredConfig);
}

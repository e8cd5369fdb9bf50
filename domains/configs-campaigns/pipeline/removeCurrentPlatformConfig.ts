// Second attempt of a delete, only when the first did not remove the entry: remove it together with
// currentConfigId, conditioned on it being the current config. If that fails too, the config does
// not exist (NotFound) — or a concurrent setCurrent moved "current" in between (Conflict: retry).
import { runtime, util, type Context } from '@aws-appsync/utils';
import type { MutationDeletePlatformConfigArgs } from '../../../api/generated/schema-types';
import { configSetKey, type StoredConfigSet } from '../helpers/platform-configs';
import { conflict, isConditionFailure, notFound, raiseOnDataSourceError } from '../../../lib/appsync/errors';

export function request(ctx: Context<MutationDeletePlatformConfigArgs>) {
  if (ctx.stash.deleted) return runtime.earlyReturn(ctx.prev.result);
  return {
    operation: 'UpdateItem',
    key: util.dynamodb.toMapValues(configSetKey(ctx.stash.ownerId, ctx.args.platform)),
    update: {
      expression: 'REMOVE #configs.#id, #current SET #updatedAt = :now',
      expressionNames: { '#configs': 'configs', '#id': ctx.args.configId, '#current': 'currentConfigId', '#updatedAt': 'updatedAt' },
      expressionValues: util.dynamodb.toMapValues({ ':now': util.time.nowISO8601() }),
    },
    condition: {
      expression: 'attribute_exists(#configs.#id) AND #current = :id',
      expressionNames: { '#configs': 'configs', '#id': ctx.args.configId, '#current': 'currentConfigId' },
      expressionValues: util.dynamodb.toMapValues({ ':id': ctx.args.configId }),
    },
  };
}

export function response(ctx: Context<MutationDeletePlatformConfigArgs>) {
  if (isConditionFailure(ctx.error)) {
    // On a failed condition AppSync hands back the current item when it can.
    const current = ctx.result as StoredConfigSet | null;
    if (current && current.configs && current.configs[ctx.args.configId]) {
      conflict('The configs changed while deleting this one: retry', 'concurrentUpdate');
    }
    notFound('No such config for this platform', { field: 'configId' });
  }
  raiseOnDataSourceError(ctx.error);
  return ctx.prev.result;
}

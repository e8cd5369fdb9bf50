// Points currentConfigId at an existing config; the condition makes "current" never name a config
// that a concurrent delete has just removed.
import { util, type Context } from '@aws-appsync/utils';
import type { MutationSetCurrentPlatformConfigArgs } from '../../../api/generated/schema-types';
import { configSetKey, toPlatformConfigSet, type StoredConfigSet } from '../helpers/platform-configs';
import { isConditionFailure, notFound, raiseOnDataSourceError } from '../../../lib/appsync/errors';

export function request(ctx: Context<MutationSetCurrentPlatformConfigArgs>) {
  return {
    operation: 'UpdateItem',
    key: util.dynamodb.toMapValues(configSetKey(ctx.stash.ownerId, ctx.args.platform)),
    update: {
      expression: 'SET #current = :id, #updatedAt = :now',
      expressionNames: { '#current': 'currentConfigId', '#updatedAt': 'updatedAt' },
      expressionValues: util.dynamodb.toMapValues({ ':id': ctx.args.configId, ':now': util.time.nowISO8601() }),
    },
    condition: { expression: 'attribute_exists(#configs.#id)', expressionNames: { '#configs': 'configs', '#id': ctx.args.configId } },
  };
}

export function response(ctx: Context<MutationSetCurrentPlatformConfigArgs>) {
  if (isConditionFailure(ctx.error)) notFound('No such config for this platform', { field: 'configId' });
  raiseOnDataSourceError(ctx.error);
  return toPlatformConfigSet(ctx.result as StoredConfigSet, ctx.stash.ownerId, ctx.args.platform);
}

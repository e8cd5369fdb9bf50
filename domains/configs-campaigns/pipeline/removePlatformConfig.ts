// First attempt of a delete: remove the entry when it is NOT the current config. If the condition
// fails (entry missing, or it is current) the next function decides; nothing is raised here.
import { util, type Context } from '@aws-appsync/utils';
import type { MutationDeletePlatformConfigArgs } from '../../../api/generated/schema-types';
import { configSetKey } from '../helpers/platform-configs';
import { isConditionFailure, raiseOnDataSourceError } from '../../../lib/appsync/errors';

export function request(ctx: Context<MutationDeletePlatformConfigArgs>) {
  return {
    operation: 'UpdateItem',
    key: util.dynamodb.toMapValues(configSetKey(ctx.stash.ownerId, ctx.args.platform)),
    update: {
      expression: 'REMOVE #configs.#id SET #updatedAt = :now',
      expressionNames: { '#configs': 'configs', '#id': ctx.args.configId, '#updatedAt': 'updatedAt' },
      expressionValues: util.dynamodb.toMapValues({ ':now': util.time.nowISO8601() }),
    },
    condition: {
      expression: 'attribute_exists(#configs.#id) AND (attribute_not_exists(#current) OR #current <> :id)',
      expressionNames: { '#configs': 'configs', '#id': ctx.args.configId, '#current': 'currentConfigId' },
      expressionValues: util.dynamodb.toMapValues({ ':id': ctx.args.configId }),
    },
  };
}

export function response(ctx: Context<MutationDeletePlatformConfigArgs>) {
  if (isConditionFailure(ctx.error)) {
    ctx.stash.deleted = false;
    return ctx.prev.result;
  }
  raiseOnDataSourceError(ctx.error);
  ctx.stash.deleted = true;
  return ctx.prev.result;
}

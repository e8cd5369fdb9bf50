// Makes sure the owner's config item and its `configs` map exist, so the next step can SET a map
// entry: DynamoDB rejects `SET configs.#id` when `configs` is missing ("document path invalid"),
// and SET configs = if_not_exists(...) cannot share an expression with SET configs.#id (overlapping
// paths). Idempotent: every attribute is set only if missing, so concurrent creates do not clash.
import { util, type Context } from '@aws-appsync/utils';
import type { MutationCreatePlatformConfigArgs } from '../../../api/generated/schema-types';
import { configSetKey } from '../helpers/platform-configs';
import { raiseOnDataSourceError } from '../../../lib/appsync/errors';

export function request(ctx: Context<MutationCreatePlatformConfigArgs>) {
  const platform = ctx.args.input.platform;
  return {
    operation: 'UpdateItem',
    key: util.dynamodb.toMapValues(configSetKey(ctx.stash.ownerId, platform)),
    update: {
      expression:
        'SET #configs = if_not_exists(#configs, :empty), #ownerId = if_not_exists(#ownerId, :ownerId), #platform = if_not_exists(#platform, :platform)',
      expressionNames: { '#configs': 'configs', '#ownerId': 'ownerId', '#platform': 'platform' },
      expressionValues: util.dynamodb.toMapValues({ ':empty': {}, ':ownerId': ctx.stash.ownerId, ':platform': platform }),
    },
  };
}

export function response(ctx: Context<MutationCreatePlatformConfigArgs>) {
  raiseOnDataSourceError(ctx.error);
  return ctx.prev.result;
}

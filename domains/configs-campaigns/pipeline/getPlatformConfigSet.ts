// Reads the owner's config set for ctx.args.platform (strongly consistent: a client reading right
// after its own mutation sees it).
import { util, type Context } from '@aws-appsync/utils';
import type { Platform } from '../../../api/generated/schema-types';
import { configSetKey, toPlatformConfigSet, type StoredConfigSet } from '../helpers/platform-configs';
import { raiseOnDataSourceError } from '../../../lib/appsync/errors';

export function request(ctx: Context<{ platform: Platform }>) {
  return {
    operation: 'GetItem',
    key: util.dynamodb.toMapValues(configSetKey(ctx.stash.ownerId, ctx.args.platform)),
    consistentRead: true,
  };
}

export function response(ctx: Context<{ platform: Platform }>) {
  raiseOnDataSourceError(ctx.error);
  return toPlatformConfigSet(ctx.result as StoredConfigSet | null, ctx.stash.ownerId, ctx.args.platform);
}

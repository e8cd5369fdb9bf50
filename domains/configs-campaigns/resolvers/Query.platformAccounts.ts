// platformAccounts(platform, ownerId): pipeline authorizeOwner → listPlatformAccounts1..4.
import type { Context } from '@aws-appsync/utils';
import type { QueryPlatformAccountsArgs } from '../../../api/generated/schema-types';
import { PLATFORMS } from '../../../api/platforms';
import type { AccountsState } from '../helpers/platform-accounts';

export function request(ctx: Context<QueryPlatformAccountsArgs>) {
  ctx.stash.action = 'read';
  ctx.stash.requestedOwnerId = ctx.args.ownerId ?? undefined;
  const state: AccountsState = { platforms: ctx.args.platform ? [ctx.args.platform] : PLATFORMS.slice(), accounts: [] };
  ctx.stash.accountsState = state;
  return {};
}

export function response(ctx: Context<QueryPlatformAccountsArgs>) {
  return (ctx.stash.accountsState as AccountsState).accounts;
}

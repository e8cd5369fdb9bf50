// Pipeline function (data source teamsTableRead): "may the caller act on this owner's data with this
// action?" Runs first in every pipeline on owner data. Contract (docs/ARCHITECTURE.md):
//   in:  ctx.stash.action = 'read' | 'write' | 'subscribe'
//        ctx.stash.requestedOwnerId = ctx.args.ownerId ?? ctx.args.input?.ownerId (may be undefined)
//   out: ctx.stash.ownerId    the verified owner; data functions read keys ONLY from it
//        ctx.stash.callerRole 'self' | 'admin' | 'member'
//        ctx.stash.callerId   ctx.identity.sub
//   denied → util.unauthorized(). ctx.prev.result is passed through unchanged.
// Owner == caller needs no lookup. Otherwise the caller's member rows (GSI userId-index) of teams whose
// ownerId is the requested owner decide: read/subscribe → admin|member, write → admin.
import { type Context, runtime, util } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import { callerSub } from '../identity';
import { internalError, raiseOnDataSourceError } from '../errors';
import { USER_INDEX, type TeamRow } from '../teams';

export type OwnerAction = 'read' | 'write' | 'subscribe';
export type CallerRole = 'self' | 'admin' | 'member';

export interface AuthorizeOwnerStash {
  action?: OwnerAction;
  requestedOwnerId?: string | null;
  ownerId?: string;
  callerRole?: CallerRole;
  callerId?: string;
}

export function request(ctx: Context<unknown, AuthorizeOwnerStash>) {
  const caller = callerSub(ctx.identity);
  const action = ctx.stash.action;
  if (action !== 'read' && action !== 'write' && action !== 'subscribe') {
    // A wiring bug, not a client error: fail closed.
    return internalError('authorizeOwner: ctx.stash.action must be read, write or subscribe');
  }
  const requested = ctx.stash.requestedOwnerId;
  const owner = requested === undefined || requested === null ? caller : requested;
  ctx.stash.callerId = caller;
  if (owner === caller) {
    ctx.stash.ownerId = caller;
    ctx.stash.callerRole = 'self';
    return runtime.earlyReturn(ctx.prev.result);
  }
  return ddb.query<TeamRow>({
    index: USER_INDEX,
    query: { userId: { eq: caller } },
    filter: { ownerId: { eq: owner } },
  });
}

export function response(ctx: Context<unknown, AuthorizeOwnerStash>) {
  raiseOnDataSourceError(ctx.error);
  const owner = ctx.stash.requestedOwnerId as string;
  const rows = ((ctx.result && ctx.result.items) || []) as TeamRow[];
  // Only admin/member rows grant access to another owner's data; an 'owner' row would mean the caller
  // owns that team, i.e. ownerId == caller, which the request handled without a lookup.
  const isAdmin = rows.some((r) => r.ownerId === owner && r.role === 'admin');
  const isMember = rows.some((r) => r.ownerId === owner && r.role === 'member');
  const action = ctx.stash.action;
  let role: CallerRole | null = null;
  if (isAdmin) {
    role = 'admin';
  } else if (isMember && action !== 'write') {
    role = 'member';
  }
  if (!role) {
    util.unauthorized();
  }
  ctx.stash.ownerId = owner;
  ctx.stash.callerRole = role as CallerRole;
  return ctx.prev.result;
}

// Authorization-matrix rows for the credentials operations (../shared/docs/api-contract.md):
// connect / disconnect credentials, set account status → the data owner only. Format and runner:
// test/authz/matrix.ts (self = the team owner, whose ad account is the target).
//
// These mutations take NO ownerId (docs/ARCHITECTURE.md): every caller addresses only their own
// partition, so a teammate or stranger aiming at the owner's account id cannot be told
// "Unauthorized" — the call lands on their own (empty) data:
//   - disconnect / set status → NotFound, and the runner proves nothing changed for anyone;
//   - connect → succeeds, creating the CALLER's own record (like createTeam, every signed-in user may
//     act on their own data); `allowed` proves the record is the caller's and the owner's is untouched.
// No token / expired token → HTTP 401; IAM (the backend) → Unauthorized.
//
// Denied cells snapshot the world before `run`, so the account they aim at must already exist: the
// owner's "standing" account, made during the owner's own (allowed, unsnapshotted) cells, which run
// first (RELATIONS order: self, teamOwner, …). Allowed owner cells act on a fresh account each time.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'vitest';
import { docClient, gql, table, type TestUser } from '../../../test/support/stack.js';
import { CONNECT, DISCONNECT, SET_STATUS, connectVars, validInput } from './helpers.js';
import { cells, type MatrixCase, type TeamWorld } from '../../../test/authz/matrix.js';

const PLATFORM = 'META';
const NON_OWNERS = { teamAdmin: 'NotFound', teamMember: 'NotFound', stranger: 'NotFound' } as const;

/**
 * The owner's account that non-owner cells of one row aim at; never disconnected by the rows below.
 * One per row: a non-owner's connect creates their own record under that id, which a later row's
 * disconnect by the same person would otherwise find (and rightly remove) in their own partition.
 */
const standing = new Map<string, string>();
type RowKey = 'connect' | 'disconnect' | 'status';

async function connectAsOwner(owner: TestUser): Promise<string> {
  const input = validInput(PLATFORM);
  const r = await gql(owner, CONNECT, connectVars({ ...input, displayName: 'matrix' }));
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return input.normalizedId;
}

async function standingAccount(row: RowKey, owner: TestUser): Promise<string> {
  const key = `${row}:${owner.sub}`;
  let id = standing.get(key);
  if (!id) {
    id = await connectAsOwner(owner);
    standing.set(key, id);
  }
  return id;
}

async function credentialsItem(ownerId: string, accountId: string): Promise<Record<string, unknown> | undefined> {
  const r = await docClient().send(
    new GetCommand({ TableName: table('platformCredentials'), Key: { userPlatform: `${ownerId}#${PLATFORM}`, accountId }, ConsistentRead: true }),
  );
  return r.Item;
}

/**
 * The account a cell acts on: a fresh one for the owner (so disconnect/status always have a target
 * of their own), the standing one for everybody else.
 */
async function target(row: RowKey, w: TeamWorld, actor: TestUser | null): Promise<string> {
  const standingId = await standingAccount(row, w.owner);
  return actor?.sub === w.owner.sub ? connectAsOwner(w.owner) : standingId;
}

/** The owner's standing item as it was just before a non-owner's connect (compared in `allowed`). */
const ownerItemBefore = new Map<string, Record<string, unknown> | undefined>();

export const credentialsCases: MatrixCase[] = [
  {
    field: 'connectPlatformAccount',
    operation: "connect aiming at the owner's account id (each caller only reaches their own record)",
    self: 'owner',
    expect: cells(['self', 'teamOwner', 'teamAdmin', 'teamMember', 'stranger']),
    run: async (w, caller, actor) => {
      const accountId = actor?.sub === w.owner.sub ? validInput(PLATFORM).normalizedId : await standingAccount('connect', w.owner);
      if (actor) ownerItemBefore.set(actor.sub, await credentialsItem(w.owner.sub, await standingAccount('connect', w.owner)));
      return gql(caller, CONNECT, connectVars({ platform: PLATFORM, accountId, credentials: { accessToken: `matrix-${Date.now()}-token` } }));
    },
    allowed: async (w, actor, d) => {
      expect(d.connectPlatformAccount).toMatchObject({ ownerId: actor.sub, platform: PLATFORM, status: 'ACTIVE' });
      expect(await credentialsItem(actor.sub, d.connectPlatformAccount.accountId)).toMatchObject({ ownerId: actor.sub });
      // The owner's record is exactly as before the call (for the owner's own call it was untouched too:
      // they connected a different, fresh account id).
      expect(await credentialsItem(w.owner.sub, await standingAccount('connect', w.owner))).toEqual(ownerItemBefore.get(actor.sub));
    },
  },
  {
    field: 'disconnectPlatformAccount',
    operation: "disconnect the owner's account",
    self: 'owner',
    expect: cells(['self', 'teamOwner'], NON_OWNERS),
    run: async (w, caller, actor) => gql(caller, DISCONNECT, { platform: PLATFORM, accountId: await target('disconnect', w, actor) }),
    allowed: async (w, _actor, d) => {
      expect(typeof d.disconnectPlatformAccount).toBe('string');
      expect(await credentialsItem(w.owner.sub, d.disconnectPlatformAccount)).toBeUndefined();
    },
  },
  {
    field: 'setPlatformAccountStatus',
    operation: "set the owner's account status",
    self: 'owner',
    expect: cells(['self', 'teamOwner'], NON_OWNERS),
    run: async (w, caller, actor) => gql(caller, SET_STATUS, { platform: PLATFORM, accountId: await target('status', w, actor), status: 'INACTIVE' }),
    allowed: async (w, _actor, d) => {
      expect(d.setPlatformAccountStatus).toMatchObject({ ownerId: w.owner.sub, status: 'INACTIVE', statusReason: expect.any(String) });
      expect(await credentialsItem(w.owner.sub, d.setPlatformAccountStatus.accountId)).toMatchObject({ status: 'inactive' });
    },
  },
];

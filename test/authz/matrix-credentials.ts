// Authorization-matrix rows for the credentials operations (../shared/docs/api-contract.md):
// connect / disconnect credentials, set account status → the data owner only. No token → HTTP 401.
//
// These mutations take NO ownerId (docs/ARCHITECTURE.md): a caller can only ever address their own
// partition, so a teammate or stranger aiming at the owner's account id is not "Unauthorized" —
// the call lands on their own (empty) data: disconnect / set status answer NotFound, connect creates
// the caller's own record. What the matrix must prove is the same: the owner's data is untouched.
// Each row therefore carries `denied`, the check a runner applies instead of the generic
// "Unauthorized + null field" one; `state` (the owner's item) must be equal before and after.
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'vitest';
import { docClient, gql, table, type GqlResult, type TestUser } from '../support/stack.js';
import { CONNECT, DISCONNECT, SET_STATUS, connectVars, validInput } from '../credentials/helpers.js';
import type { Caller, MatrixRow, MatrixWorld } from './matrix-configs-campaigns.js';

export interface CredentialsMatrixRow extends MatrixRow {
  /** Checks the answer a non-owner gets (the runner still compares `state` before/after). */
  denied(world: MatrixWorld, who: TestUser, result: GqlResult<Record<string, unknown>>): void;
}

const OWNER_ONLY: Caller[] = ['self'];
const PLATFORM = 'META';

/** A fresh META account connected by the owner; returns its account id. */
async function ownerAccount(world: MatrixWorld): Promise<string> {
  const input = validInput(PLATFORM);
  const r = await gql(world.owner, CONNECT, connectVars({ ...input, displayName: 'matrix' }));
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return input.normalizedId;
}

/** Every credentials item of the owner on the platform (the state a denied call must not change). */
async function ownerItems(world: MatrixWorld): Promise<unknown> {
  const r = await docClient().send(
    new QueryCommand({
      TableName: table('platformCredentials'),
      KeyConditionExpression: 'userPlatform = :pk',
      ExpressionAttributeValues: { ':pk': `${world.owner.sub}#${PLATFORM}` },
      ConsistentRead: true,
    }),
  );
  return r.Items ?? [];
}

function notFound(field: string) {
  return (_w: MatrixWorld, _who: TestUser, r: GqlResult<Record<string, unknown>>) => {
    expect(r.errors?.[0]?.errorType).toBe('NotFound');
    expect(r.data?.[field] ?? null).toBeNull();
  };
}

export const credentialsRows: CredentialsMatrixRow[] = [
  {
    operation: 'connect credentials',
    field: 'connectPlatformAccount',
    allowed: OWNER_ONLY,
    prepare: ownerAccount,
    // Everyone aims at the owner's account id; only the owner's call can reach the owner's record.
    run: (_w, who, _ownerId, accountId) =>
      gql(who, CONNECT, connectVars({ platform: PLATFORM, accountId: accountId!, credentials: { accessToken: `matrix-${Date.now()}` } })),
    check: (w, d) => expect(d.connectPlatformAccount).toMatchObject({ ownerId: w.owner.sub, platform: PLATFORM, status: 'ACTIVE' }),
    denied: (_w, who, r) => {
      expect(r.errors).toBeUndefined();
      expect(r.data?.connectPlatformAccount).toMatchObject({ ownerId: who.sub });
    },
    state: ownerItems,
  },
  {
    operation: 'disconnect credentials',
    field: 'disconnectPlatformAccount',
    allowed: OWNER_ONLY,
    prepare: ownerAccount,
    run: (_w, who, _ownerId, accountId) => gql(who, DISCONNECT, { platform: PLATFORM, accountId }),
    check: (w, d) => expect(typeof d.disconnectPlatformAccount).toBe('string'),
    denied: notFound('disconnectPlatformAccount'),
    state: ownerItems,
  },
  {
    operation: 'set account status',
    field: 'setPlatformAccountStatus',
    allowed: OWNER_ONLY,
    prepare: ownerAccount,
    run: (_w, who, _ownerId, accountId) => gql(who, SET_STATUS, { platform: PLATFORM, accountId, status: 'INACTIVE' }),
    check: (w, d) =>
      expect(d.setPlatformAccountStatus).toMatchObject({ ownerId: w.owner.sub, status: 'INACTIVE', statusReason: expect.any(String) }),
    denied: notFound('setPlatformAccountStatus'),
    state: ownerItems,
  },
];

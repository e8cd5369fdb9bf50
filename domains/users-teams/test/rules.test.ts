// The business rules of teams through the GraphQL endpoint: validation errors with { field, reason },
// conflicts, role limits, invitations only for verified emails, and the 100-row transaction bound of
// deleteTeam/inviteMember. Stored rows are checked, not only answers.
import { BatchWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { docClient, gql, newUser, snapshotFor, table, type TestUser } from '../../../test/support/stack.js';
import { Q, teamRowMap, teamRows } from './helpers.js';

let owner: TestUser;
let admin: TestUser;
let other: TestUser;

async function createTeam(who: TestUser, name = 'Rules'): Promise<string> {
  const r = await gql(who, Q.createTeam, { teamName: name });
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return r.data.createTeam.teamId as string;
}

async function join(teamId: string, inviter: TestUser, user: TestUser, role: 'ADMIN' | 'MEMBER'): Promise<void> {
  expect((await gql(inviter, Q.inviteMember, { teamId, email: user.email, role })).errors).toBeUndefined();
  expect((await gql(user, Q.acceptInvitation, { teamId })).errors).toBeUndefined();
}

async function putRows(items: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    await docClient().send(
      new BatchWriteCommand({ RequestItems: { [table('teams')]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }),
    );
  }
}

const invitations = (teamId: string, ownerId: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({
    teamId, userId: `INVITE#bulk-${i}@test.sivera.example`, email: `bulk-${i}@test.sivera.example`, role: 'member',
    invitedBy: ownerId, invitedAt: '2026-01-01T00:00:00.000Z', teamName: 'Rules', ownerId,
  }));

beforeAll(async () => {
  [owner, admin, other] = await Promise.all([newUser('Rules Owner'), newUser('Rules Admin'), newUser('Rules Other')]) as [TestUser, TestUser, TestUser];
});

describe('validation', () => {
  it.each([
    ['   ', 'empty'],
    ['x'.repeat(101), 'tooLong'],
    ['tab\there', 'controlCharacter'],
  ])('createTeam(%j) → ValidationError %s, nothing written', async (teamName, reason) => {
    const before = await snapshotFor([owner]);
    const r = await gql(owner, Q.createTeam, { teamName });
    expect(r.errors?.[0]).toMatchObject({ errorType: 'ValidationError', errorInfo: { field: 'teamName', reason } });
    expect(r.data?.createTeam ?? null).toBeNull();
    expect(await snapshotFor([owner])).toEqual(before);
  });

  it('a 100-character name (after trimming) is accepted', async () => {
    const name = 'n'.repeat(100);
    const r = await gql(owner, Q.createTeam, { teamName: `  ${name}  ` });
    expect(r.data?.createTeam.teamName).toBe(name);
    await gql(owner, Q.deleteTeam, { teamId: r.data.createTeam.teamId });
  });

  it('updateTeam and updateMe validate names too', async () => {
    const teamId = await createTeam(owner);
    expect((await gql(owner, Q.updateTeam, { teamId, teamName: '' })).errors?.[0]).toMatchObject({
      errorType: 'ValidationError', errorInfo: { field: 'teamName', reason: 'empty' },
    });
    expect((await gql(owner, Q.updateMe, { input: { name: ' ' } })).errors?.[0]).toMatchObject({
      errorType: 'ValidationError', errorInfo: { field: 'input.name', reason: 'empty' },
    });
  });

  it('email format and the OWNER role are refused on invitations', async () => {
    const teamId = await createTeam(owner);
    const before = await teamRowMap(teamId);
    const bad = await gql(owner, Q.inviteMember, { teamId, email: 'someone@localhost', role: 'MEMBER' });
    // AppSync's AWSEmail scalar may already refuse it; either way nothing is written.
    expect(bad.errors?.length).toBe(1);
    if (bad.errors?.[0]?.errorType) expect(bad.errors[0]).toMatchObject({ errorType: 'ValidationError', errorInfo: { field: 'email', reason: 'format' } });
    const asOwner = await gql(owner, Q.inviteMember, { teamId, email: other.email, role: 'OWNER' });
    expect(asOwner.errors?.[0]).toMatchObject({ errorType: 'ValidationError', errorInfo: { field: 'role', reason: 'ownerNotAssignable' } });
    expect(await teamRowMap(teamId)).toEqual(before);
  });
});

describe('roles and conflicts', () => {
  it('inviting a member\'s email is a Conflict; an ADMIN invites but cannot touch another ADMIN or change roles', async () => {
    const teamId = await createTeam(owner);
    await join(teamId, owner, admin, 'ADMIN');
    const member = await newUser('Rules Member');
    await join(teamId, admin, member, 'MEMBER'); // an ADMIN may invite
    const admin2 = await newUser('Rules Admin Two');
    await join(teamId, admin, admin2, 'ADMIN'); // … also as ADMIN (contract: invite ADMIN or MEMBER)

    const dup = await gql(admin, Q.inviteMember, { teamId, email: member.email.toUpperCase(), role: 'MEMBER' });
    expect(dup.errors?.[0]).toMatchObject({ errorType: 'Conflict', errorInfo: { reason: 'alreadyMember' } });

    const before = await teamRowMap(teamId);
    for (const [query, vars] of [
      [Q.removeMember, { teamId, userId: admin2.sub }],
      [Q.removeMember, { teamId, userId: owner.sub }],
      [Q.changeMemberRole, { teamId, userId: member.sub, role: 'ADMIN' }],
    ] as const) {
      expect((await gql(admin, query, vars)).errors?.map((e) => e.errorType)).toEqual(['Unauthorized']);
    }
    expect(await teamRowMap(teamId)).toEqual(before);

    // An ADMIN removes a MEMBER; the OWNER demotes and removes an ADMIN.
    expect((await gql(admin, Q.removeMember, { teamId, userId: member.sub })).data?.removeMember).toBe(member.sub);
    expect((await gql(owner, Q.changeMemberRole, { teamId, userId: admin2.sub, role: 'MEMBER' })).data?.changeMemberRole.role).toBe('MEMBER');
    expect((await gql(owner, Q.removeMember, { teamId, userId: admin2.sub })).data?.removeMember).toBe(admin2.sub);
    expect(Object.keys(await teamRowMap(teamId)).sort()).toEqual(['#META', owner.sub, admin.sub].sort());

    // Unknown member → NotFound (for those allowed to ask); the OWNER cannot remove or re-role themself.
    expect((await gql(owner, Q.removeMember, { teamId, userId: 'no-such-user' })).errors?.[0]?.errorType).toBe('NotFound');
    expect((await gql(owner, Q.removeMember, { teamId, userId: owner.sub })).errors?.[0]).toMatchObject({ errorType: 'ValidationError', errorInfo: { reason: 'self' } });
    expect((await gql(owner, Q.changeMemberRole, { teamId, userId: owner.sub, role: 'ADMIN' })).errors?.[0]).toMatchObject({ errorType: 'ValidationError' });
  });

  it('user(userId) of a non-teammate or unknown id is Unauthorized', async () => {
    expect((await gql(other, Q.user, { userId: owner.sub })).errors?.[0]?.errorType).toBe('Unauthorized');
    expect((await gql(other, Q.user, { userId: 'no-such-user' })).errors?.[0]?.errorType).toBe('Unauthorized');
    expect((await gql(other, Q.user, { userId: other.sub })).data?.user.userId).toBe(other.sub);
  });

  it('an unverified email sees no invitations and cannot accept', async () => {
    const u = await newUser('Rules Unverified');
    await docClient().send(
      new UpdateCommand({ TableName: table('users'), Key: { userId: u.sub }, UpdateExpression: 'SET emailVerified = :f', ExpressionAttributeValues: { ':f': false } }),
    );
    const teamId = await createTeam(owner);
    expect((await gql(owner, Q.inviteMember, { teamId, email: u.email, role: 'MEMBER' })).errors).toBeUndefined();
    expect((await gql(u, Q.myInvitations)).data?.myInvitations).toEqual([]);
    expect((await gql(u, Q.acceptInvitation, { teamId })).errors?.[0]?.errorType).toBe('Unauthorized');
    expect((await teamRowMap(teamId))[u.sub]).toBeUndefined();
  });

  it('declining removes only the invitation; a second decline is Unauthorized', async () => {
    const teamId = await createTeam(owner);
    await gql(owner, Q.inviteMember, { teamId, email: other.email, role: 'ADMIN' });
    expect((await gql(other, Q.declineInvitation, { teamId })).data?.declineInvitation).toBe(teamId);
    expect(Object.keys(await teamRowMap(teamId)).sort()).toEqual(['#META', owner.sub].sort());
    expect((await gql(other, Q.declineInvitation, { teamId })).errors?.[0]?.errorType).toBe('Unauthorized');
  });
});

describe('races', () => {
  it('deleteTeam racing acceptInvitation never leaves a member row behind a deleted team', async () => {
    const joiner = await newUser('Rules Racer');
    for (let round = 0; round < 6; round += 1) {
      const teamId = await createTeam(owner, `Race ${round}`);
      expect((await gql(owner, Q.inviteMember, { teamId, email: joiner.email, role: 'MEMBER' })).errors).toBeUndefined();
      const [del, acc] = await Promise.all([gql(owner, Q.deleteTeam, { teamId }), gql(joiner, Q.acceptInvitation, { teamId })]);
      const rows = await teamRowMap(teamId);
      // Either the team is gone completely, or it still exists (delete lost and must be retried).
      if (!rows['#META']) expect(rows).toEqual({});
      else expect(del.errors?.[0]).toMatchObject({ errorType: 'Conflict', errorInfo: { reason: 'concurrentUpdate' } });
      if (acc.errors === undefined) expect(rows[joiner.sub] === undefined).toBe(rows['#META'] === undefined);
      await gql(owner, Q.deleteTeam, { teamId }); // clean up when the delete lost
    }
  });
});

describe('team size and the 100-item transaction', () => {
  it('a team holds at most 99 members + invitations; deleting a full team is one transaction', async () => {
    const teamId = await createTeam(owner);
    await putRows(invitations(teamId, owner.sub, 98)); // meta + owner + 98 = 100 rows
    const full = await gql(owner, Q.inviteMember, { teamId, email: other.email, role: 'MEMBER' });
    expect(full.errors?.[0]).toMatchObject({ errorType: 'Conflict', errorInfo: { reason: 'teamFull' } });
    expect(await teamRows(teamId)).toHaveLength(100);
    // Renaming touches all 100 rows in one transaction.
    expect((await gql(owner, Q.updateTeam, { teamId, teamName: 'Full' })).errors).toBeUndefined();
    expect((await teamRows(teamId)).every((r) => r.teamName === 'Full')).toBe(true);
    expect((await gql(owner, Q.deleteTeam, { teamId })).data?.deleteTeam).toBe(teamId);
    expect(await teamRows(teamId)).toEqual([]);
  });

  it('a team beyond 100 rows (never made by the API) is refused whole: Conflict, nothing deleted', async () => {
    const teamId = await createTeam(owner);
    await putRows(invitations(teamId, owner.sub, 99)); // 101 rows
    const r = await gql(owner, Q.deleteTeam, { teamId });
    expect(r.errors?.[0]).toMatchObject({ errorType: 'Conflict', errorInfo: { reason: 'teamTooLarge' } });
    expect(await teamRows(teamId)).toHaveLength(101);
  });
});

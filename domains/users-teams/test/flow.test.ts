// The whole users-and-teams story through real clients (Cognito SDK sign-up/confirm/sign-in, GraphQL
// over HTTP with the access token), checking the stored rows after every step.
import { describe, expect, it } from 'vitest';
import { gql, newUser, type TestUser } from '../../../test/support/stack.js';
import { byUserIndex, Q, teamRowMap, teamRows, userRow } from './helpers.js';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

async function ok<T = Record<string, unknown>>(who: TestUser, query: string, variables?: Record<string, unknown>): Promise<T> {
  const r = await gql<T>(who, query, variables);
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  expect(r.status).toBe(200);
  return r.data as T;
}

describe('users, teams and invitations: full flow', () => {
  it('sign up → me → team → invite → accept → roles → remove → delete', async () => {
    // 1. Sign up + confirm (PostConfirmation writes the users row) + sign in.
    const alice = await newUser('Alice Owner');
    const bob = await newUser('Bob Invitee');
    const aliceRow = await userRow(alice.sub);
    expect(aliceRow).toEqual({
      userId: alice.sub,
      email: alice.email,
      name: 'Alice Owner',
      emailVerified: true,
      createdAt: expect.stringMatching(ISO),
      updatedAt: aliceRow?.createdAt,
    });

    // 2. me
    const me = await ok<{ me: Record<string, unknown> }>(alice, Q.me);
    expect(me.me).toEqual({ userId: alice.sub, email: alice.email, name: 'Alice Owner', emailVerified: true, createdAt: aliceRow?.createdAt, updatedAt: aliceRow?.updatedAt });

    // 3. updateMe: name trimmed, only name/updatedAt change.
    const upd = await ok<{ updateMe: Record<string, unknown> }>(alice, Q.updateMe, { input: { name: '  Alice A.  ' } });
    expect(upd.updateMe).toMatchObject({ userId: alice.sub, name: 'Alice A.' });
    expect(await userRow(alice.sub)).toEqual({ ...aliceRow, name: 'Alice A.', updatedAt: upd.updateMe.updatedAt });

    // 4. createTeam: meta row + OWNER member row, nothing else.
    const created = await ok<{ createTeam: Record<string, any> }>(alice, Q.createTeam, { teamName: '  Growth  ' }); // eslint-disable-line @typescript-eslint/no-explicit-any
    const team = created.createTeam;
    expect(team).toMatchObject({ teamName: 'Growth', ownerId: alice.sub, myRole: 'OWNER' });
    expect(team.members).toEqual([
      { userId: alice.sub, email: alice.email, name: 'Alice A.', role: 'OWNER', invitedBy: null, joinedAt: expect.stringMatching(ISO) },
    ]);
    const teamId = team.teamId as string;
    let rows = await teamRowMap(teamId);
    expect(Object.keys(rows).sort()).toEqual(['#META', alice.sub].sort());
    expect(rows['#META']).toEqual({ teamId, userId: '#META', teamName: 'Growth', ownerId: alice.sub, createdAt: team.createdAt, updatedAt: team.createdAt, rev: 0 });
    expect(rows[alice.sub]).toEqual({
      teamId, userId: alice.sub, role: 'owner', joinedAt: expect.stringMatching(ISO), email: alice.email, name: 'Alice A.', teamName: 'Growth', ownerId: alice.sub,
    });

    // 5. Bob is a stranger: cannot read the team or Alice's profile.
    const denied = await gql(bob, Q.team, { teamId });
    expect(denied.errors?.[0]?.errorType).toBe('Unauthorized');
    expect((await gql(bob, Q.user, { userId: alice.sub })).errors?.[0]?.errorType).toBe('Unauthorized');

    // 6. Alice invites Bob by email (mixed case: matching is case-insensitive).
    const inv = await ok<{ inviteMember: Record<string, unknown> }>(alice, Q.inviteMember, { teamId, email: bob.email.toUpperCase(), role: 'MEMBER' });
    expect(inv.inviteMember).toEqual({ teamId, teamName: 'Growth', email: bob.email, role: 'MEMBER', invitedBy: alice.sub, invitedAt: expect.stringMatching(ISO) });
    const inviteKey = `INVITE#${bob.email}`;
    rows = await teamRowMap(teamId);
    expect(Object.keys(rows).sort()).toEqual(['#META', alice.sub, inviteKey].sort());
    expect(rows[inviteKey]).toEqual({
      teamId, userId: inviteKey, email: bob.email, role: 'member', invitedBy: alice.sub, invitedAt: inv.inviteMember.invitedAt, teamName: 'Growth', ownerId: alice.sub,
    });
    expect(rows['#META']?.rev).toBe(1);
    expect(await byUserIndex(inviteKey)).toHaveLength(1);
    // Inviting again is a Conflict, and changes nothing.
    const again = await gql(alice, Q.inviteMember, { teamId, email: bob.email, role: 'ADMIN' });
    expect(again.errors?.[0]).toMatchObject({ errorType: 'Conflict', errorInfo: { reason: 'alreadyInvited' } });
    expect(await teamRowMap(teamId)).toEqual(rows);

    // 7. Bob sees the invitation and accepts it.
    const mine = await ok<{ myInvitations: unknown[] }>(bob, Q.myInvitations);
    expect(mine.myInvitations).toEqual([inv.inviteMember]);
    expect((await ok<{ myInvitations: unknown[] }>(alice, Q.myInvitations)).myInvitations).toEqual([]);
    const accepted = await ok<{ acceptInvitation: Record<string, any> }>(bob, Q.acceptInvitation, { teamId }); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(accepted.acceptInvitation).toMatchObject({ teamId, teamName: 'Growth', ownerId: alice.sub, myRole: 'MEMBER', createdAt: team.createdAt });
    expect(accepted.acceptInvitation.members).toHaveLength(2);
    rows = await teamRowMap(teamId);
    expect(Object.keys(rows).sort()).toEqual(['#META', alice.sub, bob.sub].sort());
    expect(rows[bob.sub]).toEqual({
      teamId, userId: bob.sub, role: 'member', invitedBy: alice.sub, joinedAt: expect.stringMatching(ISO), email: bob.email, name: 'Bob Invitee', teamName: 'Growth', ownerId: alice.sub,
    });
    expect(rows['#META']?.rev).toBe(2);
    expect(await byUserIndex(inviteKey)).toEqual([]);
    expect((await ok<{ myInvitations: unknown[] }>(bob, Q.myInvitations)).myInvitations).toEqual([]);
    // Accepting twice: the invitation is gone.
    expect((await gql(bob, Q.acceptInvitation, { teamId })).errors?.[0]?.errorType).toBe('Unauthorized');

    // 8. Both see the team; teammates see each other's profile.
    const bobTeams = await ok<{ myTeams: Record<string, unknown>[] }>(bob, Q.myTeams);
    expect(bobTeams.myTeams).toEqual([expect.objectContaining({ teamId, teamName: 'Growth', myRole: 'MEMBER', ownerId: alice.sub })]);
    const profile = await ok<{ user: Record<string, unknown> }>(bob, Q.user, { userId: alice.sub });
    expect(profile.user).toMatchObject({ userId: alice.sub, email: alice.email, name: 'Alice A.' });
    // A member cannot rename.
    expect((await gql(bob, Q.updateTeam, { teamId, teamName: 'Mine now' })).errors?.[0]?.errorType).toBe('Unauthorized');

    // 9. Roles change: Bob becomes ADMIN and renames the team (every row gets the new name).
    const promoted = await ok<{ changeMemberRole: Record<string, unknown> }>(alice, Q.changeMemberRole, { teamId, userId: bob.sub, role: 'ADMIN' });
    expect(promoted.changeMemberRole).toMatchObject({ userId: bob.sub, role: 'ADMIN' });
    expect((await teamRowMap(teamId))[bob.sub]?.role).toBe('admin');
    const toOwner = await gql(alice, Q.changeMemberRole, { teamId, userId: bob.sub, role: 'OWNER' });
    expect(toOwner.errors?.[0]).toMatchObject({ errorType: 'ValidationError', errorInfo: { field: 'role', reason: 'ownerNotAssignable' } });
    const renamed = await ok<{ updateTeam: Record<string, unknown> }>(bob, Q.updateTeam, { teamId, teamName: 'Growth EU' });
    expect(renamed.updateTeam).toMatchObject({ teamId, teamName: 'Growth EU', myRole: 'ADMIN' });
    for (const row of await teamRows(teamId)) expect(row.teamName).toBe('Growth EU');
    // An ADMIN cannot change roles.
    expect((await gql(bob, Q.changeMemberRole, { teamId, userId: alice.sub, role: 'MEMBER' })).errors?.[0]?.errorType).toBe('Unauthorized');
    // The OWNER cannot leave.
    const leave = await gql(alice, Q.leaveTeam, { teamId });
    expect(leave.errors?.[0]).toMatchObject({ errorType: 'Conflict', errorInfo: { reason: 'lastOwner' } });

    // 10. Member removed.
    expect((await ok<{ removeMember: string }>(alice, Q.removeMember, { teamId, userId: bob.sub })).removeMember).toBe(bob.sub);
    rows = await teamRowMap(teamId);
    expect(Object.keys(rows).sort()).toEqual(['#META', alice.sub].sort());
    expect(await byUserIndex(bob.sub)).toEqual([]);
    expect((await gql(bob, Q.team, { teamId })).errors?.[0]?.errorType).toBe('Unauthorized');

    // 11. A pending invitation, then the team is deleted with everything in it.
    await ok(alice, Q.inviteMember, { teamId, email: bob.email, role: 'ADMIN' });
    expect(Object.keys(await teamRowMap(teamId))).toHaveLength(3);
    expect((await ok<{ deleteTeam: string }>(alice, Q.deleteTeam, { teamId })).deleteTeam).toBe(teamId);
    expect(await teamRows(teamId)).toEqual([]);
    expect(await byUserIndex(inviteKey)).toEqual([]);
    expect((await ok<{ myTeams: unknown[] }>(alice, Q.myTeams)).myTeams).toEqual([]);
    expect((await ok<{ myInvitations: unknown[] }>(bob, Q.myInvitations)).myInvitations).toEqual([]);
    // Users rows stay.
    expect(await userRow(bob.sub)).toMatchObject({ userId: bob.sub, emailVerified: true });
  });
});

// Authorization-matrix rows for users, teams and invitations (../shared/docs/api-contract.md):
//   read profile: self, teammates (public fields) · update profile: self · me/myTeams/myInvitations/
//   createTeam: every signed-in user, on their own data · read team: its members · rename, invite
//   ADMIN/MEMBER, remove MEMBER: OWNER, ADMIN · change roles, remove ADMIN, delete team: OWNER ·
//   accept/decline: only the invited email's user · leave: any member but the OWNER (Conflict).
// Format and runner: test/authz/matrix.ts.
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { gql } from '../../../test/support/stack.js';
import { byUserIndex, Q, teamRowMap, teamRows, userRow } from './helpers.js';
import { cells, USERS, type MatrixCase } from '../../../test/authz/matrix.js';

const freshEmail = () => `invited-${randomUUID().slice(0, 12)}@test.sivera.example`;

export const usersTeamsCases: MatrixCase[] = [
  {
    field: 'me',
    operation: 'read own profile',
    self: 'target',
    expect: cells(USERS),
    run: (_w, who) => gql(who, Q.me),
    allowed: (_w, actor, d) => expect(d.me).toMatchObject({ userId: actor.sub, email: actor.email, emailVerified: true }),
  },
  {
    field: 'user',
    operation: "read a teammate's profile",
    self: 'target',
    expect: cells(['self', 'teamOwner', 'teamAdmin', 'teamMember']),
    run: (w, who) => gql(who, Q.user, { userId: w.target.sub }),
    allowed: (w, _a, d) => expect(d.user).toMatchObject({ userId: w.target.sub, email: w.target.email }),
  },
  {
    field: 'updateMe',
    operation: 'update own profile',
    self: 'target',
    expect: cells(USERS),
    run: (_w, who) => gql(who, Q.updateMe, { input: { name: 'Matrix Renamed' } }),
    allowed: async (_w, actor, d) => {
      expect(d.updateMe).toMatchObject({ userId: actor.sub, name: 'Matrix Renamed' });
      expect(await userRow(actor.sub)).toMatchObject({ name: 'Matrix Renamed' });
    },
  },
  {
    field: 'myTeams',
    operation: 'list own teams',
    self: 'target',
    expect: cells(USERS),
    run: (_w, who) => gql(who, Q.myTeams),
    allowed: (w, actor, d) => {
      const ids = (d.myTeams as { teamId: string }[]).map((t) => t.teamId);
      if (actor.sub === w.stranger.sub) expect(ids).not.toContain(w.teamId);
      else expect(ids).toContain(w.teamId);
    },
  },
  {
    field: 'team',
    operation: 'read team and members',
    self: 'owner',
    expect: cells(['self', 'teamOwner', 'teamAdmin', 'teamMember']),
    run: (w, who) => gql(who, Q.team, { teamId: w.teamId }),
    allowed: (w, _a, d) => {
      expect(d.team).toMatchObject({ teamId: w.teamId, teamName: w.teamName, ownerId: w.owner.sub });
      expect((d.team.members as unknown[]).length).toBe(5);
    },
  },
  {
    field: 'myInvitations',
    operation: 'list own invitations',
    self: 'invitee',
    expect: cells(USERS),
    run: (_w, who) => gql(who, Q.myInvitations),
    allowed: (w, actor, d) => {
      const ids = (d.myInvitations as { teamId: string }[]).map((i) => i.teamId);
      if (actor.sub === w.invitee.sub) expect(ids).toContain(w.teamId);
      else expect(ids).not.toContain(w.teamId);
    },
  },
  {
    field: 'createTeam',
    operation: 'create a team (caller becomes OWNER)',
    self: 'owner',
    expect: cells(USERS),
    run: (_w, who) => gql(who, Q.createTeam, { teamName: 'Matrix created' }),
    allowed: async (_w, actor, d) => {
      expect(d.createTeam).toMatchObject({ ownerId: actor.sub, myRole: 'OWNER' });
      const rows = await teamRowMap(d.createTeam.teamId);
      expect(Object.keys(rows).sort()).toEqual(['#META', actor.sub].sort());
    },
  },
  {
    field: 'updateTeam',
    operation: 'rename team',
    self: 'owner',
    expect: cells(['self', 'teamOwner', 'teamAdmin']),
    run: (w, who) => gql(who, Q.updateTeam, { teamId: w.teamId, teamName: 'Matrix renamed' }),
    allowed: async (w) => {
      for (const r of await teamRows(w.teamId)) expect(r.teamName).toBe('Matrix renamed');
    },
  },
  {
    field: 'deleteTeam',
    operation: 'delete team',
    self: 'owner',
    expect: cells(['self', 'teamOwner']),
    run: (w, who) => gql(who, Q.deleteTeam, { teamId: w.teamId }),
    allowed: async (w, _a, d) => {
      expect(d.deleteTeam).toBe(w.teamId);
      expect(await teamRows(w.teamId)).toEqual([]);
    },
  },
  ...(['MEMBER', 'ADMIN'] as const).map(
    (role): MatrixCase => ({
      field: 'inviteMember',
      operation: `invite as ${role}`,
      self: 'owner',
      expect: cells(['self', 'teamOwner', 'teamAdmin']),
      run: (w, who) => gql(who, Q.inviteMember, { teamId: w.teamId, email: freshEmail(), role }),
      allowed: async (w, actor, d) => {
        expect(d.inviteMember).toMatchObject({ teamId: w.teamId, role, invitedBy: actor.sub });
        const row = (await teamRowMap(w.teamId))[`INVITE#${d.inviteMember.email}`];
        expect(row).toMatchObject({ role: role.toLowerCase(), invitedBy: actor.sub, ownerId: w.owner.sub });
      },
    }),
  ),
  {
    field: 'acceptInvitation',
    operation: 'accept an invitation',
    self: 'invitee',
    expect: cells(['self']),
    run: (w, who) => gql(who, Q.acceptInvitation, { teamId: w.teamId }),
    allowed: async (w, actor, d) => {
      expect(d.acceptInvitation).toMatchObject({ teamId: w.teamId, myRole: 'MEMBER' });
      const rows = await teamRowMap(w.teamId);
      expect(rows[actor.sub]).toMatchObject({ role: 'member', invitedBy: w.owner.sub, ownerId: w.owner.sub });
      expect(rows[`INVITE#${actor.email.toLowerCase()}`]).toBeUndefined();
    },
  },
  {
    field: 'declineInvitation',
    operation: 'decline an invitation',
    self: 'invitee',
    expect: cells(['self']),
    run: (w, who) => gql(who, Q.declineInvitation, { teamId: w.teamId }),
    allowed: async (w, actor) => {
      const rows = await teamRowMap(w.teamId);
      expect(rows[actor.sub]).toBeUndefined();
      expect(rows[`INVITE#${actor.email.toLowerCase()}`]).toBeUndefined();
      expect(await byUserIndex(`INVITE#${actor.email.toLowerCase()}`)).toEqual([]);
    },
  },
  {
    field: 'removeMember',
    operation: 'remove a MEMBER',
    self: 'target',
    expect: cells(['teamOwner', 'teamAdmin']),
    run: (w, who) => gql(who, Q.removeMember, { teamId: w.teamId, userId: w.target.sub }),
    allowed: async (w) => expect((await teamRowMap(w.teamId))[w.target.sub]).toBeUndefined(),
  },
  {
    field: 'removeMember',
    operation: 'remove an ADMIN',
    self: 'admin2',
    // An ADMIN may call removeMember, but not on themself: ValidationError pointing to leaveTeam.
    expect: cells(['teamOwner'], { self: 'ValidationError' }),
    run: (w, who) => gql(who, Q.removeMember, { teamId: w.teamId, userId: w.admin2.sub }),
    allowed: async (w) => expect((await teamRowMap(w.teamId))[w.admin2.sub]).toBeUndefined(),
  },
  {
    field: 'changeMemberRole',
    operation: 'promote a MEMBER to ADMIN',
    self: 'target',
    expect: cells(['teamOwner']),
    run: (w, who) => gql(who, Q.changeMemberRole, { teamId: w.teamId, userId: w.target.sub, role: 'ADMIN' }),
    allowed: async (w, _a, d) => {
      expect(d.changeMemberRole).toMatchObject({ userId: w.target.sub, role: 'ADMIN' });
      expect((await teamRowMap(w.teamId))[w.target.sub]).toMatchObject({ role: 'admin' });
    },
  },
  {
    field: 'changeMemberRole',
    operation: 'demote an ADMIN to MEMBER',
    self: 'admin2',
    expect: cells(['teamOwner']),
    run: (w, who) => gql(who, Q.changeMemberRole, { teamId: w.teamId, userId: w.admin2.sub, role: 'MEMBER' }),
    allowed: async (w) => expect((await teamRowMap(w.teamId))[w.admin2.sub]).toMatchObject({ role: 'member' }),
  },
  {
    field: 'leaveTeam',
    operation: 'leave team',
    self: 'target',
    // The OWNER is refused with Conflict (lastOwner), not Unauthorized: the rule is about the team's state.
    expect: cells(['self', 'teamAdmin', 'teamMember'], { teamOwner: 'Conflict' }),
    run: (w, who) => gql(who, Q.leaveTeam, { teamId: w.teamId }),
    allowed: async (w, actor, d) => {
      expect(d.leaveTeam).toBe(w.teamId);
      expect((await teamRowMap(w.teamId))[actor.sub]).toBeUndefined();
    },
  },
];

// The teams table's row kinds (docs/ARCHITECTURE.md "Data model decisions"), in one place:
//   meta row       userId = "#META"                 { teamName, ownerId, createdAt, updatedAt, rev }
//   member row     userId = <sub>                   { role, invitedBy, joinedAt, email, name, teamName, ownerId }
//   invitation row userId = "INVITE#<lower email>"  { email, role, invitedBy, invitedAt, teamName, ownerId }
// `rev` on the meta row is bumped by every write that adds or removes a member or invitation row,
// and deleteTeam/updateTeam/inviteMember condition on it, so a concurrent join cannot leave an
// orphan row behind a deleted team (an orphan member row would still pass authorizeOwner).
import type { Invitation, Team, TeamMember, TeamRole } from '../../api/generated/schema-types';
import { toTeamRole } from './validation';

export const META_KEY = '#META';
export const INVITE_PREFIX = 'INVITE#';
export const USER_INDEX = 'userId-index';
/**
 * Meta row + members + pending invitations of one team. Keeps deleteTeam and updateTeam inside one
 * DynamoDB transaction (100 items), so they stay atomic; inviteMember refuses to grow a team beyond it.
 */
export const MAX_TEAM_ROWS = 100;

export interface TeamRow {
  teamId: string;
  userId: string;
  role?: string;
  invitedBy?: string | null;
  joinedAt?: string;
  invitedAt?: string;
  email?: string;
  name?: string | null;
  teamName?: string;
  ownerId?: string;
  createdAt?: string;
  updatedAt?: string;
  rev?: number;
}

export function invitationKey(email: string): string {
  return `${INVITE_PREFIX}${email}`;
}

export function isMetaRow(row: TeamRow): boolean {
  return row.userId === META_KEY;
}

export function isInvitationRow(row: TeamRow): boolean {
  return row.userId.startsWith(INVITE_PREFIX);
}

export function isMemberRow(row: TeamRow): boolean {
  return !isMetaRow(row) && !isInvitationRow(row);
}

export function toTeam(teamId: string, meta: TeamRow, myRole: TeamRole): Team {
  return {
    teamId,
    teamName: meta.teamName ?? '',
    ownerId: meta.ownerId ?? '',
    myRole,
    // Resolved by Team.members from the teams and users tables.
    members: [],
    createdAt: meta.createdAt ?? '',
  };
}

export function toTeamMember(row: TeamRow): TeamMember {
  return {
    userId: row.userId,
    email: row.email ?? null,
    name: row.name ?? null,
    role: toTeamRole(row.role),
    invitedBy: row.invitedBy ?? null,
    joinedAt: row.joinedAt ?? '',
  };
}

export function toInvitation(row: TeamRow): Invitation {
  return {
    teamId: row.teamId,
    teamName: row.teamName ?? '',
    email: row.email ?? '',
    role: toTeamRole(row.role),
    invitedBy: row.invitedBy ?? '',
    invitedAt: row.invitedAt ?? '',
  };
}

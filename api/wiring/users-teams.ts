// Users, teams and invitations (issue 5), plus authorizeOwner, the pipeline function every owner-data
// pipeline (configs, credentials, campaigns, sync) starts with. Reads use read-only data sources;
// writes to the teams table go through teamsTable (transactions name the table from ctx.env).
import type { FunctionDef, ResolverDef } from './types.js';

export const functions: FunctionDef[] = [
  // Shared with every owner-data pipeline; contract in docs/ARCHITECTURE.md.
  { name: 'authorizeOwner', dataSource: 'teamsTableRead' },
  // Reads
  { name: 'getCallerProfile', dataSource: 'usersTableRead' },
  { name: 'getUserProfile', dataSource: 'usersTableRead' },
  { name: 'getMemberProfiles', dataSource: 'usersTableRead' },
  { name: 'listMyMemberships', dataSource: 'teamsTableRead' },
  { name: 'requireTeammate', dataSource: 'teamsTableRead' },
  { name: 'getTeamMetas', dataSource: 'teamsTableRead' },
  { name: 'getTeamRows', dataSource: 'teamsTableRead' },
  { name: 'loadTeam', dataSource: 'teamsTableRead' },
  { name: 'listMyInvitations', dataSource: 'teamsTableRead' },
  { name: 'listTeamMembers', dataSource: 'teamsTableRead' },
  { name: 'getInvitation', dataSource: 'teamsTableRead' },
  // Writes
  { name: 'createTeamRows', dataSource: 'teamsTable' },
  { name: 'renameTeam', dataSource: 'teamsTable' },
  { name: 'deleteTeamRows', dataSource: 'teamsTable' },
  { name: 'putInvitation', dataSource: 'teamsTable' },
  { name: 'acceptInvitationRows', dataSource: 'teamsTable' },
  { name: 'deleteInvitation', dataSource: 'teamsTable' },
  { name: 'removeMemberRow', dataSource: 'teamsTable' },
  { name: 'updateMemberRole', dataSource: 'teamsTable' },
  { name: 'leaveTeamRow', dataSource: 'teamsTable' },
];

export const resolvers: ResolverDef[] = [
  { typeName: 'Query', fieldName: 'me', kind: 'UNIT', dataSource: 'usersTableRead' },
  { typeName: 'Query', fieldName: 'user', kind: 'PIPELINE', functions: ['listMyMemberships', 'requireTeammate', 'getUserProfile'] },
  { typeName: 'Query', fieldName: 'myTeams', kind: 'PIPELINE', functions: ['listMyMemberships', 'getTeamMetas'] },
  { typeName: 'Query', fieldName: 'team', kind: 'PIPELINE', functions: ['getTeamRows'] },
  { typeName: 'Query', fieldName: 'myInvitations', kind: 'PIPELINE', functions: ['getCallerProfile', 'listMyInvitations'] },
  { typeName: 'Team', fieldName: 'members', kind: 'PIPELINE', functions: ['listTeamMembers', 'getMemberProfiles'] },
  { typeName: 'Mutation', fieldName: 'updateMe', kind: 'UNIT', dataSource: 'usersTable' },
  { typeName: 'Mutation', fieldName: 'createTeam', kind: 'PIPELINE', functions: ['getCallerProfile', 'createTeamRows'] },
  { typeName: 'Mutation', fieldName: 'updateTeam', kind: 'PIPELINE', functions: ['loadTeam', 'renameTeam'] },
  { typeName: 'Mutation', fieldName: 'deleteTeam', kind: 'PIPELINE', functions: ['loadTeam', 'deleteTeamRows'] },
  { typeName: 'Mutation', fieldName: 'inviteMember', kind: 'PIPELINE', functions: ['loadTeam', 'putInvitation'] },
  {
    typeName: 'Mutation',
    fieldName: 'acceptInvitation',
    kind: 'PIPELINE',
    functions: ['getCallerProfile', 'getInvitation', 'acceptInvitationRows'],
  },
  { typeName: 'Mutation', fieldName: 'declineInvitation', kind: 'PIPELINE', functions: ['getCallerProfile', 'deleteInvitation'] },
  { typeName: 'Mutation', fieldName: 'removeMember', kind: 'PIPELINE', functions: ['getTeamRows', 'removeMemberRow'] },
  { typeName: 'Mutation', fieldName: 'changeMemberRole', kind: 'PIPELINE', functions: ['getTeamRows', 'updateMemberRole'] },
  { typeName: 'Mutation', fieldName: 'leaveTeam', kind: 'PIPELINE', functions: ['getTeamRows', 'leaveTeamRow'] },
];

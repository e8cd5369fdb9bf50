// Users, teams and invitations (issue 5). Reads use read-only data sources;
// writes to the teams table go through teamsTable (transactions name the table from ctx.env).
import type { DomainWiring, FieldResolverSpec } from '../../api/wiring/types.js';
import type { SharedFunctionName } from '../../lib/appsync/pipeline/wiring.js';

const functions = {
  // Reads
  getCallerProfile: { dataSource: 'usersTableRead' },
  getUserProfile: { dataSource: 'usersTableRead' },
  getMemberProfiles: { dataSource: 'usersTableRead' },
  listMyMemberships: { dataSource: 'teamsTableRead' },
  requireTeammate: { dataSource: 'teamsTableRead' },
  getTeamMetas: { dataSource: 'teamsTableRead' },
  getTeamRows: { dataSource: 'teamsTableRead' },
  loadTeam: { dataSource: 'teamsTableRead' },
  listMyInvitations: { dataSource: 'teamsTableRead' },
  listTeamMembers: { dataSource: 'teamsTableRead' },
  getInvitation: { dataSource: 'teamsTableRead' },
  // Writes
  createTeamRows: { dataSource: 'teamsTable' },
  renameTeam: { dataSource: 'teamsTable' },
  deleteTeamRows: { dataSource: 'teamsTable' },
  putInvitation: { dataSource: 'teamsTable' },
  acceptInvitationRows: { dataSource: 'teamsTable' },
  deleteInvitation: { dataSource: 'teamsTable' },
  removeMemberRow: { dataSource: 'teamsTable' },
  updateMemberRole: { dataSource: 'teamsTable' },
  leaveTeamRow: { dataSource: 'teamsTable' },
} as const;

type Step = keyof typeof functions | SharedFunctionName;

const resolvers: FieldResolverSpec<Step>[] = [
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

export const usersTeams: DomainWiring<keyof typeof functions, SharedFunctionName> = { domain: 'users-teams', functions, resolvers };

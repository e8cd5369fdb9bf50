// Shared by the teams tests and the authorization matrix: GraphQL documents and direct table reads
// (the tests check stored rows, not only API answers).
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { docClient, table } from '../../../test/support/stack.js';

const TEAM_FIELDS = 'teamId teamName ownerId myRole createdAt members { userId email name role invitedBy joinedAt }';
const INVITATION_FIELDS = 'teamId teamName email role invitedBy invitedAt';
const USER_FIELDS = 'userId email name emailVerified createdAt updatedAt';

export const Q = {
  me: `query { me { ${USER_FIELDS} } }`,
  user: `query($userId: ID!) { user(userId: $userId) { ${USER_FIELDS} } }`,
  myTeams: `query { myTeams { ${TEAM_FIELDS} } }`,
  team: `query($teamId: ID!) { team(teamId: $teamId) { ${TEAM_FIELDS} } }`,
  myInvitations: `query { myInvitations { ${INVITATION_FIELDS} } }`,
  updateMe: `mutation($input: UpdateMeInput!) { updateMe(input: $input) { ${USER_FIELDS} } }`,
  createTeam: `mutation($teamName: String!) { createTeam(teamName: $teamName) { ${TEAM_FIELDS} } }`,
  updateTeam: `mutation($teamId: ID!, $teamName: String!) { updateTeam(teamId: $teamId, teamName: $teamName) { ${TEAM_FIELDS} } }`,
  deleteTeam: `mutation($teamId: ID!) { deleteTeam(teamId: $teamId) }`,
  inviteMember: `mutation($teamId: ID!, $email: AWSEmail!, $role: TeamRole!) { inviteMember(teamId: $teamId, email: $email, role: $role) { ${INVITATION_FIELDS} } }`,
  acceptInvitation: `mutation($teamId: ID!) { acceptInvitation(teamId: $teamId) { ${TEAM_FIELDS} } }`,
  declineInvitation: `mutation($teamId: ID!) { declineInvitation(teamId: $teamId) }`,
  removeMember: `mutation($teamId: ID!, $userId: ID!) { removeMember(teamId: $teamId, userId: $userId) }`,
  changeMemberRole: `mutation($teamId: ID!, $userId: ID!, $role: TeamRole!) { changeMemberRole(teamId: $teamId, userId: $userId, role: $role) { userId email name role invitedBy joinedAt } }`,
  leaveTeam: `mutation($teamId: ID!) { leaveTeam(teamId: $teamId) }`,
} as const;

export type Row = Record<string, unknown> & { teamId: string; userId: string };

/** Every row of a team's partition (meta, members, invitations), sorted by userId. */
export async function teamRows(teamId: string): Promise<Row[]> {
  const r = await docClient().send(
    new QueryCommand({
      TableName: table('teams'),
      KeyConditionExpression: 'teamId = :t',
      ExpressionAttributeValues: { ':t': teamId },
      ConsistentRead: true,
    }),
  );
  return ((r.Items ?? []) as Row[]).sort((a, b) => (a.userId < b.userId ? -1 : 1));
}

/** A team's rows keyed by userId ("#META", subs, "INVITE#<email>"). */
export async function teamRowMap(teamId: string): Promise<Record<string, Row>> {
  return Object.fromEntries((await teamRows(teamId)).map((r) => [r.userId, r]));
}

export async function userRow(userId: string): Promise<Record<string, unknown> | undefined> {
  const r = await docClient().send(new GetCommand({ TableName: table('users'), Key: { userId }, ConsistentRead: true }));
  return r.Item;
}

/** What the userId-index GSI holds under a key (a sub → memberships, "INVITE#<email>" → invitations). */
export async function byUserIndex(userId: string): Promise<Row[]> {
  const r = await docClient().send(
    new QueryCommand({
      TableName: table('teams'),
      IndexName: 'userId-index',
      KeyConditionExpression: 'userId = :u',
      ExpressionAttributeValues: { ':u': userId },
    }),
  );
  return (r.Items ?? []) as Row[];
}

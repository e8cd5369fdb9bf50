// Shared by the configs and campaigns tests: a data owner with an admin and a member in the owner's
// team, and a stranger, all real Cognito users of the stack. The team rows are written directly in
// the documented shape (docs/ARCHITECTURE.md), so these tests depend only on authorizeOwner, not on
// the team mutations.
import { randomUUID } from 'node:crypto';
import { BatchWriteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { docClient, newUser, table, type TestUser } from '../../../test/support/stack.js';

export interface Cast {
  owner: TestUser;
  admin: TestUser;
  member: TestUser;
  stranger: TestUser;
}

export async function seedTeam(owner: TestUser, members: { user: TestUser; role: 'admin' | 'member' }[]): Promise<string> {
  const teamId = randomUUID();
  const now = new Date().toISOString();
  const base = { teamId, teamName: 'Growth', ownerId: owner.sub };
  const rows = [
    { ...base, userId: '#META', createdAt: now, updatedAt: now },
    { ...base, userId: owner.sub, role: 'owner', invitedBy: owner.sub, joinedAt: now, email: owner.email },
    ...members.map((m) => ({ ...base, userId: m.user.sub, role: m.role, invitedBy: owner.sub, joinedAt: now, email: m.user.email })),
  ];
  await docClient().send(new BatchWriteCommand({ RequestItems: { [table('teams')]: rows.map((Item) => ({ PutRequest: { Item } })) } }));
  return teamId;
}

export async function newCast(label = 'cc'): Promise<Cast> {
  const [owner, admin, member, stranger] = await Promise.all(
    ['owner', 'admin', 'member', 'stranger'].map((r) => newUser(`${label} ${r}`)),
  );
  const cast = { owner: owner!, admin: admin!, member: member!, stranger: stranger! };
  await seedTeam(cast.owner, [
    { user: cast.admin, role: 'admin' },
    { user: cast.member, role: 'member' },
  ]);
  return cast;
}

/** A connected-account row as the credentials Lambda writes it (ciphertext is a marker here). */
export async function seedAccount(
  owner: TestUser,
  platform: string,
  accountId: string,
  extra: Record<string, unknown> = {},
): Promise<void> {
  await docClient().send(
    new PutCommand({
      TableName: table('platformCredentials'),
      Item: {
        userPlatform: `${owner.sub}#${platform}`,
        accountId,
        credentials: `SECRET-CIPHERTEXT-${owner.sub}-${accountId}`,
        status: 'active',
        displayName: `Account ${accountId}`,
        ownerId: owner.sub,
        platform,
        createdAt: '2026-01-02T03:04:05.000Z',
        syncLease: { syncId: 'lease-secret', expiresAt: 1 },
        ...extra,
      },
    }),
  );
}

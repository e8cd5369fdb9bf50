// Only the data owner can connect, disconnect or change the status of their accounts. The mutations
// take no ownerId, so a teammate (admin or member) or a stranger can only ever address their own
// partition: the owner's item must come out byte-for-byte unchanged whatever they try. A positive
// control (the admin and member CAN read the owner's accounts) shows the team really exists.
import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { docClient, gql, newUser, snapshotFor, table, type TestUser } from '../../../test/support/stack.js';
import { CONNECT, DISCONNECT, LIST, SET_STATUS, connect, connectVars, getItem, validInput } from './helpers.js';

let owner: TestUser;
let admin: TestUser;
let member: TestUser;
let stranger: TestUser;
const account = validInput('META');

/** Team rows as docs/ARCHITECTURE.md defines them (seeded directly: this file tests credentials, not teams). */
async function seedTeam(o: TestUser, members: [TestUser, 'admin' | 'member'][]): Promise<void> {
  const teamId = randomUUID();
  const now = new Date().toISOString();
  const put = (item: Record<string, unknown>) => docClient().send(new PutCommand({ TableName: table('teams'), Item: item }));
  await put({ teamId, userId: '#META', teamName: 'Credentials team', ownerId: o.sub, createdAt: now, updatedAt: now });
  await put({ teamId, userId: o.sub, role: 'owner', joinedAt: now, email: o.email, teamName: 'Credentials team', ownerId: o.sub });
  for (const [u, role] of members) {
    await put({ teamId, userId: u.sub, role, invitedBy: o.sub, joinedAt: now, email: u.email, teamName: 'Credentials team', ownerId: o.sub });
  }
}

beforeAll(async () => {
  [owner, admin, member, stranger] = await Promise.all([newUser('cred-owner'), newUser('cred-admin'), newUser('cred-member'), newUser('cred-stranger')]);
  await seedTeam(owner, [
    [admin, 'admin'],
    [member, 'member'],
  ]);
  const res = await connect(owner, { ...account, displayName: 'Owner account' });
  expect(res.errors).toBeUndefined();
});

const callers = () =>
  [
    ['team ADMIN', () => admin],
    ['team MEMBER', () => member],
    ['stranger', () => stranger],
  ] as const;

describe('credentials mutations are owner-only', () => {
  it('positive control: admin and member can read the owner’s accounts, the stranger cannot', async () => {
    for (const u of [admin, member]) {
      const res = await gql(u, LIST, { ownerId: owner.sub, platform: 'META' });
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      expect(res.data.platformAccounts.map((a: { accountId: string }) => a.accountId)).toEqual([account.normalizedId]);
    }
    const denied = await gql(stranger, LIST, { ownerId: owner.sub, platform: 'META' });
    expect(denied.errors?.[0]?.errorType).toBe('Unauthorized');
  });

  it.each(callers())('%s cannot disconnect the owner’s account (NotFound in their own partition; owner unchanged)', async (_label, who) => {
    const before = await snapshotFor([owner]);
    const res = await gql(who(), DISCONNECT, { platform: 'META', accountId: account.normalizedId });
    expect(res.errors?.[0]?.errorType).toBe('NotFound');
    expect(await snapshotFor([owner])).toEqual(before);
  });

  it.each(callers())('%s cannot change the owner’s account status', async (_label, who) => {
    const before = await snapshotFor([owner]);
    const res = await gql(who(), SET_STATUS, { platform: 'META', accountId: account.normalizedId, status: 'INACTIVE' });
    expect(res.errors?.[0]?.errorType).toBe('NotFound');
    expect(await snapshotFor([owner])).toEqual(before);
  });

  it.each(callers())('%s connecting the same account id creates their own record, never the owner’s', async (_label, who) => {
    const before = await snapshotFor([owner]);
    const u = who();
    const res = await connect(u, { ...account, credentials: { accessToken: `attacker-${randomUUID()}` } });
    expect(res.errors).toBeUndefined();
    expect(res.data.connectPlatformAccount.ownerId).toBe(u.sub);
    expect(await snapshotFor([owner])).toEqual(before);
    expect(await getItem(u.sub, 'META', account.normalizedId)).toMatchObject({ ownerId: u.sub });
  });

  it.each(callers())('%s cannot name the owner: the mutations have no ownerId argument', async (_label, who) => {
    const before = await snapshotFor([owner]);
    const docs = [
      [`mutation { disconnectPlatformAccount(platform: META, accountId: "${account.normalizedId}", ownerId: "${owner.sub}") }`, {}],
      [
        `mutation { setPlatformAccountStatus(platform: META, accountId: "${account.normalizedId}", status: INACTIVE, ownerId: "${owner.sub}") { status } }`,
        {},
      ],
      [CONNECT, { input: { ...connectVars(account).input, ownerId: owner.sub } }],
    ] as const;
    for (const [doc, vars] of docs) {
      const res = await gql(who(), doc, vars);
      expect(res.errors?.length).toBeGreaterThan(0);
      expect(res.data?.disconnectPlatformAccount ?? res.data?.setPlatformAccountStatus ?? res.data?.connectPlatformAccount ?? null).toBeNull();
    }
    expect(await snapshotFor([owner])).toEqual(before);
  });

  it('the IAM (backend) auth mode cannot call them', async () => {
    const before = await snapshotFor([owner]);
    for (const [doc, vars] of [
      [CONNECT, connectVars(validInput('KAKAO'))],
      [DISCONNECT, { platform: 'META', accountId: account.normalizedId }],
      [SET_STATUS, { platform: 'META', accountId: account.normalizedId, status: 'INACTIVE' }],
    ] as const) {
      const res = await gql('iam', doc, vars);
      expect(res.errors?.[0]?.errorType).toBe('Unauthorized');
    }
    expect(await snapshotFor([owner])).toEqual(before);
  });

  it('the owner can (control for the denials above)', async () => {
    const res = await gql(owner, SET_STATUS, { platform: 'META', accountId: account.normalizedId, status: 'INACTIVE' });
    expect(res.data.setPlatformAccountStatus.status).toBe('INACTIVE');
  });
});

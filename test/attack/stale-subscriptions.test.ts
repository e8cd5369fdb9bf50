// Stale subscriptions: onSyncStatusChanged is authorized when it starts. A teammate who loses their
// place in the owner's team (removed, leaves, team deleted) or whose role changes must not keep
// receiving the owner's sync statuses on a subscription opened before: the mutation invalidates it
// (AppSync's extensions.invalidateSubscriptions / setSubscriptionInvalidationFilter), the real-time
// endpoint completes it, and statuses keep reaching the members who remain.
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeSyncId } from '../../domains/sync/lambda/sync-id.js';
import { docClient, gql, newUser, subscribe, table, type Subscription, type TestUser } from '../support/stack.js';
import { Q } from '../../domains/users-teams/test/helpers.js';

const FIELDS = 'syncId ownerId platform accountId state progress';
const SUB = `subscription S($ownerId: ID!) { onSyncStatusChanged(ownerId: $ownerId) { ${FIELDS} } }`;
// Subscribers receive what the mutation selected, and the filter reads ownerId from it.
const PUBLISH = `mutation P($input: PublishSyncStatusInput!) { publishSyncStatus(input: $input) { ${FIELDS} } }`;

interface World {
  owner: TestUser;
  teammate: TestUser;
  bystander: TestUser;
  teamId: string;
  publish(progress: number): Promise<void>;
}

const open: Subscription[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

async function ok<T>(who: TestUser, query: string, variables: Record<string, unknown>): Promise<T> {
  const r = await gql<T>(who, query, variables);
  expect(r.errors).toBeUndefined();
  return r.data as T;
}

/** The owner's team with `teammate` (ADMIN or MEMBER) and a MEMBER bystander, and an account with a running sync. */
async function world(role: 'ADMIN' | 'MEMBER'): Promise<World> {
  const [owner, teammate, bystander] = await Promise.all([newUser('Owner'), newUser('Teammate'), newUser('Bystander')]);
  const { createTeam } = await ok<{ createTeam: { teamId: string } }>(owner, Q.createTeam, { teamName: 'Stale' });
  const teamId = createTeam.teamId;
  for (const [u, r] of [[teammate, role], [bystander, 'MEMBER']] as const) {
    await ok(owner, Q.inviteMember, { teamId, email: u.email, role: r });
    await ok(u, Q.acceptInvitation, { teamId });
  }
  // A connected account whose current sync is the one published (publishSyncStatus checks both).
  const accountId = String(Math.floor(1_000_000 + Math.random() * 8_999_999));
  const syncId = encodeSyncId({ ownerId: owner.sub, platform: 'KAKAO', accountId });
  const startedAt = new Date().toISOString();
  const status = { syncId, ownerId: owner.sub, platform: 'KAKAO', accountId, state: 'RUNNING', progress: 0, campaignsSynced: 0, startedAt };
  await docClient().send(
    new PutCommand({
      TableName: table('platformCredentials'),
      Item: { userPlatform: `${owner.sub}#KAKAO`, accountId, ownerId: owner.sub, platform: 'KAKAO', status: 'active', credentials: 'c2VhbGVk', createdAt: startedAt, lastSync: { ...status, message: null, finishedAt: null } },
    }),
  );
  const publish = async (progress: number) => {
    const r = await gql('iam', PUBLISH, { input: { ...status, progress } });
    expect(r.errors).toBeUndefined();
  };
  return { owner, teammate, bystander, teamId, publish };
}

async function subscribed(who: TestUser, ownerId: string): Promise<Subscription> {
  const s = await subscribe(who, SUB, { ownerId });
  open.push(s);
  await s.ready;
  return s;
}

async function progressOf(s: Subscription): Promise<number> {
  const frame = (await s.next(5_000)) as { data: { onSyncStatusChanged: { progress: number } } };
  return frame.data.onSyncStatusChanged.progress;
}

/** Waits for the subscription's `complete` (the invalidation), then proves nothing more reaches it. */
async function expectInvalidated(s: Subscription): Promise<void> {
  const deadline = Date.now() + 3_000;
  while (!s.messages.some((m) => m.type === 'complete') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  expect(s.messages.filter((m) => m.type === 'complete')).toEqual([expect.objectContaining({ type: 'complete', payload: { message: 'Subscription complete.' } })]);
  await expect(s.next(50)).rejects.toThrow();
}

function dataAfterComplete(s: Subscription): unknown[] {
  const at = s.messages.findIndex((m) => m.type === 'complete');
  return s.messages.slice(at + 1).filter((m) => m.type === 'data');
}

/** Every party receives a first status, so each subscription is live before the membership changes. */
async function allReceive(w: World, subs: Subscription[], progress: number): Promise<void> {
  await w.publish(progress);
  for (const s of subs) expect(await progressOf(s)).toBe(progress);
}

describe("a teammate's subscription to the owner's sync statuses ends with their membership", () => {
  it('removeMember: the removed ADMIN is unsubscribed; the owner and the remaining member keep receiving', async () => {
    const w = await world('ADMIN');
    const [mine, theirs, remaining] = [await subscribed(w.owner, w.owner.sub), await subscribed(w.teammate, w.owner.sub), await subscribed(w.bystander, w.owner.sub)];
    await allReceive(w, [mine, theirs, remaining], 10);

    await ok(w.owner, Q.removeMember, { teamId: w.teamId, userId: w.teammate.sub });
    await expectInvalidated(theirs);
    await w.publish(20);
    expect(await progressOf(mine)).toBe(20);
    expect(await progressOf(remaining)).toBe(20);
    expect(dataAfterComplete(theirs)).toEqual([]);
    // And they cannot subscribe again.
    const again = await subscribe(w.teammate, SUB, { ownerId: w.owner.sub });
    open.push(again);
    expect(((await again.error) as { errors?: { errorType?: string }[] }).errors?.[0]?.errorType).toBe('Unauthorized');
  });

  it('leaveTeam: the member who left is unsubscribed; the remaining member keeps receiving', async () => {
    const w = await world('MEMBER');
    const [theirs, remaining] = [await subscribed(w.teammate, w.owner.sub), await subscribed(w.bystander, w.owner.sub)];
    await allReceive(w, [theirs, remaining], 10);

    await ok(w.teammate, Q.leaveTeam, { teamId: w.teamId });
    await expectInvalidated(theirs);
    await w.publish(30);
    expect(await progressOf(remaining)).toBe(30);
    expect(dataAfterComplete(theirs)).toEqual([]);
  });

  it("deleteTeam: every member's subscription ends; the owner's own keeps receiving", async () => {
    const w = await world('ADMIN');
    const [mine, theirs, remaining] = [await subscribed(w.owner, w.owner.sub), await subscribed(w.teammate, w.owner.sub), await subscribed(w.bystander, w.owner.sub)];
    await allReceive(w, [mine, theirs, remaining], 10);

    await ok(w.owner, Q.deleteTeam, { teamId: w.teamId });
    await expectInvalidated(theirs);
    await expectInvalidated(remaining);
    await w.publish(40);
    expect(await progressOf(mine)).toBe(40);
    expect(dataAfterComplete(theirs)).toEqual([]);
    expect(dataAfterComplete(remaining)).toEqual([]);
  });

  it('changeMemberRole: the subscription granted on the old role ends; others are untouched and a new one is decided on the new role', async () => {
    const w = await world('ADMIN');
    const [theirs, remaining] = [await subscribed(w.teammate, w.owner.sub), await subscribed(w.bystander, w.owner.sub)];
    await allReceive(w, [theirs, remaining], 10);

    await ok(w.owner, Q.changeMemberRole, { teamId: w.teamId, userId: w.teammate.sub, role: 'MEMBER' });
    await expectInvalidated(theirs);
    await w.publish(50);
    expect(await progressOf(remaining)).toBe(50);
    expect(dataAfterComplete(theirs)).toEqual([]);
    // A MEMBER may subscribe (api-contract.md): the re-subscription is granted and receives.
    const renewed = await subscribed(w.teammate, w.owner.sub);
    await w.publish(60);
    expect(await progressOf(renewed)).toBe(60);
  });

  it("a member of another owner's team is never invalidated by this team's changes", async () => {
    const [w, other] = await Promise.all([world('MEMBER'), world('MEMBER')]);
    const elsewhere = await subscribed(other.teammate, other.owner.sub);
    await allReceive(other, [elsewhere], 10);
    await ok(w.owner, Q.removeMember, { teamId: w.teamId, userId: w.teammate.sub });
    await ok(w.owner, Q.deleteTeam, { teamId: w.teamId });
    await other.publish(70);
    expect(await progressOf(elsewhere)).toBe(70);
    expect(elsewhere.messages.some((m) => m.type === 'complete')).toBe(false);
  });
});

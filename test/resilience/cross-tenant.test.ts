// Cross-tenant attacks: a second user tries every operation on the first user's data with every id it
// can obtain or guess. Zero successes, and the victim's items are byte-for-byte unchanged.
import { beforeAll, describe, expect, it } from 'vitest';
import { demoAccounts } from '../../local/fakes/index.js';
import { gql, newUser, snapshotFor, subscribe, type TestUser } from '../support/stack.js';

const DENIED = new Set(['Unauthorized', 'UnauthorizedException', 'NotFound']);

let victim: TestUser;
let attacker: TestUser;
const ids = { teamId: '', configId: '', accountId: '', syncId: '', campaignId: '' };

async function must<T>(who: TestUser, query: string, variables?: Record<string, unknown>): Promise<T> {
  const r = await gql<T>(who, query, variables);
  if (r.errors?.length || !r.data) throw new Error(`setup step failed: ${JSON.stringify(r.errors)}`);
  return r.data;
}

beforeAll(async () => {
  [victim, attacker] = await Promise.all([newUser('Victim'), newUser('Attacker')]);
  ids.teamId = (await must<{ createTeam: { teamId: string } }>(victim, 'mutation { createTeam(teamName: "Victim team") { teamId } }')).createTeam.teamId;
  ids.configId = (
    await must<{ createPlatformConfig: { configId: string } }>(
      victim,
      'mutation ($s: AWSJSON!) { createPlatformConfig(input: { platform: NAVER, name: "main", settings: $s }) { configId } }',
      { s: JSON.stringify({ timeZone: 'Asia/Seoul', currency: 'KRW' }) },
    )
  ).createPlatformConfig.configId;
  const demo = demoAccounts().NAVER;
  ids.accountId = demo.accountId;
  ids.campaignId = demo.campaigns[0]!.id;
  await must(victim, 'mutation ($i: ConnectPlatformAccountInput!) { connectPlatformAccount(input: $i) { accountId } }', {
    i: { platform: 'NAVER', accountId: demo.accountId, credentials: JSON.stringify(demo.credentials) },
  });
  ids.syncId = (
    await must<{ syncCampaigns: { syncId: string } }>(victim, 'mutation ($a: ID!) { syncCampaigns(platform: NAVER, accountId: $a) { syncId } }', {
      a: demo.accountId,
    })
  ).syncCampaigns.syncId;
  // Let the sync finish so the snapshot below is stable.
  for (let i = 0; i < 100; i++) {
    const s = await must<{ syncStatus: { state: string } | null }>(victim, 'query ($id: ID!) { syncStatus(syncId: $id) { state } }', { id: ids.syncId });
    if (s.syncStatus && !['QUEUED', 'RUNNING'].includes(s.syncStatus.state)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
});

const attacks: [string, string, () => Record<string, unknown>][] = [
  ['user', 'query ($u: ID!) { user(userId: $u) { userId email } }', () => ({ u: victim.sub })],
  ['team', 'query ($t: ID!) { team(teamId: $t) { teamId teamName members { userId } } }', () => ({ t: ids.teamId })],
  ['platformConfigs', 'query ($o: ID) { platformConfigs(platform: NAVER, ownerId: $o) { configs { configId settings } } }', () => ({ o: victim.sub })],
  ['platformAccounts', 'query ($o: ID) { platformAccounts(ownerId: $o) { accountId } }', () => ({ o: victim.sub })],
  ['campaigns', 'query ($o: ID) { campaigns(platform: NAVER, ownerId: $o) { items { campaignId } } }', () => ({ o: victim.sub })],
  ['campaigns', 'query ($o: ID, $a: ID) { campaigns(platform: NAVER, accountId: $a, ownerId: $o) { items { campaignId } } }', () => ({ o: victim.sub, a: ids.accountId })],
  ['campaign', 'query ($o: ID, $a: ID!, $c: ID!) { campaign(platform: NAVER, accountId: $a, campaignId: $c, ownerId: $o) { name } }', () => ({ o: victim.sub, a: ids.accountId, c: ids.campaignId })],
  ['syncStatus', 'query ($s: ID!) { syncStatus(syncId: $s) { state } }', () => ({ s: ids.syncId })],
  ['updateTeam', 'mutation ($t: ID!) { updateTeam(teamId: $t, teamName: "pwned") { teamId } }', () => ({ t: ids.teamId })],
  ['deleteTeam', 'mutation ($t: ID!) { deleteTeam(teamId: $t) }', () => ({ t: ids.teamId })],
  ['inviteMember', 'mutation ($t: ID!, $e: AWSEmail!) { inviteMember(teamId: $t, email: $e, role: ADMIN) { teamId } }', () => ({ t: ids.teamId, e: attacker.email })],
  ['acceptInvitation', 'mutation ($t: ID!) { acceptInvitation(teamId: $t) { teamId } }', () => ({ t: ids.teamId })],
  ['declineInvitation', 'mutation ($t: ID!) { declineInvitation(teamId: $t) }', () => ({ t: ids.teamId })],
  ['removeMember', 'mutation ($t: ID!, $u: ID!) { removeMember(teamId: $t, userId: $u) }', () => ({ t: ids.teamId, u: victim.sub })],
  ['changeMemberRole', 'mutation ($t: ID!, $u: ID!) { changeMemberRole(teamId: $t, userId: $u, role: MEMBER) { role } }', () => ({ t: ids.teamId, u: victim.sub })],
  ['leaveTeam', 'mutation ($t: ID!) { leaveTeam(teamId: $t) }', () => ({ t: ids.teamId })],
  ['createPlatformConfig', 'mutation ($o: ID, $s: AWSJSON!) { createPlatformConfig(input: { platform: NAVER, ownerId: $o, name: "x", settings: $s }) { configId } }', () => ({ o: victim.sub, s: JSON.stringify({ timeZone: 'Asia/Seoul', currency: 'KRW' }) })],
  ['updatePlatformConfig', 'mutation ($o: ID, $c: ID!) { updatePlatformConfig(input: { platform: NAVER, ownerId: $o, configId: $c, name: "pwned" }) { configId } }', () => ({ o: victim.sub, c: ids.configId })],
  ['setCurrentPlatformConfig', 'mutation ($o: ID, $c: ID!) { setCurrentPlatformConfig(platform: NAVER, configId: $c, ownerId: $o) { currentConfigId } }', () => ({ o: victim.sub, c: ids.configId })],
  ['deletePlatformConfig', 'mutation ($o: ID, $c: ID!) { deletePlatformConfig(platform: NAVER, configId: $c, ownerId: $o) }', () => ({ o: victim.sub, c: ids.configId })],
  ['disconnectPlatformAccount', 'mutation ($a: ID!) { disconnectPlatformAccount(platform: NAVER, accountId: $a) }', () => ({ a: ids.accountId })],
  ['setPlatformAccountStatus', 'mutation ($a: ID!) { setPlatformAccountStatus(platform: NAVER, accountId: $a, status: INACTIVE) { status } }', () => ({ a: ids.accountId })],
  ['syncCampaigns', 'mutation ($o: ID, $a: ID!) { syncCampaigns(platform: NAVER, accountId: $a, ownerId: $o) { syncId } }', () => ({ o: victim.sub, a: ids.accountId })],
  [
    'publishSyncStatus',
    'mutation ($o: ID!, $a: ID!, $s: ID!) { publishSyncStatus(input: { syncId: $s, ownerId: $o, platform: NAVER, accountId: $a, state: FAILED, progress: 0, campaignsSynced: 0, startedAt: "2026-01-01T00:00:00Z" }) { state } }',
    () => ({ o: victim.sub, a: ids.accountId, s: ids.syncId }),
  ],
];

describe('a stranger cannot reach another user’s data', () => {
  it('denies every operation and changes nothing', async () => {
    const before = await snapshotFor([victim]);
    const successes: string[] = [];
    for (const [field, query, vars] of attacks) {
      const r = await gql(attacker, query, vars());
      const value = (r.data as Record<string, unknown> | undefined)?.[field];
      const leaked = value !== null && value !== undefined;
      const types = (r.errors ?? []).map((e) => e.errorType ?? '');
      if (leaked || !types.some((t) => DENIED.has(t))) successes.push(`${field}: data=${JSON.stringify(value)} errors=${JSON.stringify(types)}`);
    }
    expect(successes).toEqual([]);
    expect(await snapshotFor([victim])).toEqual(before);
  });

  it('refuses a subscription to another owner’s sync status', async () => {
    const sub = await subscribe(attacker, 'subscription ($o: ID!) { onSyncStatusChanged(ownerId: $o) { state } }', { o: victim.sub });
    const outcome = await Promise.race([sub.ready.then(() => 'ready'), sub.error.then(() => 'error')]);
    sub.close();
    expect(outcome).toBe('error');
  });

  it('cannot read the victim by guessing ids of the same shape', async () => {
    const guesses = [victim.sub.replace(/.$/, (c) => (c === '0' ? '1' : '0')), victim.sub.toUpperCase(), `${victim.sub}#NAVER`, '*', ''];
    for (const g of guesses) {
      const r = await gql(attacker, 'query ($o: ID) { platformAccounts(ownerId: $o) { accountId } }', { o: g });
      expect(r.data?.platformAccounts ?? null, `ownerId guess ${JSON.stringify(g)}`).toBeNull();
    }
  });
});

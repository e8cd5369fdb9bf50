// Authorization-matrix cases for the configs / accounts / campaigns operations
// (../shared/docs/api-contract.md), in the framework of ./matrix.ts (run by ./matrix.configs-campaigns.test.ts):
//   read configs, accounts, campaigns (and Campaign.daily) → self, team OWNER, ADMIN, MEMBER;
//   create / update / delete / set-current config        → self, team OWNER, ADMIN;
//   stranger, no token, expired token, IAM               → denied.
// "self" and teamOwner are the data owner (the team's owner); everyone else names the owner's data
// with ownerId. The owner's data (a connected META account with one campaign, and a config that
// denied callers aim at) is written by the first cell of the first case — always "self", which is
// allowed — so the before/after snapshots of denied cells see no setup writes. Allowed write cells
// act on a config the owner creates inside the cell.
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'vitest';
import { docClient, gql, table, type GqlResult, type TestUser } from '../../../test/support/stack.js';
import { ACCOUNTS, CAMPAIGN, CAMPAIGNS, CREATE, DELETE, LIST, SET_CURRENT, UPDATE } from './operations.js';
import { campaignItem, putItems } from './seed.js';
import { cells, type Caller as MatrixCaller, type Data, type MatrixCase, type TeamWorld } from '../../../test/authz/matrix.js';

// Types of the per-domain row format, still used by test/authz/matrix-credentials.ts and
// test/credentials/matrix.test.ts.
export type Caller = 'self' | 'admin' | 'member' | 'stranger' | 'none';
export interface MatrixWorld {
  owner: TestUser;
  admin: TestUser;
  member: TestUser;
  stranger: TestUser;
  accountId: string;
}
export interface MatrixRow {
  operation: string;
  field: string;
  allowed: Caller[];
  prepare?(world: MatrixWorld): Promise<string>;
  run(world: MatrixWorld, who: TestUser | null, ownerId: string | undefined, prepared: string | undefined): Promise<GqlResult<Record<string, unknown>>>;
  check(world: MatrixWorld, data: Record<string, unknown>): void;
  state?(world: MatrixWorld): Promise<unknown>;
}

const ACCOUNT = '31337';
const CAMPAIGN_ID = 'mx-1';
const PLATFORM = 'GOOGLE_ADS';
const SETTINGS = JSON.stringify({ timeZone: 'Asia/Seoul', currency: 'KRW' });

const READ = cells(['self', 'teamOwner', 'teamAdmin', 'teamMember']);
const WRITE = cells(['self', 'teamOwner', 'teamAdmin']);

/** Per owner: the config denied callers aim at (created once, by the owner's own first cell). */
const shared = new Map<string, Promise<string>>();

function ownerData(world: TeamWorld): Promise<string> {
  let p = shared.get(world.owner.sub);
  if (!p) {
    p = (async () => {
      await docClient().send(
        new PutCommand({
          TableName: table('platformCredentials'),
          Item: {
            userPlatform: `${world.owner.sub}#META`,
            accountId: ACCOUNT,
            credentials: `SECRET-CIPHERTEXT-${world.owner.sub}`,
            status: 'active',
            displayName: 'Matrix account',
            ownerId: world.owner.sub,
            platform: 'META',
            createdAt: '2026-01-02T03:04:05.000Z',
          },
        }),
      );
      await putItems([campaignItem(world.owner.sub, 'META', ACCOUNT, CAMPAIGN_ID, '2026-03-01T00:00:00.000Z', 'ACTIVE')]);
      return ownerConfig(world);
    })();
    shared.set(world.owner.sub, p);
  }
  return p;
}

async function ownerConfig(world: TeamWorld): Promise<string> {
  const r = await gql(world.owner, CREATE, { input: { platform: PLATFORM, name: 'matrix', settings: SETTINGS, makeCurrent: false } });
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return r.data.createPlatformConfig.configId as string;
}

/** ownerId as a client sends it: omitted by the owner, the owner's id from anyone else. */
function ownerIdFor(world: TeamWorld, actor: TestUser | null): string | undefined {
  return actor?.sub === world.owner.sub ? undefined : world.owner.sub;
}

/** Write cases: an allowed caller acts on a fresh config; a denied one on the shared config. */
async function targetConfig(world: TeamWorld, actor: TestUser | null): Promise<string> {
  const sharedConfig = await ownerData(world);
  const mayWrite = actor !== null && (actor.sub === world.owner.sub || actor.sub === world.admin.sub || actor.sub === world.admin2.sub);
  return mayWrite ? ownerConfig(world) : sharedConfig;
}

function read(field: string, operation: string, run: (w: TeamWorld, c: MatrixCaller, ownerId: string | undefined) => Promise<GqlResult<Data>>, allowed: (w: TeamWorld, d: Data) => void): MatrixCase {
  return {
    field,
    operation,
    self: 'owner',
    expect: READ,
    run: async (world, caller, actor) => {
      await ownerData(world);
      return run(world, caller, ownerIdFor(world, actor));
    },
    allowed: (world, _actor, data) => allowed(world, data),
  };
}

export const configsCampaignsCases: MatrixCase[] = [
  read(
    'platformConfigs',
    'read configs',
    (w, c, ownerId) => gql(c, LIST, { platform: PLATFORM, ownerId }),
    (w, d) => {
      expect(d.platformConfigs).toMatchObject({ ownerId: w.owner.sub, platform: PLATFORM });
      expect(d.platformConfigs.configs.length).toBeGreaterThan(0);
    },
  ),
  read(
    'platformAccounts',
    'read accounts (status only, never the secret)',
    (w, c, ownerId) => gql(c, ACCOUNTS, { ownerId }),
    (w, d) => {
      expect(d.platformAccounts).toEqual([expect.objectContaining({ ownerId: w.owner.sub, accountId: ACCOUNT, status: 'ACTIVE' })]);
      expect(JSON.stringify(d)).not.toContain('SECRET-CIPHERTEXT');
    },
  ),
  read(
    'campaigns',
    'list campaigns',
    (w, c, ownerId) => gql(c, CAMPAIGNS, { platform: 'META', ownerId }),
    (w, d) => expect(d.campaigns.items).toEqual([expect.objectContaining({ campaignId: CAMPAIGN_ID, ownerId: w.owner.sub })]),
  ),
  read(
    'campaign',
    'read a campaign with its daily figures',
    (w, c, ownerId) => gql(c, CAMPAIGN, { platform: 'META', accountId: ACCOUNT, campaignId: CAMPAIGN_ID, ownerId }),
    (w, d) => expect(d.campaign).toMatchObject({ campaignId: CAMPAIGN_ID, ownerId: w.owner.sub, daily: [expect.any(Object), expect.any(Object)] }),
  ),
  {
    field: 'createPlatformConfig',
    operation: 'create config',
    self: 'owner',
    expect: WRITE,
    run: async (world, caller, actor) => {
      await ownerData(world);
      return gql(caller, CREATE, { input: { platform: PLATFORM, ownerId: ownerIdFor(world, actor), name: 'by caller', settings: SETTINGS, makeCurrent: false } });
    },
    allowed: async (world, _actor, data) => {
      const set = await gql(world.owner, LIST, { platform: PLATFORM });
      expect(set.data.platformConfigs.configs.map((c: { configId: string }) => c.configId)).toContain(data.createPlatformConfig.configId);
    },
  },
  {
    field: 'updatePlatformConfig',
    operation: 'update config',
    self: 'owner',
    expect: WRITE,
    run: async (world, caller, actor) => {
      const configId = await targetConfig(world, actor);
      return gql(caller, UPDATE, { input: { platform: PLATFORM, ownerId: ownerIdFor(world, actor), configId, name: 'renamed by caller' } });
    },
    allowed: (_w, _a, data) => expect(data.updatePlatformConfig).toMatchObject({ name: 'renamed by caller' }),
  },
  {
    field: 'setCurrentPlatformConfig',
    operation: 'set current config',
    self: 'owner',
    expect: WRITE,
    run: async (world, caller, actor) => {
      const configId = await targetConfig(world, actor);
      return gql(caller, SET_CURRENT, { platform: PLATFORM, configId, ownerId: ownerIdFor(world, actor) });
    },
    allowed: (world, _a, data) => expect(data.setCurrentPlatformConfig).toMatchObject({ ownerId: world.owner.sub, currentConfigId: expect.any(String) }),
  },
  {
    field: 'deletePlatformConfig',
    operation: 'delete config',
    self: 'owner',
    expect: WRITE,
    run: async (world, caller, actor) => {
      const configId = await targetConfig(world, actor);
      return gql(caller, DELETE, { platform: PLATFORM, configId, ownerId: ownerIdFor(world, actor) });
    },
    allowed: async (world, _a, data) => {
      const set = await gql(world.owner, LIST, { platform: PLATFORM });
      expect(set.data.platformConfigs.configs.map((c: { configId: string }) => c.configId)).not.toContain(data.deletePlatformConfig);
    },
  },
];

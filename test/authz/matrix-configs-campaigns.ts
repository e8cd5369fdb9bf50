// Authorization-matrix rows for the configs / accounts / campaigns operations
// (../shared/docs/api-contract.md): read configs, accounts, campaigns → self, ADMIN, MEMBER;
// create / update / delete / set-current config → self, ADMIN; anyone else and no token → denied.
// Each row runs its operation as a caller against the owner's data (ownerId = owner unless the
// caller is the owner) and says what an allowed answer looks like; the runner checks the rest
// (Unauthorized + null field + nothing changed for denials, HTTP 401 without a token).
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'vitest';
import { docClient, gql, table, type GqlResult, type TestUser } from '../support/stack.js';
import { ACCOUNTS, CAMPAIGN, CAMPAIGNS, CREATE, DELETE, LIST, SET_CURRENT, UPDATE } from '../configs/operations.js';

export type Caller = 'self' | 'admin' | 'member' | 'stranger' | 'none';

export interface MatrixWorld {
  owner: TestUser;
  admin: TestUser;
  member: TestUser;
  stranger: TestUser;
  /** a META account of the owner with campaign 'mx-1' */
  accountId: string;
}

export interface MatrixRow {
  operation: string;
  field: string;
  allowed: Caller[];
  /** Setup done by the owner before the call (e.g. the config to act on); its result goes to run. */
  prepare?(world: MatrixWorld): Promise<string>;
  /** Runs the operation as `who` (null: no token) on the owner's data; `ownerId` is undefined for self. */
  run(world: MatrixWorld, who: TestUser | null, ownerId: string | undefined, prepared: string | undefined): Promise<GqlResult<Record<string, unknown>>>;
  /** Checks an allowed answer. */
  check(world: MatrixWorld, data: Record<string, unknown>): void;
  /** Writes: the owner's state that a denied call must leave untouched. */
  state?(world: MatrixWorld): Promise<unknown>;
}

const READ: Caller[] = ['self', 'admin', 'member'];
const WRITE: Caller[] = ['self', 'admin'];
const SETTINGS = JSON.stringify({ timeZone: 'Asia/Seoul', currency: 'KRW' });

async function configItem(world: MatrixWorld): Promise<unknown> {
  const r = await docClient().send(
    new GetCommand({ TableName: table('platformConfigs'), Key: { userPlatform: `${world.owner.sub}#GOOGLE_ADS` }, ConsistentRead: true }),
  );
  return r.Item ?? null;
}

/** A config of the owner to act on, made by the owner. */
async function ownerConfig(world: MatrixWorld): Promise<string> {
  const r = await gql(world.owner, CREATE, { input: { platform: 'GOOGLE_ADS', name: 'matrix', settings: SETTINGS, makeCurrent: false } });
  expect(r.errors).toBeUndefined();
  return r.data.createPlatformConfig.configId as string;
}

export const configsCampaignsRows: MatrixRow[] = [
  {
    operation: 'read configs',
    field: 'platformConfigs',
    allowed: READ,
    run: (w, who, ownerId) => gql(who, LIST, { platform: 'GOOGLE_ADS', ownerId }),
    check: (w, d) => expect(d.platformConfigs).toMatchObject({ ownerId: w.owner.sub, platform: 'GOOGLE_ADS' }),
  },
  {
    operation: 'create config',
    field: 'createPlatformConfig',
    allowed: WRITE,
    run: (w, who, ownerId) => gql(who, CREATE, { input: { platform: 'GOOGLE_ADS', ownerId, name: 'by caller', settings: SETTINGS, makeCurrent: false } }),
    check: (w, d) => expect(d.createPlatformConfig).toMatchObject({ name: 'by caller' }),
    state: configItem,
  },
  {
    operation: 'update config',
    field: 'updatePlatformConfig',
    allowed: WRITE,
    prepare: ownerConfig,
    run: (w, who, ownerId, configId) => gql(who, UPDATE, { input: { platform: 'GOOGLE_ADS', ownerId, configId, name: 'renamed by caller' } }),
    check: (w, d) => expect(d.updatePlatformConfig).toMatchObject({ name: 'renamed by caller' }),
    state: configItem,
  },
  {
    operation: 'set current config',
    field: 'setCurrentPlatformConfig',
    allowed: WRITE,
    prepare: ownerConfig,
    run: (w, who, ownerId, configId) => gql(who, SET_CURRENT, { platform: 'GOOGLE_ADS', configId, ownerId }),
    check: (w, d) => expect(d.setCurrentPlatformConfig).toMatchObject({ ownerId: w.owner.sub, currentConfigId: expect.any(String) }),
    state: configItem,
  },
  {
    operation: 'delete config',
    field: 'deletePlatformConfig',
    allowed: WRITE,
    prepare: ownerConfig,
    run: (w, who, ownerId, configId) => gql(who, DELETE, { platform: 'GOOGLE_ADS', configId, ownerId }),
    check: (w, d) => expect(d.deletePlatformConfig).toEqual(expect.any(String)),
    state: configItem,
  },
  {
    operation: 'read accounts',
    field: 'platformAccounts',
    allowed: READ,
    run: (w, who, ownerId) => gql(who, ACCOUNTS, { ownerId }),
    check: (w, d) => expect(d.platformAccounts).toEqual([expect.objectContaining({ ownerId: w.owner.sub, accountId: w.accountId, status: 'ACTIVE' })]),
  },
  {
    operation: 'list campaigns',
    field: 'campaigns',
    allowed: READ,
    run: (w, who, ownerId) => gql(who, CAMPAIGNS, { platform: 'META', ownerId }),
    check: (w, d) => expect((d.campaigns as { items: unknown[] }).items).toEqual([expect.objectContaining({ campaignId: 'mx-1', ownerId: w.owner.sub })]),
  },
  {
    operation: 'read campaign (with daily)',
    field: 'campaign',
    allowed: READ,
    run: (w, who, ownerId) => gql(who, CAMPAIGN, { platform: 'META', accountId: w.accountId, campaignId: 'mx-1', ownerId }),
    check: (w, d) => expect(d.campaign).toMatchObject({ campaignId: 'mx-1', ownerId: w.owner.sub, daily: [expect.any(Object), expect.any(Object)] }),
  },
];

// Platform configs end to end through the stack's GraphQL endpoint: lifecycle, current-config
// rules, concurrency (no lost update), and the stored item shape.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { docClient, gql, newUser, table, type TestUser } from '../../../test/support/stack.js';
import { CREATE, DELETE, LIST, SET_CURRENT, UPDATE } from './operations.js';

const GOOGLE = { timeZone: 'Asia/Seoul', currency: 'KRW' };

async function create(user: TestUser, name: string, extra: Record<string, unknown> = {}, settings: object = GOOGLE) {
  const r = await gql(user, CREATE, { input: { platform: 'GOOGLE_ADS', name, settings: JSON.stringify(settings), ...extra } });
  expect(r.errors).toBeUndefined();
  return r.data.createPlatformConfig as { configId: string; name: string; settings: string; createdAt: string; updatedAt: string };
}

async function list(user: TestUser, platform = 'GOOGLE_ADS') {
  const r = await gql(user, LIST, { platform });
  expect(r.errors).toBeUndefined();
  return r.data.platformConfigs as {
    ownerId: string;
    currentConfigId: string | null;
    updatedAt: string | null;
    configs: { configId: string; name: string; settings: string }[];
  };
}

async function storedItem(user: TestUser, platform = 'GOOGLE_ADS') {
  const r = await docClient().send(new GetCommand({ TableName: table('platformConfigs'), Key: { userPlatform: `${user.sub}#${platform}` }, ConsistentRead: true }));
  return r.Item;
}

describe('platform configs', () => {
  it('an owner without configs gets an empty set', async () => {
    const owner = await newUser('cfg-empty');
    expect(await list(owner, 'META')).toEqual({ ownerId: owner.sub, platform: 'META', currentConfigId: null, updatedAt: null, configs: [] });
  });

  it('creates, lists, updates, sets current and deletes; the item keeps the documented shape', async () => {
    const owner = await newUser('cfg-life');
    const first = await create(owner, '  Main  ', {}, { ...GOOGLE, accountIds: ['123-456-7890'] });
    expect(first.name).toBe('Main');
    expect(JSON.parse(first.settings)).toEqual({ timeZone: 'Asia/Seoul', currency: 'KRW', defaultDateRangeDays: 30, accountIds: ['1234567890'] });
    expect(first.createdAt).toBe(first.updatedAt);

    let set = await list(owner);
    expect(set.currentConfigId).toBe(first.configId);
    expect(set.configs).toEqual([first]);

    const item = await storedItem(owner);
    expect(item).toMatchObject({ userPlatform: `${owner.sub}#GOOGLE_ADS`, ownerId: owner.sub, platform: 'GOOGLE_ADS', currentConfigId: first.configId });
    expect(item?.configs[first.configId]).toMatchObject({ configId: first.configId, name: 'Main', createdBy: owner.sub });
    expect(item?.configs[first.configId].settings).toEqual({ timeZone: 'Asia/Seoul', currency: 'KRW', defaultDateRangeDays: 30, accountIds: ['1234567890'] });

    // A second config does not take over "current" unless asked.
    const second = await create(owner, 'Backup');
    set = await list(owner);
    expect(set.currentConfigId).toBe(first.configId);
    expect(set.configs.map((c) => c.configId)).toEqual([first.configId, second.configId]);

    // Name only: settings kept. Settings only: name kept.
    const renamed = await gql(owner, UPDATE, { input: { platform: 'GOOGLE_ADS', configId: second.configId, name: 'Renamed' } });
    expect(renamed.errors).toBeUndefined();
    expect(renamed.data.updatePlatformConfig).toMatchObject({ name: 'Renamed', settings: second.settings, createdAt: second.createdAt });
    const resettled = await gql(owner, UPDATE, {
      input: { platform: 'GOOGLE_ADS', configId: second.configId, settings: JSON.stringify({ timeZone: 'UTC', currency: 'USD', defaultDateRangeDays: 7 }) },
    });
    expect(resettled.errors).toBeUndefined();
    expect(resettled.data.updatePlatformConfig.name).toBe('Renamed');
    expect(JSON.parse(resettled.data.updatePlatformConfig.settings)).toEqual({ timeZone: 'UTC', currency: 'USD', defaultDateRangeDays: 7, accountIds: [] });

    const current = await gql(owner, SET_CURRENT, { platform: 'GOOGLE_ADS', configId: second.configId });
    expect(current.errors).toBeUndefined();
    expect(current.data.setCurrentPlatformConfig).toMatchObject({ ownerId: owner.sub, platform: 'GOOGLE_ADS', currentConfigId: second.configId });

    // Deleting a config that is not current leaves "current" alone.
    const del = await gql(owner, DELETE, { platform: 'GOOGLE_ADS', configId: first.configId });
    expect(del.errors).toBeUndefined();
    expect(del.data.deletePlatformConfig).toBe(first.configId);
    set = await list(owner);
    expect(set.currentConfigId).toBe(second.configId);
    expect(set.configs.map((c) => c.configId)).toEqual([second.configId]);
  });

  it('deleting the current config clears currentConfigId; the next created config becomes current', async () => {
    const owner = await newUser('cfg-delcur');
    const a = await create(owner, 'A');
    const b = await create(owner, 'B');
    expect((await list(owner)).currentConfigId).toBe(a.configId);
    const del = await gql(owner, DELETE, { platform: 'GOOGLE_ADS', configId: a.configId });
    expect(del.errors).toBeUndefined();
    const set = await list(owner);
    expect(set.currentConfigId).toBeNull();
    expect(set.configs.map((c) => c.configId)).toEqual([b.configId]);
    expect(await storedItem(owner)).not.toHaveProperty('currentConfigId');
    const c = await create(owner, 'C');
    expect((await list(owner)).currentConfigId).toBe(c.configId);
  });

  it('makeCurrent: true takes over, false never does', async () => {
    const owner = await newUser('cfg-makecur');
    const a = await create(owner, 'A', { makeCurrent: false });
    expect((await list(owner)).currentConfigId).toBeNull();
    const b = await create(owner, 'B');
    expect((await list(owner)).currentConfigId).toBe(b.configId);
    const c = await create(owner, 'C', { makeCurrent: true });
    expect((await list(owner)).currentConfigId).toBe(c.configId);
    expect((await list(owner)).configs.map((x) => x.configId)).toEqual([a.configId, b.configId, c.configId]);
  });

  it('missing configs are NotFound, and an update never resurrects a deleted config', async () => {
    const owner = await newUser('cfg-missing');
    const missing = '01JZZZZZZZZZZZZZZZZZZZZZZZ';
    for (const [query, vars] of [
      [UPDATE, { input: { platform: 'GOOGLE_ADS', configId: missing, name: 'x' } }],
      [SET_CURRENT, { platform: 'GOOGLE_ADS', configId: missing }],
      [DELETE, { platform: 'GOOGLE_ADS', configId: missing }],
    ] as const) {
      const r = await gql(owner, query, vars);
      expect(r.errors?.[0]?.errorType, query).toBe('NotFound');
    }
    const a = await create(owner, 'A');
    const b = await create(owner, 'B');
    expect((await gql(owner, DELETE, { platform: 'GOOGLE_ADS', configId: b.configId })).errors).toBeUndefined();
    const r = await gql(owner, UPDATE, { input: { platform: 'GOOGLE_ADS', configId: b.configId, name: 'back' } });
    expect(r.errors?.[0]?.errorType).toBe('NotFound');
    expect(Object.keys((await storedItem(owner))?.configs)).toEqual([a.configId]);
    // Deleting twice: the second is NotFound.
    expect((await gql(owner, DELETE, { platform: 'GOOGLE_ADS', configId: b.configId })).errors?.[0]?.errorType).toBe('NotFound');
  });

  it('rejects malformed config ids and empty updates', async () => {
    const owner = await newUser('cfg-badid');
    const bad = await gql(owner, DELETE, { platform: 'GOOGLE_ADS', configId: 'a#b' });
    expect(bad.errors?.[0]).toMatchObject({ errorType: 'ValidationError', errorInfo: { field: 'configId' } });
    const a = await create(owner, 'A');
    const empty = await gql(owner, UPDATE, { input: { platform: 'GOOGLE_ADS', configId: a.configId } });
    expect(empty.errors?.[0]).toMatchObject({ errorType: 'ValidationError', errorInfo: { field: 'input', reason: 'nothingToUpdate' } });
  });

  it('caps configs per platform with a Conflict', async () => {
    const owner = await newUser('cfg-cap');
    for (let i = 0; i < 20; i++) await create(owner, `C${i}`);
    const r = await gql(owner, CREATE, { input: { platform: 'GOOGLE_ADS', name: 'one too many', settings: JSON.stringify(GOOGLE) } });
    expect(r.errors?.[0]).toMatchObject({ errorType: 'Conflict', errorInfo: { reason: 'tooManyConfigs' } });
    expect((await list(owner)).configs).toHaveLength(20);
  });

  describe('concurrency: no lost update', () => {
    it('parallel creates on one owner+platform all land, the set is created once', async () => {
      const owner = await newUser('cfg-par-create');
      const n = 15;
      const made = await Promise.all(Array.from({ length: n }, (_, i) => create(owner, `P${i}`)));
      const ids = made.map((m) => m.configId);
      expect(new Set(ids).size).toBe(n);
      const set = await list(owner);
      expect(set.configs.map((c) => c.configId).sort()).toEqual([...ids].sort());
      expect(set.configs.map((c) => c.name).sort()).toEqual(made.map((m) => m.name).sort());
      // Exactly one of them became current (if_not_exists): never overwritten by a later one.
      expect(ids).toContain(set.currentConfigId);
    });

    it('parallel updates of different configs, and of different fields of one config, are all kept', async () => {
      const owner = await newUser('cfg-par-update');
      const made: { configId: string }[] = [];
      for (let i = 0; i < 8; i++) made.push(await create(owner, `U${i}`));
      const target = made[0]!.configId;
      const results = await Promise.all([
        ...made.map((m, i) =>
          gql(owner, UPDATE, {
            input: { platform: 'GOOGLE_ADS', configId: m.configId, settings: JSON.stringify({ ...GOOGLE, defaultDateRangeDays: 10 + i }) },
          }),
        ),
        gql(owner, UPDATE, { input: { platform: 'GOOGLE_ADS', configId: target, name: 'renamed concurrently' } }),
      ]);
      for (const r of results) expect(r.errors).toBeUndefined();
      const set = await list(owner);
      made.forEach((m, i) => {
        const c = set.configs.find((x) => x.configId === m.configId)!;
        expect(JSON.parse(c.settings).defaultDateRangeDays).toBe(10 + i);
        expect(c.name).toBe(i === 0 ? 'renamed concurrently' : `U${i}`);
      });
    });

    it('racing delete-current against set-current never leaves currentConfigId naming a missing config', async () => {
      const owner = await newUser('cfg-race');
      for (let round = 0; round < 4; round++) {
        const a = await create(owner, `A${round}`, { makeCurrent: true });
        const b = await create(owner, `B${round}`);
        const [del, setA, setB] = await Promise.all([
          gql(owner, DELETE, { platform: 'GOOGLE_ADS', configId: a.configId }),
          gql(owner, SET_CURRENT, { platform: 'GOOGLE_ADS', configId: a.configId }),
          gql(owner, SET_CURRENT, { platform: 'GOOGLE_ADS', configId: b.configId }),
        ]);
        expect(setB.errors).toBeUndefined();
        // The delete may lose to a set-current that moved "current" between its two attempts: Conflict.
        if (del.errors) expect(['Conflict']).toContain(del.errors[0]?.errorType);
        if (setA.errors) expect(setA.errors[0]?.errorType).toBe('NotFound');
        const item = await storedItem(owner);
        if (item?.currentConfigId !== undefined) expect(Object.keys(item.configs)).toContain(item.currentConfigId);
        if (!del.errors) expect(Object.keys(item?.configs)).not.toContain(a.configId);
      }
    });
  });
});

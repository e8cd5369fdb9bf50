// Runs the configs / accounts / campaigns rows of the authorization matrix (test/authz/
// matrix-configs-campaigns.ts) for every caller: self, team ADMIN, team MEMBER, stranger, no token.
import { beforeAll, describe, expect, it } from 'vitest';
import { configsCampaignsRows, type Caller, type MatrixWorld } from '../authz/matrix-configs-campaigns.js';
import { campaignItem, putItems } from '../campaigns/seed.js';
import { newCast, seedAccount } from './fixtures.js';

let world: MatrixWorld;

beforeAll(async () => {
  const cast = await newCast('matrix');
  world = { ...cast, accountId: '31337' };
  await seedAccount(cast.owner, 'META', world.accountId);
  await putItems([campaignItem(cast.owner.sub, 'META', world.accountId, 'mx-1', '2026-03-01T00:00:00.000Z', 'ACTIVE')]);
});

const CALLERS: Caller[] = ['self', 'admin', 'member', 'stranger', 'none'];

describe.each(configsCampaignsRows)('$operation', (row) => {
  it.each(CALLERS)('%s', async (caller) => {
    const who = caller === 'self' ? world.owner : caller === 'none' ? null : world[caller];
    const ownerId = caller === 'self' ? undefined : world.owner.sub;
    const prepared = row.prepare ? await row.prepare(world) : undefined;
    const before = row.state ? await row.state(world) : undefined;
    const r = await row.run(world, who, ownerId, prepared);
    if (row.allowed.includes(caller)) {
      expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
      row.check(world, r.data!);
      return;
    }
    if (caller === 'none') {
      expect(r.status).toBe(401);
      expect(r.data ?? null).toBeNull();
    } else {
      expect(r.errors?.[0]?.errorType).toBe('Unauthorized');
      expect(r.data?.[row.field] ?? null).toBeNull();
    }
    // A denied write changes nothing.
    if (row.state) expect(await row.state(world)).toEqual(before);
  });
});

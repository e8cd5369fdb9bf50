// Runs the credentials rows of the authorization matrix (test/authz/matrix-credentials.ts) for every
// caller: self, team ADMIN, team MEMBER, stranger, no token. Non-owners get the row's `denied`
// answer; for every caller but the owner, the owner's items must be unchanged.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Caller, MatrixWorld } from '../authz/matrix-configs-campaigns.js';
import { credentialsRows } from '../authz/matrix-credentials.js';
import { newCast } from '../configs/fixtures.js';

let world: MatrixWorld;

beforeAll(async () => {
  world = { ...(await newCast('cred-matrix')), accountId: 'unused' };
});

const CALLERS: Caller[] = ['self', 'admin', 'member', 'stranger', 'none'];

describe.each(credentialsRows)('$operation', (row) => {
  it.each(CALLERS)('%s', async (caller) => {
    const who = caller === 'self' ? world.owner : caller === 'none' ? null : world[caller];
    const prepared = row.prepare ? await row.prepare(world) : undefined;
    const before = row.state ? await row.state(world) : undefined;
    const r = await row.run(world, who, caller === 'self' ? undefined : world.owner.sub, prepared);
    if (row.allowed.includes(caller)) {
      expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
      row.check(world, r.data!);
      return;
    }
    if (who === null) {
      expect(r.status).toBe(401);
      expect(r.data ?? null).toBeNull();
    } else {
      row.denied(world, who, r);
    }
    if (row.state) expect(await row.state(world)).toEqual(before);
  });
});

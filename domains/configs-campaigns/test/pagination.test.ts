// campaigns() over thousands of items: every item exactly once, in the documented stable order,
// full pages, status filtering, and nextToken checks (tampered / foreign / other query → ValidationError,
// never another owner's data).
import { beforeAll, describe, expect, it } from 'vitest';
import { gql, newUser, type GqlResult, type TestUser } from '../../../test/support/stack.js';
import { seedAccount, seedTeam } from './fixtures.js';
import { CAMPAIGNS } from './operations.js';
import { accountCampaigns, expectedOrder, putItems, type SeededCampaign } from './seed.js';

interface Page {
  items: { campaignId: string; accountId: string; ownerId: string; platform: string; status: string; updatedAt: string }[];
  nextToken: string | null;
}

let owner: TestUser;
let member: TestUser;
let stranger: TestUser;
const seeded: SeededCampaign[] = [];
const COUNTS: Record<string, number> = { '1001': 1200, '1002': 800, '1003': 500 };

beforeAll(async () => {
  [owner, member, stranger] = await Promise.all([newUser('pg owner'), newUser('pg member'), newUser('pg stranger')]);
  await seedTeam(owner, [{ user: member, role: 'member' }]);
  // Empty accounts before, between and after the full ones: the walk must pass through them.
  for (const id of ['1000', '1001', '1002', '1002x', '1003', '1004']) await seedAccount(owner, 'META', id);
  const all: Record<string, unknown>[] = [];
  for (const [accountId, n] of Object.entries(COUNTS)) {
    const { items, seeded: s } = accountCampaigns(owner.sub, 'META', accountId, n);
    all.push(...items);
    seeded.push(...s);
  }
  // Another owner's campaigns in the same accounts ids and platform: must never show up.
  const other = accountCampaigns(stranger.sub, 'META', '1001', 30, Date.UTC(2027, 0, 1));
  await seedAccount(stranger, 'META', '1001');
  await putItems([...all, ...other.items]);
}, 300_000);

async function walk(who: TestUser, vars: Record<string, unknown>, limit: number): Promise<Page[]> {
  const pages: Page[] = [];
  let nextToken: string | null = null;
  do {
    const r: GqlResult<{ campaigns: Page }> = await gql<{ campaigns: Page }>(who, CAMPAIGNS, { platform: 'META', ...vars, limit, nextToken });
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    pages.push(r.data!.campaigns);
    nextToken = r.data!.campaigns.nextToken;
    expect(pages.length).toBeLessThan(2000);
  } while (nextToken);
  return pages;
}

const key = (c: { accountId: string; campaignId: string }) => `${c.accountId}/${c.campaignId}`;

describe('campaigns pagination', () => {
  it('walks every account of the platform: each of 2,500 items exactly once, stable order, full pages', async () => {
    const pages = await walk(owner, {}, 100);
    const items = pages.flatMap((p) => p.items);
    expect(items).toHaveLength(2500);
    expect(new Set(items.map(key)).size).toBe(2500);
    expect(items.map(key)).toEqual(expectedOrder(seeded).map(key));
    for (const p of pages.slice(0, -1)) expect(p.items).toHaveLength(100);
    expect(items.every((i) => i.ownerId === owner.sub && i.platform === 'META')).toBe(true);
    // The same walk again gives the same order.
    const again = (await walk(owner, {}, 100)).flatMap((p) => p.items);
    expect(again.map(key)).toEqual(items.map(key));
  });

  it('walks one account with an odd page size', async () => {
    const pages = await walk(owner, { accountId: '1002' }, 37);
    const items = pages.flatMap((p) => p.items);
    expect(items.map(key)).toEqual(expectedOrder(seeded.filter((s) => s.accountId === '1002')).map(key));
    expect(pages).toHaveLength(Math.ceil(800 / 37));
    expect(pages.at(-1)!.nextToken).toBeNull();
  });

  it('defaults to 50 per page, newest first', async () => {
    const r = await gql<{ campaigns: Page }>(owner, CAMPAIGNS, { platform: 'META', accountId: '1003' });
    expect(r.errors).toBeUndefined();
    expect(r.data!.campaigns.items.map(key)).toEqual(expectedOrder(seeded.filter((s) => s.accountId === '1003')).slice(0, 50).map(key));
    expect(r.data!.campaigns.nextToken).toEqual(expect.any(String));
  });

  it('filters by status across accounts, still exactly once and in order', async () => {
    const pages = await walk(owner, { status: 'PAUSED' }, 50);
    const items = pages.flatMap((p) => p.items);
    expect(items.every((i) => i.status === 'PAUSED')).toBe(true);
    expect(items.map(key)).toEqual(expectedOrder(seeded.filter((s) => s.status === 'PAUSED')).map(key));
  });

  it('a teammate pages the owner data with ownerId', async () => {
    const pages = await walk(member, { ownerId: owner.sub, accountId: '1003' }, 100);
    expect(pages.flatMap((p) => p.items).map(key)).toEqual(expectedOrder(seeded.filter((s) => s.accountId === '1003')).map(key));
  });

  it('an empty or unknown account gives an empty page without a token', async () => {
    for (const accountId of ['1000', '999999']) {
      const r = await gql<{ campaigns: Page }>(owner, CAMPAIGNS, { platform: 'META', accountId });
      expect(r.data?.campaigns).toEqual({ items: [], nextToken: null });
    }
    const r = await gql<{ campaigns: Page }>(owner, CAMPAIGNS, { platform: 'KAKAO' });
    expect(r.data?.campaigns).toEqual({ items: [], nextToken: null });
  });

  it('rejects limits outside 1–100 and odd account ids', async () => {
    for (const [vars, field] of [
      [{ limit: 0 }, 'limit'],
      [{ limit: 101 }, 'limit'],
      [{ accountId: `1001#x` }, 'accountId'],
    ] as const) {
      const r = await gql(owner, CAMPAIGNS, { platform: 'META', ...vars });
      expect(r.errors?.[0]).toMatchObject({ errorType: 'ValidationError', errorInfo: { field } });
    }
  });

  describe('nextToken', () => {
    async function firstToken(who: TestUser, vars: Record<string, unknown> = {}): Promise<string> {
      const r = await gql<{ campaigns: Page }>(who, CAMPAIGNS, { platform: 'META', limit: 10, ...vars });
      expect(r.errors).toBeUndefined();
      return r.data!.campaigns.nextToken!;
    }

    async function expectRejected(who: TestUser, nextToken: string, vars: Record<string, unknown>, reason?: string) {
      const r = await gql(who, CAMPAIGNS, { platform: 'META', limit: 10, nextToken, ...vars });
      expect(r.data?.campaigns ?? null).toBeNull();
      expect(r.errors?.[0]).toMatchObject({ errorType: 'ValidationError', errorInfo: { field: 'nextToken', ...(reason ? { reason } : {}) } });
    }

    it('a tampered, truncated or made-up token is a ValidationError', async () => {
      const token = await firstToken(owner);
      const [b64, sum] = token.split('.') as [string, string];
      // Change one base64 digit in several places: each is detected.
      for (const at of [0, 5, Math.floor(b64.length / 2), b64.length - 3]) {
        const ch = b64[at] === 'A' ? 'B' : 'A';
        await expectRejected(owner, `${b64.slice(0, at)}${ch}${b64.slice(at + 1)}.${sum}`, {});
      }
      await expectRejected(owner, token.slice(0, -1), {});
      await expectRejected(owner, token.slice(4), {});
      await expectRejected(owner, 'not a token', {}, 'format');
      await expectRejected(owner, `${Buffer.from('{"v":1}').toString('base64')}.1x1`, {}, 'tampered');
      await expectRejected(owner, 'x'.repeat(5000), {}, 'format');
    });

    it("a token of another owner is a ValidationError, not that owner's data", async () => {
      // The member read the owner's campaigns; the token is bound to the owner.
      const memberToken = await firstToken(member, { ownerId: owner.sub });
      await expectRejected(member, memberToken, {}, 'foreignOwner');
      await expectRejected(stranger, memberToken, {}, 'foreignOwner');
      const ownerToken = await firstToken(owner, { accountId: '1001' });
      await expectRejected(stranger, ownerToken, { accountId: '1001' }, 'foreignOwner');
      // The owner may continue a walk the member started: same owner, same query.
      const r = await gql<{ campaigns: Page }>(owner, CAMPAIGNS, { platform: 'META', limit: 10, nextToken: memberToken });
      expect(r.errors).toBeUndefined();
      expect(r.data!.campaigns.items.map(key)).toEqual(expectedOrder(seeded).slice(10, 20).map(key));
    });

    it('a token used with a different platform, account or status filter is a ValidationError', async () => {
      const allToken = await firstToken(owner);
      await expectRejected(owner, allToken, { accountId: '1001' }, 'otherQuery');
      await expectRejected(owner, allToken, { status: 'ACTIVE' }, 'otherQuery');
      const r = await gql(owner, CAMPAIGNS, { platform: 'GOOGLE_ADS', limit: 10, nextToken: allToken });
      expect(r.errors?.[0]).toMatchObject({ errorType: 'ValidationError', errorInfo: { field: 'nextToken', reason: 'otherQuery' } });
      const oneToken = await firstToken(owner, { accountId: '1001' });
      await expectRejected(owner, oneToken, { accountId: '1002' }, 'otherQuery');
      await expectRejected(owner, oneToken, {}, 'otherQuery');
    });

    it('a well-formed forged token can only address the caller partition', async () => {
      // The checksum is not secret (see resolvers/lib/campaign-cursor.ts): rebuild it as an attacker would.
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=';
      const forge = (body: object) => {
        const b64 = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)).toString('base64');
        let h1 = 7;
        let h2 = 11;
        for (const ch of b64) {
          const v = alphabet.indexOf(ch) + 1;
          h1 = (h1 * 31 + v) % 2147483629;
          h2 = (h2 * 131 + v) % 999999937;
        }
        return `${b64}.${h1}x${h2}`;
      };
      const forgeText = (text: string) => forge(text as unknown as object);
      // Valid checksum, but not a token body: not JSON, wrong version, wrong field types, odd account.
      await expectRejected(stranger, forgeText('not json at all'), {}, 'format');
      await expectRejected(stranger, forge({ v: 2, o: stranger.sub, p: 'META', a: null, f: null, c: '1001', k: null }), {}, 'format');
      await expectRejected(stranger, forge({ v: 1, o: stranger.sub, p: 'META', a: null, f: null, c: '1001', k: 5 }), {}, 'format');
      await expectRejected(stranger, forge({ v: 1, o: stranger.sub, p: 'META', a: null, f: null, c: '1001#x', k: null }), {}, 'otherQuery');
      // Claiming the owner's identity inside the token: rejected, the binding is to the verified caller.
      await expectRejected(stranger, forge({ v: 1, o: owner.sub, p: 'META', a: '1001', f: null, c: '1001', k: null }), { accountId: '1001' }, 'foreignOwner');
      // Bound to the stranger but pointing into account 1001 after a far-future position: the Query
      // runs on the stranger's own partition only — the stranger's 30 campaigns, none of the owner's.
      const r = await gql<{ campaigns: Page }>(stranger, CAMPAIGNS, {
        platform: 'META',
        limit: 100,
        nextToken: forge({ v: 1, o: stranger.sub, p: 'META', a: null, f: null, c: '1001', k: '9999' }),
      });
      expect(r.errors).toBeUndefined();
      expect(r.data!.campaigns.items).toHaveLength(30);
      // Same campaign ids as the owner's newest in 1001, but the stranger's items (updated in 2027).
      expect(r.data!.campaigns.items.every((i) => i.updatedAt.startsWith('2027-'))).toBe(true);
    });
  });
});

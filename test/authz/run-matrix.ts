// Runs the MatrixCase rows of one domains/<domain>/test/authz-matrix.ts (format: ./matrix.ts) for every relation,
// through the local stack's GraphQL endpoint with real Cognito tokens. Each cell gets a fresh team.
// One test file per domain (domains/<domain>/test/authz-matrix.test.ts) calls runMatrix, so the domains run in parallel
// workers: each has its own people, and the cells of one file run one after another (an allowed cell
// changes the people's data, which a concurrent denied cell's before/after snapshot would see).
import { existsSync, readdirSync } from 'node:fs';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { docClient, newUser, snapshotFor, table, type TestUser } from '../support/stack.js';
import { teamRows } from '../../domains/users-teams/test/helpers.js';
import { RELATIONS, personFor, seedTeam, type MatrixCase, type Relation, type TeamPeople } from './matrix.js';
import { expiredAccessToken } from './tokens.js';

function isCase(v: unknown): v is MatrixCase {
  const c = v as MatrixCase;
  return !!c && typeof c.field === 'string' && typeof c.run === 'function' && typeof c.self === 'string' && !!c.expect;
}

const domainsDir = new URL('../../domains/', import.meta.url);

/** A domain's matrix rows: domains/<domain>/test/authz-matrix.ts. */
export const matrixFile = (domain: string) => new URL(`${domain}/test/authz-matrix.ts`, domainsDir);
export const domainFile = (domain: string) => existsSync(matrixFile(domain));

/** The domains with a matrix file. */
export function matrixDomains(): string[] {
  return readdirSync(domainsDir).filter(domainFile).sort();
}

/** The domains with a runner file (domains/<domain>/test/authz-matrix*.test.ts). */
export function runnerDomains(): string[] {
  return readdirSync(domainsDir)
    .filter((d) => existsSync(new URL(`${d}/test/`, domainsDir)) && readdirSync(new URL(`${d}/test/`, domainsDir)).some((f) => /^authz-matrix(\.\d+)?\.test\.ts$/.test(f)))
    .sort();
}

async function casesOf(domain: string): Promise<MatrixCase[]> {
  const mod = (await import(matrixFile(domain).href)) as Record<string, unknown>;
  const cases: MatrixCase[] = [];
  for (const value of Object.values(mod)) if (Array.isArray(value)) cases.push(...value.filter(isCase));
  return cases;
}

/**
 * Defines the domain's matrix tests. `part: [k, n]` runs only the k-th of n interleaved slices of the
 * cases (k from 1), so a large domain can be spread over n files, each with its own people.
 */
export async function runMatrix(domain: string, part: [number, number] = [1, 1]): Promise<void> {
  const [k, n] = part;
  const cases = (await casesOf(domain)).filter((_c, i) => i % n === k - 1);
  let people: TeamPeople;
  const touchedTeams: string[] = [];

  beforeAll(async () => {
    const [owner, admin, admin2, member, target, invitee, stranger] = await Promise.all(
      ['Owner', 'Admin', 'Admin Two', 'Member', 'Target', 'Invitee', 'Stranger'].map((n) => newUser(`Matrix ${n}`)),
    );
    people = { owner: owner!, admin: admin!, admin2: admin2!, member: member!, target: target!, invitee: invitee!, stranger: stranger! };
  });

  // Remove each cell's team (and teams created by allowed createTeam calls) so the users' team lists stay small.
  afterEach(async () => {
    for (const teamId of touchedTeams.splice(0)) {
      const rows = await teamRows(teamId);
      for (let i = 0; i < rows.length; i += 25) {
        const chunk = rows.slice(i, i + 25).map((r) => ({ DeleteRequest: { Key: { teamId: r.teamId, userId: r.userId } } }));
        await docClient().send(new BatchWriteCommand({ RequestItems: { [table('teams')]: chunk } }));
      }
    }
  });

  describe(`authorization matrix: ${domain}`, () => {
    it('has cases', () => expect(cases.length).toBeGreaterThan(0));
  });

  describe.each(cases.map((c) => [`${c.field}: ${c.operation}`, c] as const))('%s', (_label, row) => {
    it.each(RELATIONS.map((r) => [r, row.expect[r]] as const))('%s → %j', async (relation: Relation, expectation) => {
      const world = await seedTeam(people);
      touchedTeams.push(world.teamId);
      const person = personFor(relation, row);
      const actor: TestUser | null = person ? world[person] : null;
      const caller = relation === 'noToken' ? null : relation === 'iam' ? 'iam' : relation === 'expiredToken' ? { token: expiredAccessToken(actor!) } : actor;
      const everyone = Object.values(people);
      const before = expectation === 'allow' ? undefined : await snapshotFor(everyone);

      const r = await row.run(world, caller, relation === 'expiredToken' ? null : actor);

      if (expectation === 'allow') {
        expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
        expect(r.status).toBe(200);
        if (row.field === 'createTeam') touchedTeams.push(r.data?.createTeam?.teamId);
        await row.allowed?.(world, actor!, r.data ?? {});
        return;
      }
      if (relation === 'noToken' || relation === 'expiredToken') {
        expect(r.status).toBe(401);
        expect(r.data ?? null).toBeNull();
      } else {
        const errorType = typeof expectation === 'object' ? expectation.deny : 'Unauthorized';
        expect(r.errors?.map((e) => e.errorType), JSON.stringify(r.errors)).toEqual([errorType]);
        expect(r.data?.[row.field] ?? null).toBeNull();
      }
      // A denied call changes nothing anywhere for anyone in the world.
      expect(await snapshotFor(everyone)).toEqual(before);
    });
  });
}

// Every Query/Mutation/Subscription field of schema.graphql must have every relation of the matrix
// (test/authz/matrix.ts RELATIONS) classified by some row: new operations cannot slip in unclassified.
// - users-teams fields: always strict.
// - Other domains (domains/<domain>/, each expected to provide test/authz-matrix.ts there):
//   while some domain file is still missing, their unclassified fields are listed as todos; once every
//   domain has its file, any unclassified field anywhere fails.
import { describe, expect, it } from 'vitest';
import { domains as domainWirings } from '../../api/wiring/index.js';
import { RELATIONS, type MatrixCase, type Relation } from './matrix.js';
import { rootFields, TOKEN_RELATIONS, tokenCheckedFields } from './schema-fields.js';
import { domainFile, matrixFile, runnerDomains } from './run-matrix.js';

const MINE = 'users-teams';
const domains = domainWirings.map((d) => d.domain).sort();

const fieldDomain = new Map<string, string>();
for (const d of domainWirings) {
  for (const r of d.resolvers) if (['Query', 'Mutation', 'Subscription'].includes(r.typeName)) fieldDomain.set(r.fieldName, d.domain);
}

// Relations classified per field, from every matrix-*.ts row (both formats; see matrix.ts).
const LEGACY_RELATIONS: Relation[] = ['self', 'teamOwner', 'teamAdmin', 'teamMember', 'stranger', 'noToken'];
const classified = new Map<string, Set<Relation>>();
const add = (field: string, relations: Iterable<Relation>) => {
  const set = classified.get(field) ?? new Set<Relation>();
  for (const r of relations) set.add(r);
  classified.set(field, set);
};
const matrixFiles = domains.filter(domainFile);
/** The domains whose matrix file has MatrixCase rows (run by run-matrix.ts through authz-matrix*.test.ts). */
const casesIn = new Set<string>();
for (const file of matrixFiles) {
  const mod = (await import(matrixFile(file).href)) as Record<string, unknown>;
  for (const value of Object.values(mod)) {
    if (!Array.isArray(value)) continue;
    for (const row of value as Record<string, unknown>[]) {
      if (!row || typeof row.field !== 'string') continue;
      const c = row as unknown as MatrixCase;
      if (c.expect && typeof c.expect === 'object' && typeof c.run === 'function') casesIn.add(file);
      if (c.expect && typeof c.expect === 'object') add(c.field, RELATIONS.filter((r) => c.expect[r] !== undefined));
      else if (Array.isArray(row.allowed)) add(row.field, LEGACY_RELATIONS);
    }
  }
}
for (const f of tokenCheckedFields()) add(f.name, TOKEN_RELATIONS);

const fields = rootFields();
const missing = (name: string) => RELATIONS.filter((r) => !classified.get(name)?.has(r));
const MY_FIELDS = [
  'me', 'user', 'myTeams', 'team', 'myInvitations', 'updateMe', 'createTeam', 'updateTeam', 'deleteTeam', 'inviteMember',
  'acceptInvitation', 'declineInvitation', 'removeMember', 'changeMemberRole', 'leaveTeam',
];
const allDomainsHaveFiles = domains.every(domainFile);

describe('authorization matrix coverage', () => {
  it('every domain file with matrix rows has its runner file (authz-matrix.test.ts calling runMatrix)', () => {
    const withCases = matrixFiles.filter((f) => casesIn.has(f));
    const runners = runnerDomains();
    expect(withCases.filter((d) => !runners.includes(d))).toEqual([]);
  });

  it('schema fields are read', () => {
    expect(fields.map((f) => f.name)).toEqual(expect.arrayContaining(MY_FIELDS));
  });

  it(`${MINE}: every relation of every field is classified`, () => {
    const mine = new Set([...MY_FIELDS, ...fields.filter((f) => fieldDomain.get(f.name) === MINE).map((f) => f.name)]);
    const gaps = [...mine].map((f) => [f, missing(f)] as const).filter(([, m]) => m.length > 0);
    expect(Object.fromEntries(gaps)).toEqual({});
  });

  const others = fields.filter((f) => !MY_FIELDS.includes(f.name) && fieldDomain.get(f.name) !== MINE);
  if (allDomainsHaveFiles) {
    it('every other field is classified (all domain matrix files exist)', () => {
      const gaps = others.map((f) => [`${f.type}.${f.name}`, missing(f.name)] as const).filter(([, m]) => m.length > 0);
      expect(Object.fromEntries(gaps)).toEqual({});
    });
  } else {
    for (const f of others) {
      const m = missing(f.name);
      const domain = fieldDomain.get(f.name) ?? '(unwired)';
      if (m.length > 0) it.todo(`${f.type}.${f.name} [${domain}${domainFile(domain) ? '' : ', no matrix file yet'}]: unclassified ${m.join(', ')}`);
    }
  }
});

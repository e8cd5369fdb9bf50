// Property-based fuzzing of every mutation's arguments, derived from schema.graphql: whatever the input,
// the API answers with GraphQL errors carrying a stable errorType (never a crash, never a 5xx), and a
// mutation that fails leaves the caller's data exactly as it was.
import fc from 'fast-check';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { gql, newUser, snapshotFor, type TestUser } from '../support/stack.js';
import { loadSchema } from '../authz/schema-fields.js';

const STABLE = new Set(['Unauthorized', 'NotFound', 'ValidationError', 'Conflict', 'RateLimited', 'PlatformError', 'InternalError']);
// `npm test` runs a short pass (3 runs per mutation); `npm run test:full` sets FUZZ_RUNS (default 60).
const RUNS = Number(process.env.FUZZ_RUNS ?? 3);

const schema: GraphQLSchema = loadSchema();

let user: TestUser;
const realIds: string[] = [];

beforeAll(async () => {
  user = await newUser('Fuzz');
  const team = await gql<{ createTeam: { teamId: string } }>(user, 'mutation { createTeam(teamName: "Fuzz team") { teamId } }');
  realIds.push(user.sub, team.data!.createTeam.teamId);
});

const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('', ' ', '\u0000', '<script>', "'; DROP TABLE x; --", '#', 'a#b#c', '../..', 'x'.repeat(5_000)),
);

function arbitraryFor(type: GraphQLInputType, depth = 0): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return arbitraryFor(type.ofType, depth);
  if (isListType(type)) return fc.array(arbitraryFor(type.ofType, depth + 1), { maxLength: 3 });
  const named = getNamedType(type);
  if (isEnumType(named)) return fc.constantFrom(...named.getValues().map((v) => v.name));
  if (isInputObjectType(named)) {
    const fields = Object.values(named.getFields());
    return fc.record(Object.fromEntries(fields.map((f) => [f.name, nullable(f.type, depth + 1)])), { requiredKeys: fields.filter((f) => isNonNullType(f.type)).map((f) => f.name) });
  }
  if (isScalarType(named)) {
    switch (named.name) {
      case 'Int':
        return fc.oneof(fc.integer({ min: -1_000, max: 1_000 }), fc.constantFrom(0, -1, 2_147_483_647, -2_147_483_648));
      case 'Float':
        return fc.double({ noNaN: true, noDefaultInfinity: true });
      case 'Boolean':
        return fc.boolean();
      case 'ID':
        return fc.oneof(text, fc.constantFrom(...realIds));
      case 'AWSEmail':
        return fc.oneof(fc.emailAddress(), fc.constant(user.email));
      case 'AWSDate':
        return fc.date({ min: new Date('1990-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
      case 'AWSDateTime':
        return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
      case 'AWSJSON':
        return fc.oneof(fc.json({ maxDepth: 3 }), fc.constant('{"timeZone":"Asia/Seoul","currency":"KRW"}'), fc.constant('{}'));
      default:
        return text;
    }
  }
  return fc.constant(null);
}

function nullable(type: GraphQLInputType, depth: number): fc.Arbitrary<unknown> {
  const arb = arbitraryFor(type, depth);
  return isNonNullType(type) ? arb : fc.option(arb, { nil: null });
}

const mutations = Object.values(schema.getMutationType()!.getFields()).filter((f) => f.name !== 'publishSyncStatus');

describe('fuzzing every mutation', () => {
  it('covers every user-callable mutation of the schema', () => {
    expect(mutations.length).toBeGreaterThanOrEqual(18);
  });

  for (const field of mutations) {
    it(`${field.name}: stable errors, no crash, no partial write`, async () => {
      const varDefs = field.args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
      const callArgs = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
      const named = getNamedType(field.type);
      const selection = 'getFields' in named ? ` { __typename }` : '';
      const query = `mutation${varDefs ? ` (${varDefs})` : ''} { ${field.name}${callArgs ? `(${callArgs})` : ''}${selection} }`;
      const argsArb = fc.record(Object.fromEntries(field.args.map((a) => [a.name, nullable(a.type, 0)])));

      await fc.assert(
        fc.asyncProperty(argsArb, async (variables) => {
          const before = await snapshotFor([user]);
          const r = await gql(user, query, variables as Record<string, unknown>);
          expect(r.status, JSON.stringify(r.errors)).toBeLessThan(500);
          const resolverErrors = (r.errors ?? []).filter((e) => e.path?.length);
          for (const e of resolverErrors) expect(STABLE, `${e.errorType}: ${e.message}`).toContain(e.errorType);
          expect(resolverErrors.filter((e) => e.errorType === 'InternalError'), 'internal errors').toEqual([]);
          const value = (r.data as Record<string, unknown> | undefined)?.[field.name];
          if (value === null || value === undefined) expect(await snapshotFor([user])).toEqual(before);
        }),
        { numRuns: RUNS, endOnFailure: true },
      );
    }, 120_000);
  }
});

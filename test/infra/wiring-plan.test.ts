// planWiring is what makes synth refuse a wiring that does not match the schema or the bundles, and
// what decides which tables a data source role may touch.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Wiring } from '../../api/wiring/index.js';
import { repoRoot } from '../../infra/sivera-stack.js';
import { enumValues, loadSchema, maxCodeLength, planWiring } from '../../infra/wiring-plan.js';

const schema = loadSchema(repoRoot);
let dir = '';

function bundle(path: string, code = 'export function request(ctx) { return {}; }\nexport function response(ctx) { return ctx.result; }\n'): void {
  mkdirSync(join(dir, path, '..'), { recursive: true });
  writeFileSync(join(dir, path), code);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sivera-plan-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const dataSources: Wiring['dataSources'] = {
  none: { type: 'NONE' },
  teamsTableRead: { type: 'AMAZON_DYNAMODB', table: 'teams', readOnly: true },
  usersTable: { type: 'AMAZON_DYNAMODB', table: 'users' },
  syncFunction: { type: 'AWS_LAMBDA', lambda: 'sync' },
};

describe('planWiring', () => {
  it('plans unit and pipeline resolvers with their bundles, and the tables each data source code names', () => {
    bundle('functions/authorize.js', 'const t = ctx.env.TEAMS_TABLE;');
    bundle('Query.me.js', "export function request(ctx) { return { operation: 'TransactGetItems', items: [{ table: ctx.env.TEAMS_TABLE }] }; }");
    bundle('Mutation.syncCampaigns.js');
    const plan = planWiring(
      {
        dataSources,
        functions: [{ name: 'authorize', dataSource: 'teamsTableRead' }],
        resolvers: [
          { typeName: 'Query', fieldName: 'me', kind: 'UNIT', dataSource: 'usersTable' },
          { typeName: 'Mutation', fieldName: 'syncCampaigns', kind: 'PIPELINE', functions: ['authorize'] },
        ],
      },
      schema,
      dir,
    );
    expect(plan.resolvers.map((r) => [r.def.typeName, r.def.fieldName, r.bundlePath])).toEqual([
      ['Query', 'me', join(dir, 'Query.me.js')],
      ['Mutation', 'syncCampaigns', join(dir, 'Mutation.syncCampaigns.js')],
    ]);
    expect(plan.functions[0]!.code).toBe('const t = ctx.env.TEAMS_TABLE;');
    // usersTable's code names TEAMS_TABLE (a transaction): it gets teams too. teamsTableRead only its own.
    expect(plan.dataSourceTables).toEqual({ teamsTableRead: ['teams'], usersTable: ['users', 'teams'] });
  });

  it('lists every problem at once: unknown field, data source, function, duplicates, missing bundles', () => {
    bundle('Query.me.js');
    bundle('Query.nope.js');
    let message = '';
    try {
      planWiring(
        {
          dataSources: { ...dataSources, 'bad-name': { type: 'NONE' } },
          functions: [
            { name: 'authorize', dataSource: 'ghostTable' },
            { name: 'authorize', dataSource: 'none' },
          ],
          resolvers: [
            { typeName: 'Query', fieldName: 'me', kind: 'UNIT', dataSource: 'none' },
            { typeName: 'Query', fieldName: 'me', kind: 'UNIT', dataSource: 'none' },
            { typeName: 'Query', fieldName: 'nope', kind: 'UNIT', dataSource: 'none' },
            { typeName: 'Mutation', fieldName: 'createTeam', kind: 'PIPELINE', functions: ['missingFn'] },
            { typeName: 'Mutation', fieldName: 'deleteTeam', kind: 'PIPELINE', functions: [] },
          ],
        },
        schema,
        dir,
      );
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('data source name "bad-name" is not a valid AppSync name');
    expect(message).toContain('pipeline function authorize: unknown data source ghostTable');
    expect(message).toContain('pipeline function authorize is declared twice');
    expect(message).toContain(`bundle ${join(dir, 'functions', 'authorize.js')} is missing. Run \`npm run build\``);
    expect(message).toContain('resolver Query.me is declared twice');
    expect(message).toContain('resolver Query.nope: schema.graphql has no field Query.nope');
    expect(message).toContain('resolver Mutation.createTeam: unknown pipeline function missingFn');
    expect(message).toContain('resolver Mutation.deleteTeam: a pipeline needs at least one function');
  });

  it('rejects a bundle AppSync would refuse for its size', () => {
    bundle('Query.me.js', `// ${'x'.repeat(maxCodeLength)}`);
    expect(() =>
      planWiring({ dataSources, functions: [], resolvers: [{ typeName: 'Query', fieldName: 'me', kind: 'UNIT', dataSource: 'none' }] }, schema, dir),
    ).toThrow(/Query\.me.*is 32771 characters; AppSync accepts at most 32768/);
  });

  it('reads enum values from the deployed schema (the KMS platform condition)', () => {
    expect(enumValues(schema, 'Platform')).toEqual(['GOOGLE_ADS', 'META', 'NAVER', 'KAKAO']);
    expect(() => enumValues(schema, 'Nope')).toThrow('schema.graphql has no enum Nope');
  });
});

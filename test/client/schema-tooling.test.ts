// What a frontend's own tooling needs: codegen for its own operations from the one schema file the client
// package ships (client/schema.graphql: the contract plus AppSync's scalars and directives), and standard
// introspection (graphql's getIntrospectionQuery, what GraphiQL, codegen and IDE plugins send) against the
// local endpoint, within bounds that still refuse introspection built to be expensive.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from '@graphql-codegen/cli';
import {
  buildClientSchema,
  buildSchema,
  getIntrospectionQuery,
  lexicographicSortSchema,
  printSchema,
  type IntrospectionQuery,
} from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { gql, newUser, type TestUser } from '../support/stack.js';

const read = (f: string) => readFileSync(new URL(`../../${f}`, import.meta.url), 'utf8');

describe("client/schema.graphql, the schema file for a frontend's own codegen", () => {
  it("is the contract plus AppSync's definitions, as npm run codegen writes it", () => {
    const shipped = buildSchema(read('client/schema.graphql'));
    const sources = buildSchema(read('schema.graphql') + read('api/appsync-tooling.graphql'));
    expect(printSchema(lexicographicSortSchema(shipped))).toBe(printSchema(lexicographicSortSchema(sources)));
    expect(shipped.getDirective('aws_subscribe')).toBeTruthy();
    // schema.graphql alone is not enough for tools: AppSync defines the AWS scalars itself.
    expect(() => buildSchema(read('schema.graphql'))).toThrow(/Unknown type "AWS/);
  });

  it("runs graphql-codegen on a frontend's own operation", async () => {
    const document = /* GraphQL */ `
      query MyDashboard($platform: Platform!, $from: AWSDate) {
        me {
          userId
          email
        }
        campaigns(platform: $platform, limit: 5) {
          items {
            campaignId
            name
            metrics {
              costMicros
            }
          }
          nextToken
        }
        myTeams {
          teamId
          teamName
        }
      }
    `;
    // As a frontend keeps it: its own .graphql file, the schema from the client package.
    const dir = mkdtempSync(join(tmpdir(), 'sivera-codegen-'));
    writeFileSync(join(dir, 'my-dashboard.graphql'), document);
    const scalars = { AWSDate: 'string', AWSDateTime: 'string', AWSJSON: 'string', AWSEmail: 'string', AWSTimestamp: 'number' };
    const files = await generate(
      {
        schema: fileURLToPath(new URL('../../client/schema.graphql', import.meta.url)),
        documents: join(dir, '*.graphql'),
        generates: { [join(dir, 'out.ts')]: { plugins: ['typescript', 'typescript-operations'], config: { scalars } } },
        silent: true,
      },
      false,
    ).finally(() => rmSync(dir, { recursive: true, force: true }));
    const out = (files as { content: string }[])[0]!.content;
    expect(out).toContain('export type MyDashboardQuery');
    expect(out).toContain('export type MyDashboardQueryVariables');
    expect(out).toMatch(/from\?: InputMaybe<Scalars\['AWSDate'\]\['input'\]>/);
  });
});

describe('introspection of the local endpoint', () => {
  let user: TestUser;
  beforeAll(async () => {
    user = await newUser('introspect');
  });

  it('answers the standard introspection query, and the schema it returns is the contract', async () => {
    for (const query of [
      getIntrospectionQuery(),
      getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true, specifiedByUrl: true, directiveIsRepeatable: true }),
    ]) {
      const r = await gql<IntrospectionQuery>(user, query);
      expect(r.errors).toBeUndefined();
      expect(r.status).toBe(200);
      const schema = buildClientSchema(r.data!);
      expect(schema.getQueryType()?.getFields().me).toBeTruthy();
      expect(schema.getType('AWSDate')).toBeTruthy();
    }
  });

  it('still refuses introspection built to be expensive, before running it', async () => {
    const nestedLists = await gql(user, '{ __schema { types { fields { args { type { fields { name } } } } } } }');
    expect([nestedLists.status, nestedLists.errors?.[0]?.message]).toEqual([
      400,
      'Introspection limit exceeded: more than 3 nested lists.',
    ]);
    const aliases = Array.from({ length: 6 }, (_, i) => `a${i}: __schema { types { name } }`).join(' ');
    const many = await gql(user, `{ ${aliases} }`);
    expect([many.status, many.errors?.[0]?.message]).toEqual([
      400,
      'Introspection limit exceeded: more than 5 __schema/__type selections.',
    ]);
    // An ofType chain longer than the standard query's counts toward the depth limit as every field does.
    let chain = 'name';
    for (let i = 0; i < 10; i++) chain = `ofType { ${chain} }`;
    const deep = await gql(user, `{ __type(name: "Campaign") { ${chain} } }`);
    expect([deep.status, deep.errors?.[0]?.errorType]).toEqual([400, 'QueryDepthLimitReached']);
  });
});

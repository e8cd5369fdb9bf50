// Turns the shared wiring (api/wiring) into a checked deployment plan: which bundle each resolver and
// pipeline function deploys, and which tables each DynamoDB data source touches. Pure (no CDK), so the
// checks run in tests without a synth.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, isObjectType, type GraphQLSchema } from 'graphql';
import { tableEnvVar, tables, type TableKey } from '../api/tables.js';
import type { DataSourceDef, FunctionDef, ResolverDef, Wiring } from '../api/wiring/index.js';

/** AppSync rejects resolver/function code longer than this (EvaluateCode / CreateResolver limit). */
export const maxCodeLength = 32_768;

export interface PlannedFunction extends FunctionDef {
  bundlePath: string;
  code: string;
}

export interface PlannedResolver {
  def: ResolverDef;
  bundlePath: string;
  code: string;
}

export interface WiringPlan {
  functions: PlannedFunction[];
  resolvers: PlannedResolver[];
  /** DynamoDB data source name → tables its code touches (its own table first). */
  dataSourceTables: Record<string, TableKey[]>;
}

export function resolverBundlePath(bundleDir: string, typeName: string, fieldName: string): string {
  return join(bundleDir, `${typeName}.${fieldName}.js`);
}

export function functionBundlePath(bundleDir: string, name: string): string {
  return join(bundleDir, 'functions', `${name}.js`);
}

/** The deployed schema plus AppSync's own scalars/directives, for validation only. */
export function loadSchema(root: string): GraphQLSchema {
  const sdl = readFileSync(join(root, 'schema.graphql'), 'utf8');
  const tooling = readFileSync(join(root, 'api', 'appsync-tooling.graphql'), 'utf8');
  return buildSchema(`${sdl}\n${tooling}`);
}

/** The values of `enum <name>` in the schema (e.g. Platform for the KMS context condition). */
export function enumValues(schema: GraphQLSchema, name: string): string[] {
  const type = schema.getType(name);
  if (!type || !('getValues' in type)) throw new Error(`schema.graphql has no enum ${name}`);
  return type.getValues().map((v) => v.name);
}

const namePattern = /^[_A-Za-z][_0-9A-Za-z]*$/;

function readBundle(path: string, what: string): string {
  if (!existsSync(path)) {
    throw new Error(`${what}: bundle ${path} is missing. Run \`npm run build\` (scripts/build-resolvers.ts) first.`);
  }
  const code = readFileSync(path, 'utf8');
  if (code.length > maxCodeLength) {
    throw new Error(`${what}: bundle ${path} is ${code.length} characters; AppSync accepts at most ${maxCodeLength}.`);
  }
  return code;
}

/**
 * Checks the wiring against the schema and the bundles and returns what to deploy. Throws one error
 * listing every problem (unknown field, data source or function; duplicates; missing bundles).
 */
export function planWiring(wiring: Wiring, schema: GraphQLSchema, bundleDir: string): WiringPlan {
  const problems: string[] = [];
  const ds = wiring.dataSources;

  for (const [name, def] of Object.entries(ds)) {
    if (!namePattern.test(name)) problems.push(`data source name ${JSON.stringify(name)} is not a valid AppSync name`);
    if (def.type === 'AMAZON_DYNAMODB' && !(def.table in tables)) problems.push(`data source ${name}: unknown table ${def.table}`);
  }

  const functionNames = new Set<string>();
  const functions: PlannedFunction[] = [];
  for (const f of wiring.functions) {
    if (functionNames.has(f.name)) problems.push(`pipeline function ${f.name} is declared twice`);
    functionNames.add(f.name);
    if (!namePattern.test(f.name)) problems.push(`pipeline function name ${JSON.stringify(f.name)} is not a valid AppSync name`);
    if (!ds[f.dataSource]) problems.push(`pipeline function ${f.name}: unknown data source ${f.dataSource}`);
    const bundlePath = functionBundlePath(bundleDir, f.name);
    try {
      functions.push({ ...f, bundlePath, code: readBundle(bundlePath, `pipeline function ${f.name}`) });
    } catch (e) {
      problems.push((e as Error).message);
    }
  }

  const fields = new Set<string>();
  const resolvers: PlannedResolver[] = [];
  for (const r of wiring.resolvers) {
    const id = `${r.typeName}.${r.fieldName}`;
    if (fields.has(id)) problems.push(`resolver ${id} is declared twice`);
    fields.add(id);
    const type = schema.getType(r.typeName);
    if (!type || !isObjectType(type) || !type.getFields()[r.fieldName]) {
      problems.push(`resolver ${id}: schema.graphql has no field ${id}`);
    }
    if (r.kind === 'UNIT' && !ds[r.dataSource]) problems.push(`resolver ${id}: unknown data source ${r.dataSource}`);
    if (r.kind === 'PIPELINE') {
      if (r.functions.length === 0) problems.push(`resolver ${id}: a pipeline needs at least one function`);
      if (r.functions.length > 10) problems.push(`resolver ${id}: AppSync allows at most 10 functions per pipeline`);
      for (const f of r.functions) if (!functionNames.has(f)) problems.push(`resolver ${id}: unknown pipeline function ${f}`);
    }
    const bundlePath = resolverBundlePath(bundleDir, r.typeName, r.fieldName);
    try {
      resolvers.push({ def: r, bundlePath, code: readBundle(bundlePath, `resolver ${id}`) });
    } catch (e) {
      problems.push((e as Error).message);
    }
  }

  if (problems.length > 0) {
    throw new Error(`api/wiring does not match schema.graphql or dist/resolvers:\n  - ${problems.join('\n  - ')}`);
  }

  return { functions, resolvers, dataSourceTables: dataSourceTables(ds, functions, resolvers) };
}

/**
 * Resolvers name other tables explicitly (via ctx.env.<X>_TABLE) in transactions and batches, which
 * run under the data source's role. A data source therefore gets its mode's actions on every table
 * whose env var appears in the code wired to it, and on no other.
 */
function dataSourceTables(
  ds: Record<string, DataSourceDef>,
  functions: PlannedFunction[],
  resolvers: PlannedResolver[],
): Record<string, TableKey[]> {
  const codeByDs = new Map<string, string[]>();
  const add = (name: string, code: string) => codeByDs.set(name, [...(codeByDs.get(name) ?? []), code]);
  for (const f of functions) add(f.dataSource, f.code);
  for (const r of resolvers) if (r.def.kind === 'UNIT') add(r.def.dataSource, r.code);

  const result: Record<string, TableKey[]> = {};
  for (const [name, def] of Object.entries(ds)) {
    if (def.type !== 'AMAZON_DYNAMODB') continue;
    const code = (codeByDs.get(name) ?? []).join('\n');
    const others = (Object.keys(tables) as TableKey[]).filter(
      (k) => k !== def.table && new RegExp(`\\b${tableEnvVar[k]}\\b`).test(code),
    );
    result[name] = [def.table, ...others];
  }
  return result;
}

// Field → resolver → data source wiring. Each domain declares its part (domains/<domain>/wiring.ts) with
// names tsc checks: schema fields from the generated resolver types, data sources from data-sources.ts,
// pipeline functions from the domain's own declarations and the shared ones. index.ts flattens the parts
// into `Wiring`, which infra/ deploys and the local stack's GraphQL endpoint executes.
import type { Resolvers } from '../generated/schema-types.js';
import type { TableKey } from '../tables.js';
import type { LambdaKey } from '../lambdas.js';
import type { DataSourceName } from './data-sources.js';

export type { DataSourceName };

export type DataSourceDef =
  | { type: 'AMAZON_DYNAMODB'; table: TableKey; readOnly?: boolean }
  | { type: 'AWS_LAMBDA'; lambda: LambdaKey }
  | { type: 'NONE' };

/** A deployed pipeline function; `source` is its .ts file from the repository root (bundled to dist/resolvers/functions/<name>.js). */
export interface FunctionDef {
  name: string;
  dataSource: string;
  source?: string;
}

/** A deployed resolver on typeName.fieldName; `source` is its .ts file (bundled to dist/resolvers/<typeName>.<fieldName>.js). */
export type ResolverDef = (
  | { typeName: string; fieldName: string; kind: 'UNIT'; dataSource: string }
  | { typeName: string; fieldName: string; kind: 'PIPELINE'; functions: string[] }
) & { source?: string };

/** The flat wiring: what infra/ deploys and the local endpoint runs (test fixtures build their own). */
export interface Wiring {
  dataSources: Record<string, DataSourceDef>;
  functions: FunctionDef[];
  resolvers: ResolverDef[];
}

// ---- The typed declarations each domain writes

export type DomainName = 'users-teams' | 'configs-campaigns' | 'credentials' | 'sync';

/** A pipeline function's declaration; its code is <folder>/pipeline/<name>.ts. */
export interface PipelineFunctionSpec {
  dataSource: DataSourceName;
  /**
   * AppSync runs a function once per pipeline step and has no loops across steps: a function that
   * repeats (one page or partition per step) is deployed `steps` times as <name>1..<name>N from the one
   * source file, and a pipeline naming it runs all N in order.
   */
  steps?: number;
}

type ResolvedTypeName = 'Query' | 'Mutation' | 'Subscription' | 'Team' | 'Campaign';
type FieldOf<T extends ResolvedTypeName> = Exclude<keyof NonNullable<Resolvers[T]>, `__${string}`> & string;

/** A resolver on a schema field (code in domains/<domain>/resolvers/<typeName>.<fieldName>.ts). */
export type FieldResolverSpec<F extends string> = {
  [T in ResolvedTypeName]: {
    [K in FieldOf<T>]:
      | { typeName: T; fieldName: K; kind: 'UNIT'; dataSource: DataSourceName }
      | { typeName: T; fieldName: K; kind: 'PIPELINE'; functions: F[] };
  }[FieldOf<T>];
}[ResolvedTypeName];

export interface DomainWiring<F extends string, S extends string> {
  domain: DomainName;
  functions: Record<F, PipelineFunctionSpec>;
  resolvers: FieldResolverSpec<F | S>[];
}

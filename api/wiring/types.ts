// Field → resolver → data source wiring, declared once. infra/ builds AppSync resolvers from it and
// the local stack's GraphQL endpoint executes the same bundles from it.
import type { TableKey } from '../tables.js';
import type { LambdaKey } from '../lambdas.js';

export type DataSourceDef =
  | { type: 'AMAZON_DYNAMODB'; table: TableKey; readOnly?: boolean }
  | { type: 'AWS_LAMBDA'; lambda: LambdaKey }
  | { type: 'NONE' };

/** Data sources by name. A resolver or function names one of these. */
export type DataSourceName = string;

/** A pipeline function: code in resolvers/functions/<name>.ts, bundled to dist/resolvers/functions/<name>.js */
export interface FunctionDef {
  name: string;
  dataSource: DataSourceName;
}

/**
 * A resolver on typeName.fieldName: code in resolvers/<typeName>.<fieldName>.ts, bundled to
 * dist/resolvers/<typeName>.<fieldName>.js.
 */
export type ResolverDef =
  | { typeName: string; fieldName: string; kind: 'UNIT'; dataSource: DataSourceName }
  | { typeName: string; fieldName: string; kind: 'PIPELINE'; functions: string[] };

export interface Wiring {
  dataSources: Record<DataSourceName, DataSourceDef>;
  functions: FunctionDef[];
  resolvers: ResolverDef[];
}

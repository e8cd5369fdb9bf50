// AppSync's error objects. Resolver errors carry every key (null when unset); request-level errors
// (validation, auth) carry fewer, as AppSync returns them.
import { GraphQLError, type GraphQLSchema, getNamedType, isObjectType, type SourceLocation } from 'graphql';
import { AwsScalarInputError, AwsScalarOutputError, quotable } from './scalars.js';
import type { AppSyncError } from '../resolver-runtime/types.js';

export interface AppSyncLocation {
  line: number;
  column: number;
  sourceName: null;
}

export interface AppSyncErrorOut {
  path?: (string | number)[] | null;
  data?: unknown;
  errorType?: string | null;
  errorInfo?: unknown;
  locations?: AppSyncLocation[] | null;
  message: string;
}

/** Thrown from field resolution to carry an AppSync error (util.error, Unauthorized, limits). */
export class FieldError extends Error {
  constructor(readonly error: AppSyncError) {
    super(error.message);
    this.name = 'FieldError';
  }
}

export function locationsOf(locs: readonly SourceLocation[] | undefined): AppSyncLocation[] | null {
  return locs?.length ? locs.map((l) => ({ line: l.line, column: l.column, sourceName: null })) : null;
}

export function fieldErrorOut(e: AppSyncError, path: (string | number)[] | null, locations: AppSyncLocation[] | null): AppSyncErrorOut {
  return {
    path,
    data: e.data ?? null,
    errorType: e.errorType ?? null,
    errorInfo: e.errorInfo ?? null,
    locations,
    message: e.message,
  };
}

/** "/a/items[3]/b", the path notation AppSync uses inside messages. */
export function slashPath(path: readonly (string | number)[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `/${p}`)).join('');
}

/** Convert an execution error from graphql-js into AppSync's shape and wording. */
export function executionErrorOut(err: GraphQLError, schema: GraphQLSchema): AppSyncErrorOut {
  const path = err.path ? [...err.path] : null;
  const locations = locationsOf(err.locations);
  const orig = err.originalError;
  if (orig instanceof FieldError) return fieldErrorOut(orig.error, path, locations);
  if (orig instanceof AwsScalarOutputError) {
    return { path, locations: null, message: `Can't serialize value (${slashPath(path ?? [])}) : ${orig.message}` };
  }
  const nonNull = /^Cannot return null for non-nullable field (\w+)\.(\w+)\.$/.exec(err.message);
  if (nonNull) {
    const parent = schema.getType(nonNull[1]!);
    const field = parent && isObjectType(parent) ? parent.getFields()[nonNull[2]!] : undefined;
    const typeName = field ? getNamedType(field.type).name : nonNull[2]!;
    return {
      path,
      locations,
      message: `Cannot return null for non-nullable type: '${typeName}' within parent '${nonNull[1]}' (${slashPath(path ?? [])})`,
    };
  }
  return fieldErrorOut({ message: err.message, errorType: orig ? 'Internal' : undefined }, path, locations);
}

const VALIDATION_KINDS: [RegExp, string, (m: RegExpExecArray) => string][] = [
  [/^Cannot query field "(\w+)" on type "(\w+)"\./, 'FieldUndefined', (m) => `Field '${m[1]}' in type '${m[2]}' is undefined`],
  [/^Field "(\w+)" argument "(\w+)" of type "([^"]+)" is required/, 'MissingFieldArgument', (m) => `Missing field argument ${m[2]}`],
  [/^Unknown argument "(\w+)" on field "[\w.]+"\./, 'UnknownArgument', (m) => `Unknown field argument ${m[1]}`],
  [/^Field "(\w+)" of type "([^"]+)" must have a selection of subfields/, 'SubSelectionRequired', (m) => `Sub selection required for type ${m[2]} of field ${m[1]}`],
  [/^Field "(\w+)" must not have a selection since type "([^"]+)" has no subfields/, 'SubSelectionNotAllowed', (m) => `Sub selection not allowed on leaf type ${m[2]} of field ${m[1]}`],
  [/^Unknown type "(\w+)"/, 'UnknownType', (m) => `Unknown type ${m[1]}`],
  // With introspection disabled AppSync answers as if the introspection fields did not exist.
  [/introspection has been disabled, but the requested query contained the field "(\w+)"/, 'FieldUndefined', (m) => `Field '${m[1]}' in type 'Query' is undefined`],
  [/^Variable "\$(\w+)" is not defined/, 'UndefinedVariable', (m) => `Undefined variable ${m[1]}`],
  [/^Variable "\$(\w+)" is never used/, 'UnusedVariable', (m) => `Unused variable ${m[1]}`],
];

/**
 * AppSync (graphql-java) words validation errors as
 * "Validation error of type <Kind>: <detail> @ '<field path>'". `fieldPath` is the slash path of the
 * enclosing field, when known.
 */
export function validationErrorOut(err: GraphQLError, fieldPath: string | null, argName: string | null): AppSyncErrorOut {
  const locations = locationsOf(err.locations);
  const at = fieldPath ? ` @ '${fieldPath}'` : '';
  const orig = err.originalError;
  if (orig instanceof AwsScalarInputError) {
    const value = quotable(orig.scalar) ? ` with value '${javaValue(orig.value)}'` : '';
    return { path: null, locations, message: `Validation error of type WrongType: argument '${argName ?? '?'}'${value} is not a valid '${orig.scalar}'${at}` };
  }
  for (const [re, kind, detail] of VALIDATION_KINDS) {
    const m = re.exec(err.message);
    if (m) return { path: null, locations, message: `Validation error of type ${kind}: ${detail(m)}${at}` };
  }
  if (/^Expected value of type|^Enum "|cannot represent/.test(err.message)) {
    return { path: null, locations, message: `Validation error of type WrongType: ${withoutFoundValue(err.message)}${at}` };
  }
  return { path: null, locations, message: `Validation error: ${err.message}${at}` };
}

/**
 * graphql-js quotes the offending literal ("Expected value of type "T", found <literal>; ..."): kept for
 * enums and plain scalars, dropped where the literal stands for an input object or AWSJSON, which may
 * hold credentials.
 */
function withoutFoundValue(message: string): string {
  const m = /^Expected value of type "([^"]+)", found [\s\S]*$/.exec(message);
  if (!m) return message;
  const typeName = m[1]!.replace(/[[\]!]/g, '');
  if (typeName === 'AWSJSON' || typeName.endsWith('Input')) return `Expected value of type "${m[1]}".`;
  return message;
}

/** graphql-java prints literal values as e.g. StringValue{value='x'} in its messages. */
function javaValue(v: unknown): string {
  if (typeof v === 'string') return `StringValue{value='${v}'}`;
  return String(v);
}

/** "Variable 'x' has an invalid value. Unable to parse `v` as a valid date." */
export function variableErrorOut(err: GraphQLError): AppSyncErrorOut {
  // graphql-js wraps the scalar's error once per coercion level.
  let orig: Error | undefined = err.originalError;
  while (orig instanceof GraphQLError && orig.originalError) orig = orig.originalError;
  const varName = /^Variable "\$(\w+)"/.exec(err.message)?.[1] ?? '?';
  const locations = locationsOf(err.locations);
  if (orig instanceof AwsScalarInputError) {
    return { path: null, locations, message: `Variable '${varName}' has an invalid value. ${orig.message}` };
  }
  // graphql-js quotes the whole variable value ("got invalid value <value>; <reason>"), credentials
  // included: only the reason, which comes last, is kept.
  const invalid = /^Variable "\$\w+" got invalid value /.test(err.message);
  const reason = invalid ? err.message.slice(err.message.lastIndexOf('; ') + 2) : err.message.replace(/^Variable "\$\w+" /, '');
  return { path: null, locations, message: `Variable '${varName}' has an invalid value: ${reason}` };
}

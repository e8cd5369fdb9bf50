// The executable schema: schema.graphql + AppSync's own scalars/directives (api/appsync-tooling.graphql),
// with AppSync's scalar rules, each field's auth rule (directives per auth-modes.ts) and the
// @aws_subscribe map precomputed.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  buildSchema,
  isObjectType,
  type ConstDirectiveNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  Kind,
} from 'graphql';
import { awsScalars } from './scalars.js';
import { AUTH_MODES, type AuthMode, modeOfDirective } from './auth-modes.js';

/** Who may read a field: the modes, and for Cognito the groups (null = any user of the pool). */
export interface FieldAuth {
  modes: Set<AuthMode>;
  cognitoGroups: string[] | null;
}

export interface AppSyncSchema {
  schema: GraphQLSchema;
  /** `Type.field` → rule; fields absent from the map use the default mode. */
  fieldAuth: Map<string, FieldAuth>;
  /** Mutation field → subscription fields that listen to it (@aws_subscribe). */
  subscribersOf: Map<string, string[]>;
  defaultMode: AuthMode;
}

const toolingPath = fileURLToPath(new URL('../../api/appsync-tooling.graphql', import.meta.url));

function authFromDirectives(directives: readonly ConstDirectiveNode[] | undefined): FieldAuth | null {
  const modes = new Set<AuthMode>();
  let cognitoGroups: string[] | null = null;
  for (const d of directives ?? []) {
    const mode = modeOfDirective(d.name.value);
    if (!mode) continue;
    modes.add(mode);
    const groupsArg = d.arguments?.find((a) => a.name.value === 'cognito_groups');
    if (groupsArg && groupsArg.value.kind === Kind.LIST) {
      cognitoGroups = groupsArg.value.values.flatMap((v) => (v.kind === Kind.STRING ? [v.value] : []));
    }
  }
  return modes.size ? { modes, cognitoGroups } : null;
}

export function buildAppSyncSchema(schemaSdl: string, defaultMode: AuthMode = 'AMAZON_COGNITO_USER_POOLS'): AppSyncSchema {
  const tooling = readFileSync(toolingPath, 'utf8');
  const schema = buildSchema(`${tooling}\n${schemaSdl}`);
  for (const [name, impl] of Object.entries(awsScalars)) {
    const t = schema.getType(name);
    if (t) Object.assign(t, { serialize: impl.serialize, parseValue: impl.parseValue, parseLiteral: impl.parseLiteral });
  }

  const fieldAuth = new Map<string, FieldAuth>();
  const subscribersOf = new Map<string, string[]>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    // A field directive replaces the type's set for that field (docs: security-authz.html).
    const typeRule = authFromDirectives(typeDirectives(type));
    for (const field of Object.values(type.getFields())) {
      const rule = authFromDirectives(field.astNode?.directives) ?? typeRule;
      if (rule) fieldAuth.set(`${type.name}.${field.name}`, rule);
      if (type === schema.getSubscriptionType()) collectSubscribe(field, subscribersOf);
    }
  }
  return { schema, fieldAuth, subscribersOf, defaultMode };
}

function typeDirectives(type: GraphQLObjectType): ConstDirectiveNode[] {
  return [type.astNode, ...type.extensionASTNodes].flatMap((n) => [...(n?.directives ?? [])]);
}

function collectSubscribe(field: GraphQLField<unknown, unknown>, into: Map<string, string[]>): void {
  const d = field.astNode?.directives?.find((x) => x.name.value === 'aws_subscribe');
  const arg = d?.arguments?.find((a) => a.name.value === 'mutations');
  if (!arg || arg.value.kind !== Kind.LIST) return;
  for (const v of arg.value.values) {
    if (v.kind !== Kind.STRING) continue;
    into.set(v.value, [...(into.get(v.value) ?? []), field.name]);
  }
}

/** The rule for Type.field, or the default mode when neither field nor type carries a directive. */
export function authFor(s: AppSyncSchema, typeName: string, fieldName: string): FieldAuth {
  return s.fieldAuth.get(`${typeName}.${fieldName}`) ?? { modes: new Set([s.defaultMode]), cognitoGroups: null };
}

/** Caller = the request's auth mode and (for Cognito) its groups. */
export interface Caller {
  mode: AuthMode;
  groups: string[];
}

export function allowed(s: AppSyncSchema, typeName: string, fieldName: string, caller: Caller): boolean {
  if (typeName.startsWith('__')) return true;
  const rule = authFor(s, typeName, fieldName);
  if (!rule.modes.has(caller.mode)) return false;
  if (AUTH_MODES[caller.mode].cognitoGroups && rule.cognitoGroups) {
    return rule.cognitoGroups.some((g) => caller.groups.includes(g));
  }
  return true;
}

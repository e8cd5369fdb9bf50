// Reads schema.graphql (with the AWS scalars/directives of api/appsync-tooling.graphql) and lists
// every root field, with a minimal valid operation for it: required arguments get placeholder values
// of the right type, object results select __typename.
import { fileURLToPath } from 'node:url';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { loadSchema as loadApiSchema } from '../../infra/wiring-plan.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

export const loadSchema = (): GraphQLSchema => loadApiSchema(root);

export type RootType = 'Query' | 'Mutation' | 'Subscription';

export interface RootField {
  type: RootType;
  name: string;
  /** The field (or its root type) carries @aws_iam. */
  iam: boolean;
  document: string;
  variables: Record<string, unknown>;
}

const PLACEHOLDER: Record<string, unknown> = {
  ID: 'matrix-placeholder',
  String: 'matrix',
  Int: 1,
  Float: 1,
  Boolean: false,
  AWSDate: '2026-01-01',
  AWSDateTime: '2026-01-01T00:00:00.000Z',
  AWSEmail: 'placeholder@test.sivera.example',
  AWSJSON: '{}',
  AWSURL: 'https://example.com',
  AWSTimestamp: 0,
  AWSTime: '00:00:00',
  AWSPhone: '+1 555 0100',
  AWSIPAddress: '127.0.0.1',
};

function placeholder(type: GraphQLInputType): unknown {
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) return [placeholder(inner.ofType)];
  if (isEnumType(inner)) return inner.getValues()[0]?.value;
  if (isInputObjectType(inner)) {
    return Object.fromEntries(
      Object.values(inner.getFields())
        .filter((f) => isNonNullType(f.type))
        .map((f) => [f.name, placeholder(f.type)]),
    );
  }
  return PLACEHOLDER[inner.name] ?? 'matrix';
}

function hasIam(node: { astNode?: { directives?: readonly { name: { value: string } }[] } | null } | undefined | null): boolean {
  return !!node?.astNode?.directives?.some((d) => d.name.value === 'aws_iam');
}

function operation(type: RootType, field: GraphQLField<unknown, unknown>): Pick<RootField, 'document' | 'variables'> {
  const required = field.args.filter((a) => isNonNullType(a.type));
  const defs = required.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
  const args = required.map((a) => `${a.name}: $${a.name}`).join(', ');
  const selection = isObjectType(getNamedType(field.type)) ? ' { __typename }' : '';
  const keyword = type.toLowerCase();
  return {
    document: `${keyword}${defs ? `(${defs})` : ''} { ${field.name}${args ? `(${args})` : ''}${selection} }`,
    variables: Object.fromEntries(required.map((a) => [a.name, placeholder(a.type)])),
  };
}

export function rootFields(schema: GraphQLSchema = loadSchema()): RootField[] {
  const out: RootField[] = [];
  const roots: [RootType, ReturnType<GraphQLSchema['getQueryType']>][] = [
    ['Query', schema.getQueryType()],
    ['Mutation', schema.getMutationType()],
    ['Subscription', schema.getSubscriptionType()],
  ];
  for (const [type, obj] of roots) {
    if (!obj) continue;
    for (const field of Object.values(obj.getFields())) {
      // A root field is reachable with IAM only when it carries @aws_iam itself (or its root type does):
      // @aws_iam on the return type only lets IAM callers read that type's fields.
      out.push({ type, name: field.name, iam: hasIam(field) || hasIam(obj), ...operation(type, field) });
    }
  }
  return out;
}

/** Relations tokens.test.ts classifies for every field in tokenCheckedFields(). */
export const TOKEN_RELATIONS = ['noToken', 'expiredToken', 'iam'] as const;

/** Query and Mutation fields: tokens.test.ts runs the token relations for each of them. */
export function tokenCheckedFields(): RootField[] {
  return rootFields().filter((f) => f.type !== 'Subscription');
}

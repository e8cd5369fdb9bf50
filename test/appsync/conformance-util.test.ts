// Conformance of the local APPSYNC_JS built-ins with AWS. Every case runs through the real sandbox.
// Sources of the expected values:
//  [snap]  output AWS EvaluateCode produced for the same expression, captured in localstack/appsync-utils
//          __tests__/__snapshots__/{index,transform,transform-subscription}.test.js.snap (their README:
//          snapshots are recorded against AWS). For the DynamoDB transforms AWS orders expressionNames /
//          expressionValues arbitrarily, so those JSON strings are compared parsed.
//  [docs]  an example printed in the AWS AppSync developer guide page named in the case.
//  [none]  AWS documents no result: the expected value follows the named standard, and the case says so.
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateExpressions } from './support/eval.js';
import type { HandlerResult } from '../../local/resolver-runtime/index.js';

interface Case {
  name: string;
  expr: string;
  expected: unknown;
  /** The result is a JSON string: compare it parsed. */
  parsed?: boolean;
  source: string;
}

const S = (s: string) => ({ S: s });
const N = (n: number) => ({ N: n });

const dynamodbUtil: Case[] = [
  { name: 'toDynamoDB string', expr: 'util.dynamodb.toDynamoDB("test")', expected: S('test'), source: '[snap]' },
  { name: 'toDynamoDB number', expr: 'util.dynamodb.toDynamoDB(12345)', expected: N(12345), source: '[snap]' },
  { name: 'toDynamoDB boolean', expr: 'util.dynamodb.toDynamoDB(true)', expected: { BOOL: true }, source: '[snap]' },
  { name: 'toString', expr: 'util.dynamodb.toString("test")', expected: S('test'), source: '[snap]' },
  { name: 'toStringSet', expr: 'util.dynamodb.toStringSet(["foo", "bar", "baz"])', expected: { SS: ['foo', 'bar', 'baz'] }, source: '[snap]' },
  { name: 'toNumber', expr: 'util.dynamodb.toNumber(12345)', expected: N(12345), source: '[snap]' },
  { name: 'toNumberSet', expr: 'util.dynamodb.toNumberSet([1, 23, 4.56])', expected: { NS: [1, 23, 4.56] }, source: '[snap]' },
  { name: 'toBinary', expr: 'util.dynamodb.toBinary("foo")', expected: { B: 'foo' }, source: '[snap]' },
  { name: 'toBinarySet', expr: 'util.dynamodb.toBinarySet(["foo", "bar", "baz"])', expected: { BS: ['foo', 'bar', 'baz'] }, source: '[snap]' },
  { name: 'toBoolean', expr: 'util.dynamodb.toBoolean(true)', expected: { BOOL: true }, source: '[snap]' },
  { name: 'toNull', expr: 'util.dynamodb.toNull()', expected: { NULL: null }, source: '[snap]' },
  {
    name: 'toList',
    expr: 'util.dynamodb.toList(["foo", 123, { bar: "baz" }])',
    expected: { L: [S('foo'), N(123), { M: { bar: S('baz') } }] },
    source: '[snap]',
  },
  {
    name: 'toMap',
    expr: 'util.dynamodb.toMap({ foo: "bar", baz: 1234, beep: ["boop"] })',
    expected: { M: { foo: S('bar'), baz: N(1234), beep: { L: [S('boop')] } } },
    source: '[snap]',
  },
  {
    name: 'toMapValues',
    expr: 'util.dynamodb.toMapValues({ foo: "bar", baz: 1234, beep: ["boop"] })',
    expected: { foo: S('bar'), baz: N(1234), beep: { L: [S('boop')] } },
    source: '[snap]',
  },
  {
    name: 'toS3Object, three parameters',
    expr: 'util.dynamodb.toS3Object("foo", "bar", "baz")',
    expected: S('{"s3":{"key":"foo","bucket":"bar","region":"baz"}}'),
    source: '[snap]',
  },
  {
    name: 'toS3Object, four parameters',
    expr: 'util.dynamodb.toS3Object("foo", "bar", "baz", "beep")',
    expected: S('{"s3":{"key":"foo","bucket":"bar","region":"baz","version":"beep"}}'),
    source: '[snap]',
  },
  {
    name: 'fromS3ObjectJson',
    expr: `util.dynamodb.fromS3ObjectJson('{"s3":{"key":"foo","bucket":"bar","region":"baz","version":"beep"}}')`,
    expected: { key: 'foo', bucket: 'bar', region: 'baz', version: 'beep' },
    source: '[docs] dynamodb-helpers-in-util-dynamodb-js.html (returns the S3 object of a toS3Object string; AWS prints no example output)',
  },
  { name: 'toDynamoDB null', expr: 'util.dynamodb.toDynamoDB(null)', expected: { NULL: null }, source: '[docs] dynamodb-helpers-in-util-dynamodb-js.html (null → NULL; no example output)' },
  {
    name: 'toDynamoDB nested object',
    expr: 'util.dynamodb.toDynamoDB({ foo: "bar", baz: 1234, beep: ["boop"] })',
    expected: { M: { foo: S('bar'), baz: N(1234), beep: { L: [S('boop')] } } },
    source: '[snap] (same value as toMap)',
  },
];

const transformFilter = (expr: string) => `util.transform.toDynamoDBFilterExpression(${expr})`;
const transformCondition = (expr: string) => `util.transform.toDynamoDBConditionExpression(${expr})`;
const ex = (expression: string, expressionNames: Record<string, string>, expressionValues: Record<string, unknown>) => ({
  expression,
  expressionNames,
  expressionValues,
});

const transform: Case[] = [
  {
    name: 'filter: contains (documented example)',
    expr: transformFilter('{ title: { contains: "Hello World" } }'),
    expected: ex('(contains(#title,:title_contains))', { '#title': 'title' }, { ':title_contains': S('Hello World') }),
    parsed: true,
    source: '[snap] and [docs] transformation-helpers-in-utils-transform-js.html',
  },
  {
    name: 'condition: attributeExists and eq (documented example)',
    expr: transformCondition('{ id: { attributeExists: true }, version: { eq: 10 } }'),
    expected: ex('(attribute_exists(#id)) AND (#version = :version_eq)', { '#id': 'id', '#version': 'version' }, { ':version_eq': N(10) }),
    parsed: true,
    source: '[snap]',
  },
  {
    name: 'filter result is the exact JSON string',
    expr: transformFilter('{ content: { contains: "foo" } }'),
    expected: '{"expression":"(contains(#content,:content_contains))","expressionNames":{"#content":"content"},"expressionValues":{":content_contains":{"S":"foo"}}}',
    source: '[snap]',
  },
  {
    name: 'condition result is the exact JSON string',
    expr: transformCondition('{ and: [{ id: { attributeExists: false } }] }'),
    expected: '{"expression":"(attribute_not_exists(#id))","expressionNames":{"#id":"id"},"expressionValues":{}}',
    source: '[snap]',
  },
  ...(
    [
      ['eq', '='],
      ['ne', '<>'],
      ['lt', '<'],
      ['le', '<='],
      ['gt', '>'],
      ['ge', '>='],
    ] as const
  ).map(([op, sym]) => ({
    name: `filter: ${op}`,
    expr: transformFilter(`{ v: { ${op}: "x" } }`),
    expected: ex(`(#v ${sym} :v_${op})`, { '#v': 'v' }, { [`:v_${op}`]: S('x') }),
    parsed: true,
    source: '[snap]',
  })),
  { name: 'operand: number', expr: transformFilter('{ v: { eq: 10 } }'), expected: ex('(#v = :v_eq)', { '#v': 'v' }, { ':v_eq': N(10) }), parsed: true, source: '[snap]' },
  { name: 'operand: fraction', expr: transformFilter('{ v: { eq: 1.5 } }'), expected: ex('(#v = :v_eq)', { '#v': 'v' }, { ':v_eq': N(1.5) }), parsed: true, source: '[snap]' },
  { name: 'operand: boolean', expr: transformFilter('{ v: { eq: true } }'), expected: ex('(#v = :v_eq)', { '#v': 'v' }, { ':v_eq': { BOOL: true } }), parsed: true, source: '[snap]' },
  { name: 'operand: null', expr: transformFilter('{ v: { eq: null } }'), expected: ex('(#v = :v_eq)', { '#v': 'v' }, { ':v_eq': { NULL: null } }), parsed: true, source: '[snap]' },
  { name: 'operand: object', expr: transformFilter('{ v: { eq: { a: 1 } } }'), expected: ex('(#v = :v_eq)', { '#v': 'v' }, { ':v_eq': { M: { a: N(1) } } }), parsed: true, source: '[snap]' },
  { name: 'operand: list', expr: transformFilter('{ v: { eq: [1, 2] } }'), expected: ex('(#v = :v_eq)', { '#v': 'v' }, { ':v_eq': { L: [N(1), N(2)] } }), parsed: true, source: '[snap]' },
  { name: 'contains', expr: transformFilter('{ v: { contains: "x" } }'), expected: ex('(contains(#v,:v_contains))', { '#v': 'v' }, { ':v_contains': S('x') }), parsed: true, source: '[snap]' },
  { name: 'notContains', expr: transformFilter('{ v: { notContains: "x" } }'), expected: ex('(NOT contains(#v,:v_notContains))', { '#v': 'v' }, { ':v_notContains': S('x') }), parsed: true, source: '[snap]' },
  { name: 'beginsWith', expr: transformFilter('{ v: { beginsWith: "x" } }'), expected: ex('(begins_with(#v,:v_beginsWith))', { '#v': 'v' }, { ':v_beginsWith': S('x') }), parsed: true, source: '[snap]' },
  {
    name: 'between strings',
    expr: transformFilter('{ v: { between: ["1", "9"] } }'),
    expected: ex('(#v BETWEEN :v_between_start AND :v_between_end)', { '#v': 'v' }, { ':v_between_start': S('1'), ':v_between_end': S('9') }),
    parsed: true,
    source: '[snap]',
  },
  {
    name: 'between numbers',
    expr: transformFilter('{ v: { between: [1, 9] } }'),
    expected: ex('(#v BETWEEN :v_between_start AND :v_between_end)', { '#v': 'v' }, { ':v_between_start': N(1), ':v_between_end': N(9) }),
    parsed: true,
    source: '[snap]',
  },
  {
    name: 'between ignores a third bound',
    expr: transformFilter('{ v: { between: ["1", "9", "3"] } }'),
    expected: ex('(#v BETWEEN :v_between_start AND :v_between_end)', { '#v': 'v' }, { ':v_between_start': S('1'), ':v_between_end': S('9') }),
    parsed: true,
    source: '[snap]',
  },
  {
    name: 'in with two values',
    expr: transformFilter('{ v: { in: ["a", "b"] } }'),
    expected: ex('(#v IN (:v_in_0, :v_in_1))', { '#v': 'v' }, { ':v_in_0': S('a'), ':v_in_1': S('b') }),
    parsed: true,
    source: '[snap]',
  },
  { name: 'in with one value', expr: transformFilter('{ v: { in: ["a"] } }'), expected: ex('(#v IN (:v_in_0))', { '#v': 'v' }, { ':v_in_0': S('a') }), parsed: true, source: '[snap]' },
  { name: 'attributeExists true', expr: transformFilter('{ v: { attributeExists: true } }'), expected: ex('(attribute_exists(#v))', { '#v': 'v' }, {}), parsed: true, source: '[snap]' },
  { name: 'attributeExists false', expr: transformFilter('{ v: { attributeExists: false } }'), expected: ex('(attribute_not_exists(#v))', { '#v': 'v' }, {}), parsed: true, source: '[snap]' },
  {
    name: 'attributeType: every friendly name',
    expr: transformFilter(
      '{ a: { attributeType: "_null" }, b: { attributeType: "string" }, c: { attributeType: "stringSet" }, d: { attributeType: "number" }, e: { attributeType: "numberSet" }, f: { attributeType: "binary" }, g: { attributeType: "binarySet" }, h: { attributeType: "boolean" }, i: { attributeType: "list" }, j: { attributeType: "map" } }',
    ),
    expected: ex(
      'abcdefghij'
        .split('')
        .map((k) => `(attribute_type(#${k},:${k}_attributeType))`)
        .join(' AND '),
      Object.fromEntries('abcdefghij'.split('').map((k) => [`#${k}`, k])),
      Object.fromEntries(
        (['NULL', 'S', 'SS', 'N', 'NS', 'B', 'BS', 'BOOL', 'L', 'M'] as const).map((code, i) => [`:${'abcdefghij'[i]}_attributeType`, S(code)]),
      ),
    ),
    parsed: true,
    source: '[snap]',
  },
  { name: 'size gt', expr: transformFilter('{ v: { size: { gt: 2 } } }'), expected: ex('(size(#v) > :v_size_gt)', { '#v': 'v' }, { ':v_size_gt': N(2) }), parsed: true, source: '[snap]' },
  {
    name: 'size between',
    expr: transformFilter('{ v: { size: { between: [1, 3] } } }'),
    expected: ex('(size(#v) BETWEEN :v_size_between_start AND :v_size_between_end)', { '#v': 'v' }, { ':v_size_between_start': N(1), ':v_size_between_end': N(3) }),
    parsed: true,
    source: '[snap]',
  },
  { name: 'size contains', expr: transformFilter('{ v: { size: { contains: "x" } } }'), expected: ex('(contains(size(#v),:v_size_contains))', { '#v': 'v' }, { ':v_size_contains': S('x') }), parsed: true, source: '[snap]' },
  { name: 'size attributeExists', expr: transformFilter('{ v: { size: { attributeExists: true } } }'), expected: ex('(attribute_exists(size(#v)))', { '#v': 'v' }, {}), parsed: true, source: '[snap]' },
  {
    name: 'size with two comparisons',
    expr: transformFilter('{ v: { size: { gt: 2, lt: 5 } } }'),
    expected: ex('((size(#v) > :v_size_gt) AND (size(#v) < :v_size_lt))', { '#v': 'v' }, { ':v_size_gt': N(2), ':v_size_lt': N(5) }),
    parsed: true,
    source: '[snap]',
  },
  { name: 'size of size', expr: transformFilter('{ v: { size: { size: { gt: 1 } } } }'), expected: ex('(size(#v) > :v_size_size_gt)', { '#v': 'v' }, { ':v_size_size_gt': N(1) }), parsed: true, source: '[snap]' },
  {
    name: 'two top-level fields are joined unwrapped',
    expr: transformFilter('{ a: { eq: 1 }, b: { eq: 2 } }'),
    expected: ex('(#a = :a_eq) AND (#b = :b_eq)', { '#a': 'a', '#b': 'b' }, { ':a_eq': N(1), ':b_eq': N(2) }),
    parsed: true,
    source: '[snap]',
  },
  {
    name: 'two operators on one field are wrapped',
    expr: transformFilter('{ v: { ge: 1, le: 5 } }'),
    expected: ex('((#v >= :v_ge) AND (#v <= :v_le))', { '#v': 'v' }, { ':v_ge': N(1), ':v_le': N(5) }),
    parsed: true,
    source: '[snap]',
  },
  { name: 'and of one member', expr: transformFilter('{ and: [{ a: { eq: 1 } }] }'), expected: ex('(#a = :and_0_a_eq)', { '#a': 'a' }, { ':and_0_a_eq': N(1) }), parsed: true, source: '[snap]' },
  {
    name: 'and of two members',
    expr: transformFilter('{ and: [{ a: { eq: 1 } }, { b: { eq: 2 } }] }'),
    expected: ex('((#a = :and_0_a_eq) AND (#b = :and_1_b_eq))', { '#a': 'a', '#b': 'b' }, { ':and_0_a_eq': N(1), ':and_1_b_eq': N(2) }),
    parsed: true,
    source: '[snap]',
  },
  {
    name: 'or of two members',
    expr: transformFilter('{ or: [{ a: { eq: 1 } }, { b: { eq: 2 } }] }'),
    expected: ex('((#a = :or_0_a_eq) OR (#b = :or_1_b_eq))', { '#a': 'a', '#b': 'b' }, { ':or_0_a_eq': N(1), ':or_1_b_eq': N(2) }),
    parsed: true,
    source: '[snap]',
  },
  { name: 'not of a comparison', expr: transformFilter('{ not: { a: { eq: 1 } } }'), expected: ex('(NOT (#a = :not_a_eq))', { '#a': 'a' }, { ':not_a_eq': N(1) }), parsed: true, source: '[snap]' },
  {
    name: 'not of a group',
    expr: transformFilter('{ not: { and: [{ a: { eq: 1 } }, { b: { eq: 2 } }] } }'),
    expected: ex('(NOT ((#a = :not_and_0_a_eq) AND (#b = :not_and_1_b_eq)))', { '#a': 'a', '#b': 'b' }, { ':not_and_0_a_eq': N(1), ':not_and_1_b_eq': N(2) }),
    parsed: true,
    source: '[snap]',
  },
  { name: 'not of a not', expr: transformFilter('{ not: { not: { a: { eq: 1 } } } }'), expected: ex('(NOT (NOT (#a = :not_not_a_eq)))', { '#a': 'a' }, { ':not_not_a_eq': N(1) }), parsed: true, source: '[snap]' },
  {
    name: 'not inside an and',
    expr: transformFilter('{ and: [{ not: { a: { eq: 1 } } }, { b: { eq: 2 } }] }'),
    expected: ex('((NOT (#a = :and_0_not_a_eq)) AND (#b = :and_1_b_eq))', { '#a': 'a', '#b': 'b' }, { ':and_0_not_a_eq': N(1), ':and_1_b_eq': N(2) }),
    parsed: true,
    source: '[snap]',
  },
  {
    name: 'and inside an or',
    expr: transformFilter('{ or: [{ and: [{ a: { eq: 1 } }, { b: { eq: 2 } }] }, { c: { eq: 3 } }] }'),
    expected: ex(
      '(((#a = :or_0_and_0_a_eq) AND (#b = :or_0_and_1_b_eq)) OR (#c = :or_1_c_eq))',
      { '#a': 'a', '#b': 'b', '#c': 'c' },
      { ':or_0_and_0_a_eq': N(1), ':or_0_and_1_b_eq': N(2), ':or_1_c_eq': N(3) },
    ),
    parsed: true,
    source: '[snap]',
  },
  {
    name: 'or inside an and',
    expr: transformFilter('{ and: [{ or: [{ a: { eq: 1 } }, { b: { eq: 2 } }] }, { c: { eq: 3 } }] }'),
    expected: ex(
      '(((#a = :and_0_or_0_a_eq) OR (#b = :and_0_or_1_b_eq)) AND (#c = :and_1_c_eq))',
      { '#a': 'a', '#b': 'b', '#c': 'c' },
      { ':and_0_or_0_a_eq': N(1), ':and_0_or_1_b_eq': N(2), ':and_1_c_eq': N(3) },
    ),
    parsed: true,
    source: '[snap]',
  },
  {
    name: 'value names carry every nesting level',
    expr: transformFilter('{ and: [{ or: [{ and: [{ a: { eq: 1 } }] }] }] }'),
    expected: ex('(#a = :and_0_or_0_and_0_a_eq)', { '#a': 'a' }, { ':and_0_or_0_and_0_a_eq': N(1) }),
    parsed: true,
    source: '[snap]',
  },
  {
    name: 'a field beside a group',
    expr: transformFilter('{ a: { eq: 1 }, and: [{ b: { eq: 2 } }] }'),
    expected: ex('(#a = :a_eq) AND (#b = :and_0_b_eq)', { '#a': 'a', '#b': 'b' }, { ':a_eq': N(1), ':and_0_b_eq': N(2) }),
    parsed: true,
    source: '[snap]',
  },
  { name: 'dotted field names are verbatim', expr: transformFilter('{ "a.b": { eq: 1 } }'), expected: ex('(#a.b = :a.b_eq)', { '#a.b': 'a.b' }, { ':a.b_eq': N(1) }), parsed: true, source: '[snap]' },
  { name: 'empty filter', expr: transformFilter('{}'), expected: ex('', {}, {}), parsed: true, source: '[snap]' },
  { name: 'empty group', expr: transformFilter('{ and: [] }'), expected: ex('', {}, {}), parsed: true, source: '[snap]' },
  { name: 'field without operators keeps its name', expr: transformFilter('{ v: {} }'), expected: ex('', { '#v': 'v' }, {}), parsed: true, source: '[snap]' },
  { name: 'size without operators keeps its name', expr: transformFilter('{ v: { size: {} } }'), expected: ex('', { '#v': 'v' }, {}), parsed: true, source: '[snap]' },
  { name: 'not of an empty filter', expr: transformFilter('{ not: {} }'), expected: ex('(NOT )', {}, {}), parsed: true, source: '[snap]' },
  { name: 'in of an empty list', expr: transformFilter('{ v: { in: [] } }'), expected: ex('(null)', { '#v': 'v' }, {}), parsed: true, source: '[snap]' },
  {
    name: 'empty field beside a comparison leaves a dangling joiner',
    expr: transformFilter('{ a: { eq: 1 }, b: {} }'),
    expected: ex('(#a = :a_eq) AND ', { '#a': 'a', '#b': 'b' }, { ':a_eq': N(1) }),
    parsed: true,
    source: '[snap]',
  },
  {
    name: 'empty group member leaves a dangling joiner',
    expr: transformFilter('{ and: [{ a: { eq: 1 } }, {}] }'),
    expected: ex('((#a = :and_0_a_eq) AND )', { '#a': 'a' }, { ':and_0_a_eq': N(1) }),
    parsed: true,
    source: '[snap]',
  },
  ...(
    [
      ['no filter at all', ''],
      ['null', 'null'],
      ['an array', '[]'],
      ['a string', '"string"'],
      ['an unknown operator', '{ v: { foo: 1 } }'],
      ['a field holding a value', '{ v: "x" }'],
      ['a field nested in a field', '{ a: { b: { eq: 1 } } }'],
      ['an and given a map', '{ and: { a: { eq: 1 } } }'],
      ['an and given null', '{ and: null }'],
      ['a group holding null', '{ and: [{ a: { eq: 1 } }, null] }'],
      ['a not given a list', '{ not: [{ a: { eq: 1 } }] }'],
      ['a range with one bound', '{ v: { between: [1] } }'],
      ['a range that is not a list', '{ v: { between: "x" } }'],
      ['an in that is not a list', '{ v: { in: "x" } }'],
      ['attributeExists not boolean', '{ v: { attributeExists: "yes" } }'],
      ['attributeType given a type code', '{ v: { attributeType: "S" } }'],
      ['attributeType unknown', '{ v: { attributeType: "bogus" } }'],
      ['size given a value', '{ v: { size: 3 } }'],
    ] as const
  ).map(([what, arg]) => ({ name: `unrenderable: ${what} → null`, expr: transformFilter(arg), expected: null, source: '[snap]' })),
  ...(
    [
      ['a comparison', '{ content: { eq: "x" } }', ex('(#content = :content_eq)', { '#content': 'content' }, { ':content_eq': S('x') })],
      [
        'a group of two',
        '{ and: [{ content: { eq: "x" } }, { version: { attributeExists: true } }] }',
        ex('((#content = :and_0_content_eq) AND (attribute_exists(#version)))', { '#content': 'content', '#version': 'version' }, { ':and_0_content_eq': S('x') }),
      ],
      [
        'a negated range',
        '{ not: { id: { between: ["1", "9"] } } }',
        ex('(NOT (#id BETWEEN :not_id_between_start AND :not_id_between_end))', { '#id': 'id' }, { ':not_id_between_start': S('1'), ':not_id_between_end': S('9') }),
      ],
    ] as const
  ).map(([what, arg, expected]) => ({ name: `condition renders like filter: ${what}`, expr: transformCondition(arg), expected, parsed: true, source: '[snap]' })),
  {
    name: 'Amplify update guard',
    expr: transformCondition('{ and: [{ id: { attributeExists: true } }, { _version: { eq: 1 } }] }'),
    expected: ex('((attribute_exists(#id)) AND (#_version = :and_1__version_eq))', { '#id': 'id', '#_version': '_version' }, { ':and_1__version_eq': N(1) }),
    parsed: true,
    source: '[snap]',
  },
  {
    name: 'Amplify list filter: content and flag',
    expr: transformFilter('{ and: [{ content: { contains: "a" } }, { done: { eq: true } }] }'),
    expected: ex('((contains(#content,:and_0_content_contains)) AND (#done = :and_1_done_eq))', { '#content': 'content', '#done': 'done' }, { ':and_0_content_contains': S('a'), ':and_1_done_eq': { BOOL: true } }),
    parsed: true,
    source: '[snap]',
  },
  {
    name: 'Amplify list filter: prefix or range',
    expr: transformFilter('{ or: [{ content: { beginsWith: "a" } }, { id: { between: ["1", "9"] } }] }'),
    expected: ex(
      '((begins_with(#content,:or_0_content_beginsWith)) OR (#id BETWEEN :or_1_id_between_start AND :or_1_id_between_end))',
      { '#content': 'content', '#id': 'id' },
      { ':or_0_content_beginsWith': S('a'), ':or_1_id_between_start': S('1'), ':or_1_id_between_end': S('9') },
    ),
    parsed: true,
    source: '[snap]',
  },
];

const f = (fieldName: string, operator: string, value: unknown) => ({ fieldName, operator, value });
const groups = (...gs: ReturnType<typeof f>[][]) => ({ filterGroup: gs.map((filters) => ({ filters })) });
const sub = (...args: string[]) => `util.transform.toSubscriptionFilter(${args.join(', ')})`;

const subscription: Case[] = [
  { name: 'one operator on one field', expr: sub('{ a: { eq: 1 } }'), expected: groups([f('a', 'eq', 1)]), source: '[snap]' },
  { name: 'two fields in one group', expr: sub('{ a: { eq: 1 }, b: { eq: 2 } }'), expected: groups([f('a', 'eq', 1), f('b', 'eq', 2)]), source: '[snap]' },
  { name: 'and combines its members', expr: sub('{ and: [{ a: { eq: 1 } }, { b: { eq: 2 } }] }'), expected: groups([f('a', 'eq', 1), f('b', 'eq', 2)]), source: '[snap]' },
  { name: 'a field beside an and', expr: sub('{ z: { eq: 0 }, and: [{ a: { eq: 1 } }] }'), expected: groups([f('z', 'eq', 0), f('a', 'eq', 1)]), source: '[snap]' },
  { name: 'field paths are kept', expr: sub('{ "loc.addr.country": { eq: "USA" } }'), expected: groups([f('loc.addr.country', 'eq', 'USA')]), source: '[snap]' },
  { name: 'two operators on one field are alternatives', expr: sub('{ a: { eq: 1, ne: 2 } }'), expected: groups([f('a', 'eq', 1)], [f('a', 'ne', 2)]), source: '[snap]' },
  { name: 'or splits into groups', expr: sub('{ or: [{ a: { eq: 1 } }, { b: { eq: 2 } }] }'), expected: groups([f('a', 'eq', 1)], [f('b', 'eq', 2)]), source: '[snap]' },
  {
    name: 'or nested in and multiplies out',
    expr: sub('{ and: [{ a: { eq: 1 } }, { or: [{ b: { eq: 2 } }, { c: { eq: 3 } }] }] }'),
    expected: groups([f('a', 'eq', 1), f('b', 'eq', 2)], [f('a', 'eq', 1), f('c', 'eq', 3)]),
    source: '[snap]',
  },
  {
    name: 'operators and groups together (documented shape)',
    expr: sub('{ percentageUp: { lte: 50, gte: 20 }, and: [{ title: { ne: "Book1" } }, { downvotes: { gt: 2000 } }], or: [{ author: { eq: "Admin" } }, { isPublished: { eq: false } }] }'),
    expected: groups(
      [f('percentageUp', 'lte', 50), f('title', 'ne', 'Book1'), f('downvotes', 'gt', 2000), f('author', 'eq', 'Admin')],
      [f('percentageUp', 'lte', 50), f('title', 'ne', 'Book1'), f('downvotes', 'gt', 2000), f('isPublished', 'eq', false)],
      [f('percentageUp', 'gte', 20), f('title', 'ne', 'Book1'), f('downvotes', 'gt', 2000), f('author', 'eq', 'Admin')],
      [f('percentageUp', 'gte', 20), f('title', 'ne', 'Book1'), f('downvotes', 'gt', 2000), f('isPublished', 'eq', false)],
    ),
    source: '[snap] (the input of the transformation-helpers-in-utils-transform-js.html example)',
  },
  { name: 'comparisons carried through', expr: sub('{ a: { le: 1 }, b: { lt: 2 }, c: { ge: 3 }, d: { gt: 4 } }'), expected: groups([f('a', 'le', 1), f('b', 'lt', 2), f('c', 'ge', 3), f('d', 'gt', 4)]), source: '[snap]' },
  { name: 'membership carried through', expr: sub('{ a: { in: [1, 2] }, b: { notIn: ["x"] } }'), expected: groups([f('a', 'in', [1, 2]), f('b', 'notIn', ['x'])]), source: '[snap]' },
  { name: 'between carried through', expr: sub('{ a: { between: [1, 9] } }'), expected: groups([f('a', 'between', [1, 9])]), source: '[snap]' },
  {
    name: 'string operators carried through',
    expr: sub('{ a: { contains: "x" }, b: { notContains: "y" }, c: { beginsWith: "z" } }'),
    expected: groups([f('a', 'contains', 'x'), f('b', 'notContains', 'y'), f('c', 'beginsWith', 'z')]),
    source: '[snap]',
  },
  { name: 'containsAny carried through', expr: sub('{ a: { containsAny: ["x", "y"] } }'), expected: groups([f('a', 'containsAny', ['x', 'y'])]), source: '[snap]' },
  { name: 'boolean value', expr: sub('{ a: { eq: false } }'), expected: groups([f('a', 'eq', false)]), source: '[snap]' },
  { name: 'unknown operator passes through', expr: sub('{ a: { bogus: 1 } }'), expected: groups([f('a', 'bogus', 1)]), source: '[snap]' },
  { name: 'not is a field name here', expr: sub('{ not: { a: { eq: 1 } } }'), expected: groups([f('not', 'a', { eq: 1 })]), source: '[snap]' },
  { name: 'ignored field dropped', expr: sub('{ a: { eq: 1 }, b: { eq: 2 } }', '["a"]'), expected: groups([f('b', 'eq', 2)]), source: '[snap]' },
  { name: 'ignored field dropped inside and', expr: sub('{ a: { eq: 1 }, and: [{ b: { eq: 2 } }] }', '["b"]'), expected: groups([f('a', 'eq', 1)]), source: '[snap]' },
  {
    name: 'rules are alternatives added to every group',
    expr: sub('{ a: { eq: 1 } }', '[]', '{ r1: { gte: 250 }, r2: { eq: "p" } }'),
    expected: groups([f('a', 'eq', 1), f('r1', 'gte', 250)], [f('a', 'eq', 1), f('r2', 'eq', 'p')]),
    source: '[snap]',
  },
  { name: 'rules on their own', expr: sub('{}', '[]', '{ r1: { eq: 1 } }'), expected: groups([f('r1', 'eq', 1)]), source: '[snap]' },
  { name: 'empty filter → no group', expr: sub('{}'), expected: { filterGroup: [] }, source: '[snap]' },
  { name: 'field without operator → no group', expr: sub('{ a: {} }'), expected: { filterGroup: [] }, source: '[snap]' },
  { name: 'empty and → no group', expr: sub('{ and: [] }'), expected: { filterGroup: [] }, source: '[snap]' },
  { name: 'null → null', expr: sub('null'), expected: null, source: '[snap]' },
  { name: 'nothing → null', expr: sub(''), expected: null, source: '[snap]' },
  { name: 'array → null', expr: sub('[]'), expected: null, source: '[snap]' },
  { name: 'JSON string → null', expr: sub(`'{"a":{"eq":1}}'`), expected: null, source: '[snap]' },
];

const time: Case[] = [
  { name: 'epochMilliSecondsToSeconds', expr: 'util.time.epochMilliSecondsToSeconds(1517943695758)', expected: 1517943695, source: '[docs] time-helpers-in-util-time.html conversion example' },
  { name: 'epochMilliSecondsToISO8601', expr: 'util.time.epochMilliSecondsToISO8601(1517943695758)', expected: '2018-02-06T19:01:35.758Z', source: '[docs] time-helpers-in-util-time.html conversion example' },
  {
    name: 'epochMilliSecondsToFormatted UTC',
    expr: 'util.time.epochMilliSecondsToFormatted(1517943695758, "yyyy-MM-dd HH:mm:ssZ")',
    expected: '2018-02-06 19:01:35+0000',
    source: '[docs] time-helpers-in-util-time.html conversion example',
  },
  {
    name: 'epochMilliSecondsToFormatted +08:00',
    expr: 'util.time.epochMilliSecondsToFormatted(1517943695758, "yyyy-MM-dd HH:mm:ssZ", "+08:00")',
    expected: '2018-02-07 03:01:35+0800',
    source: '[docs] time-helpers-in-util-time.html conversion example',
  },
  {
    name: 'epochMilliSecondsToFormatted Australia/Perth',
    expr: 'util.time.epochMilliSecondsToFormatted(1517943695758, "yyyy-MM-dd HH:mm:ssZ", "Australia/Perth")',
    expected: '2018-02-07 03:01:35+0800',
    source: '[docs] time-helpers-in-util-time.html (nowFormatted with "Australia/Perth" prints the same +0800 time)',
  },
  {
    name: 'parseISO8601ToEpochMilliSeconds',
    expr: 'util.time.parseISO8601ToEpochMilliSeconds("2018-02-01T17:21:05.180+08:00")',
    expected: 1517476865180,
    source: '[docs] time-helpers-in-util-time.html parsing example',
  },
  {
    name: 'parseFormattedToEpochMilliSeconds with zone in the text',
    expr: 'util.time.parseFormattedToEpochMilliSeconds("2018-02-02 01:19:22+0800", "yyyy-MM-dd HH:mm:ssZ")',
    expected: 1517505562000,
    source: '[docs] time-helpers-in-util-time.html parsing example',
  },
  {
    name: 'parseFormattedToEpochMilliSeconds with zone argument',
    expr: 'util.time.parseFormattedToEpochMilliSeconds("2018-02-02 01:19:22", "yyyy-MM-dd HH:mm:ss", "+08:00")',
    expected: 1517505562000,
    source: '[docs] time-helpers-in-util-time.html parsing example',
  },
  {
    name: 'offset with seconds, XXX pattern',
    expr: `util.time.epochMilliSecondsToFormatted(1531343655000, "yyyy-MM-dd'T'HH:mm:ss[XXX]", "-07:00:30")`,
    expected: '2018-07-11T14:13:45-07:00',
    source: '[none] time-helpers-in-util-time.html shows this pattern with nowFormatted only; value per java.time DateTimeFormatter (XXX omits offset seconds)',
  },
  {
    name: 'offset with seconds, XXXXX pattern',
    expr: `util.time.epochMilliSecondsToFormatted(1531343655000, "yyyy-MM-dd'T'HH:mm:ssXXXXX", "-07:00:30")`,
    expected: '2018-07-11T14:13:45-07:00:30',
    source: '[none] value per java.time DateTimeFormatter (XXXXX prints offset seconds)',
  },
  {
    name: 'text month and weekday',
    expr: 'util.time.epochMilliSecondsToFormatted(1517943695758, "EEE, d MMM yyyy hh:mm a")',
    expected: 'Tue, 6 Feb 2018 07:01 PM',
    source: '[none] AWS prints no text-field example; value per java.time DateTimeFormatter (English)',
  },
];

const general: Case[] = [
  { name: 'matches (documented example)', expr: 'util.matches("a*b", "aaaaab")', expected: true, source: '[docs] built-in-util-js.html' },
  { name: 'matches needs the whole value', expr: 'util.matches("a*b", "aaaaabc")', expected: false, source: '[none] Java Pattern.matches semantics (documented as Java regex)' },
  { name: 'base64Encode', expr: 'util.base64Encode("Hello, AppSync")', expected: 'SGVsbG8sIEFwcFN5bmM=', source: '[none] RFC 4648 base64 of UTF-8; AWS prints no example' },
  { name: 'base64Decode', expr: 'util.base64Decode("SGVsbG8sIEFwcFN5bmM=")', expected: 'Hello, AppSync', source: '[none] RFC 4648' },
  { name: 'base64 of non-ASCII text', expr: 'util.base64Encode("한국어 ✓")', expected: '7ZWc6rWt7Ja0IOKckw==', source: '[none] RFC 4648 over UTF-8 (utilities use UTF-8 per built-in-util-js.html)' },
  { name: 'urlEncode', expr: 'util.urlEncode("a b&c=d/é")', expected: 'a+b%26c%3Dd%2F%C3%A9', source: '[none] application/x-www-form-urlencoded (java.net.URLEncoder) as documented' },
  { name: 'urlDecode', expr: 'util.urlDecode("a+b%26c%3Dd%2F%C3%A9")', expected: 'a b&c=d/é', source: '[none] application/x-www-form-urlencoded' },
  { name: 'escapeJavaScript', expr: `util.escapeJavaScript('He said "hi"\\n')`, expected: 'He said \\"hi\\"\\n', source: '[none] JavaScript string escaping (Apache Commons escapeEcmaScript)' },
  { name: 'str.normalize nfc', expr: 'util.str.normalize("e\\u0301", "nfc")', expected: 'é', source: '[none] Unicode NFC, str-helpers-in-util-str-js.html' },
  { name: 'str.normalize nfkd', expr: 'util.str.normalize("ﬁ", "nfkd")', expected: 'fi', source: '[none] Unicode NFKD' },
  { name: 'math.roundNum', expr: 'util.math.roundNum(2.5)', expected: 3, source: '[none] rounds to the nearest integer (math-utils typings)' },
  { name: 'math.minVal', expr: 'util.math.minVal(3, -2)', expected: -2, source: '[none] typings' },
  { name: 'math.maxVal', expr: 'util.math.maxVal(3, -2)', expected: 3, source: '[none] typings' },
  { name: 'autoId is a v4 UUID', expr: 'util.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", util.autoId())', expected: true, source: '[docs] built-in-util-js.html (128-bit random UUID)' },
  { name: 'autoUlid is 26 Crockford characters', expr: 'util.matches("[0-9A-HJKMNP-TV-Z]{26}", util.autoUlid())', expected: true, source: '[docs] built-in-util-js.html (ULID)' },
  { name: 'autoKsuid is 27 base62 characters', expr: 'util.matches("[0-9A-Za-z]{27}", util.autoKsuid())', expected: true, source: '[docs] built-in-util-js.html (KSUID, base62, length 27)' },
  {
    name: 'http.copyHeaders drops hop-by-hop headers',
    expr: 'util.http.copyHeaders({ host: "h", connection: "keep-alive", "content-length": "3", "x-custom": "v", authorization: "t" })',
    expected: { 'x-custom': 'v', authorization: 't' },
    source: '[docs] http-helpers-in-utils-http-js.html (list of removed headers)',
  },
  {
    name: 'xml.toMap single element',
    expr: `util.xml.toMap('<?xml version="1.0" encoding="UTF-8"?><posts><post><id>1</id><title>Getting started with GraphQL</title></post></posts>')`,
    expected: { posts: { post: { id: 1, title: 'Getting started with GraphQL' } } },
    source: '[docs] xml-helpers-in-util-xml-js.html example',
  },
  {
    name: 'xml.toMap repeated elements become a list',
    expr: `util.xml.toMap('<?xml version="1.0" encoding="UTF-8"?><posts><post><id>1</id><title>Getting started with GraphQL</title></post><post><id>2</id><title>Getting started with AppSync</title></post></posts>')`,
    expected: { posts: { post: [{ id: 1, title: 'Getting started with GraphQL' }, { id: 2, title: 'Getting started with AppSync' }] } },
    source: '[docs] xml-helpers-in-util-xml-js.html example',
  },
  {
    name: 'xml.toJsonString',
    expr: `util.xml.toJsonString('<posts><post><id>1</id></post></posts>')`,
    expected: '{"posts":{"post":{"id":1}}}',
    source: '[docs] xml-helpers-in-util-xml-js.html (same conversion as toMap, as JSON text)',
  },
  {
    name: 'toElasticsearchQueryDSL (documented example)',
    expr: 'JSON.parse(util.transform.toElasticsearchQueryDSL({ upvotes: { ne: 15, range: [10, 20] }, title: { eq: "hihihi", wildcard: "h*i" } }))',
    expected: {
      bool: {
        must: [
          { bool: { must: [{ bool: { must_not: { term: { upvotes: 15 } } } }, { range: { upvotes: { gte: 10, lte: 20 } } }] } },
          { bool: { must: [{ term: { title: 'hihihi' } }, { wildcard: { title: 'h*i' } }] } },
        ],
      },
    },
    source: '[docs] transformation-helpers-in-utils-transform.html toElasticsearchQueryDSL example',
  },
  { name: 'JSON.parse of invalid text answers ""', expr: 'JSON.parse("{not json")', expected: '', source: '[docs] supported-features.html (JSON.parse)' },
];

const groupsOfCases: [string, Case[]][] = [
  ['util.dynamodb', dynamodbUtil],
  ['util.transform DynamoDB expressions', transform],
  ['util.transform.toSubscriptionFilter', subscription],
  ['util.time', time],
  ['util (general, encoding, str, math, http, xml)', general],
];

const all = groupsOfCases.flatMap(([, cases]) => cases);
let results: HandlerResult[] = [];

beforeAll(async () => {
  results = await evaluateExpressions(all.map((c) => c.expr));
});

let index = 0;
for (const [group, cases] of groupsOfCases) {
  describe(group, () => {
    for (const c of cases) {
      const i = index++;
      it(`${c.name} ${c.source}`, () => {
        const r = results[i]!;
        expect(r.k, r.exceptionMessage ?? JSON.stringify(r.e)).toBe('ok');
        const value = c.parsed ? JSON.parse(r.v as string) : r.v;
        expect(value).toEqual(c.expected);
      });
    }
  });
}


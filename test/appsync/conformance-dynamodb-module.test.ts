// Conformance of `@aws-appsync/utils/dynamodb` (built-in-modules-js.html) with AWS.
//  [snap] output AWS EvaluateCode produced for the same call (localstack/appsync-utils
//         __tests__/__snapshots__/index.test.js.snap, recorded against AWS).
//  [shape] AWS documents the request object's fields (js-resolver-reference-dynamodb.html) but prints
//         no compiled output for this call: the case pins the local compilation, and says so.
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateExpressions } from './support/eval.js';
import type { HandlerResult } from '../../local/resolver-runtime/index.js';

interface Case {
  name: string;
  expr: string;
  expected: unknown;
  source: '[snap]' | '[shape]';
}

const S = (s: string) => ({ S: s });
const N = (n: number) => ({ N: n });

const cases: Case[] = [
  { name: 'get', expr: 'ddb.get({ key: { id: "id" } })', expected: { operation: 'GetItem', key: { id: S('id') } }, source: '[snap]' },
  { name: 'put', expr: 'ddb.put({ key: { id: "abc" }, item: { value: 10 } })', expected: { operation: 'PutItem', key: { id: S('abc') }, attributeValues: { value: N(10) } }, source: '[snap]' },
  { name: 'remove', expr: 'ddb.remove({ key: { id: "test" } })', expected: { operation: 'DeleteItem', key: { id: S('test') } }, source: '[snap]' },
  { name: 'scan', expr: 'ddb.scan({ limit: 10, nextToken: "abc" })', expected: { operation: 'Scan', limit: 10, nextToken: 'abc' }, source: '[snap]' },
  {
    name: 'update with add',
    expr: 'ddb.update({ key: { id: "test" }, update: { age: ddb.operations.add(10) } })',
    expected: { operation: 'UpdateItem', key: { id: S('test') }, update: { expression: 'SET #expName_1 = :expValue_1', expressionNames: { '#expName_1': 'age' }, expressionValues: { ':expValue_1': N(10) } } },
    source: '[snap]',
  },
  {
    name: 'update with append',
    expr: 'ddb.update({ key: { id: "test" }, update: { values: ddb.operations.append([1, 2, 3]) } })',
    expected: {
      operation: 'UpdateItem',
      key: { id: S('test') },
      update: { expression: 'SET #expName_1 = list_append(#expName_1, :expValue_1)', expressionNames: { '#expName_1': 'values' }, expressionValues: { ':expValue_1': { L: [N(1), N(2), N(3)] } } },
    },
    source: '[snap]',
  },
  { name: 'operations.add', expr: 'ddb.operations.add(10)', expected: { type: 'OPERATION_ADD', value: 10 }, source: '[snap]' },
  { name: 'operations.append', expr: 'ddb.operations.append([1, 2, 3])', expected: { type: 'OPERATION_APPEND', items: [1, 2, 3] }, source: '[snap]' },
  { name: 'operations.decrement', expr: 'ddb.operations.decrement(10)', expected: { type: 'OPERATION_DECREMENT', by: 10 }, source: '[snap]' },
  { name: 'operations.increment', expr: 'ddb.operations.increment(10)', expected: { type: 'OPERATION_INCREMENT', by: 10 }, source: '[snap]' },
  { name: 'operations.prepend', expr: 'ddb.operations.prepend([1, 2, 3])', expected: { type: 'OPERATION_PREPEND', items: [1, 2, 3] }, source: '[snap]' },
  { name: 'operations.replace', expr: 'ddb.operations.replace({ a: 10 })', expected: { type: 'OPERATION_REPLACE', value: { a: 10 } }, source: '[snap]' },
  {
    name: 'update with increment',
    expr: 'ddb.update({ key: { id: "test" }, update: { age: ddb.operations.increment(10) } })',
    expected: { operation: 'UpdateItem', key: { id: S('test') }, update: { expression: 'SET #expName_1 = #expName_1 + :expValue_1', expressionNames: { '#expName_1': 'age' }, expressionValues: { ':expValue_1': N(10) } } },
    source: '[snap]',
  },
  {
    name: 'update with decrement',
    expr: 'ddb.update({ key: { id: "test" }, update: { age: ddb.operations.decrement(10) } })',
    expected: { operation: 'UpdateItem', key: { id: S('test') }, update: { expression: 'SET #expName_1 = #expName_1 - :expValue_1', expressionNames: { '#expName_1': 'age' }, expressionValues: { ':expValue_1': N(10) } } },
    source: '[shape]',
  },
  {
    name: 'update with prepend',
    expr: 'ddb.update({ key: { id: "test" }, update: { values: ddb.operations.prepend([1]) } })',
    expected: { operation: 'UpdateItem', key: { id: S('test') }, update: { expression: 'SET #expName_1 = list_append(:expValue_1, #expName_1)', expressionNames: { '#expName_1': 'values' }, expressionValues: { ':expValue_1': { L: [N(1)] } } } },
    source: '[shape]',
  },
  {
    name: 'update with replace of a map',
    expr: 'ddb.update({ key: { id: "test" }, update: { values: ddb.operations.replace({ a: 10 }) } })',
    expected: { operation: 'UpdateItem', key: { id: S('test') }, update: { expression: 'SET #expName_1 = :expValue_1', expressionNames: { '#expName_1': 'values' }, expressionValues: { ':expValue_1': { M: { a: N(10) } } } } },
    source: '[shape]',
  },
  {
    name: 'update with remove, a plain value and a nested path',
    expr: 'ddb.update({ key: { id: "t" }, update: { gone: ddb.operations.remove(), name: "n", settings: { theme: "dark" } } })',
    expected: {
      operation: 'UpdateItem',
      key: { id: S('t') },
      update: {
        expression: 'SET #expName_2 = :expValue_1, #expName_3.#expName_4 = :expValue_2 REMOVE #expName_1',
        expressionNames: { '#expName_1': 'gone', '#expName_2': 'name', '#expName_3': 'settings', '#expName_4': 'theme' },
        expressionValues: { ':expValue_1': S('n'), ':expValue_2': S('dark') },
      },
    },
    source: '[shape]',
  },
  {
    name: 'update with updateListItem',
    expr: 'ddb.update({ key: { id: "t" }, update: { tags: [ddb.operations.updateListItem("x", 1)] } })',
    expected: { operation: 'UpdateItem', key: { id: S('t') }, update: { expression: 'SET #expName_1[1] = :expValue_1', expressionNames: { '#expName_1': 'tags' }, expressionValues: { ':expValue_1': S('x') } } },
    source: '[shape]',
  },
  {
    name: 'update with a condition',
    expr: 'ddb.update({ key: { id: "t" }, update: { n: 1 }, condition: { version: { eq: 2 } } })',
    expected: {
      operation: 'UpdateItem',
      key: { id: S('t') },
      update: { expression: 'SET #expName_1 = :expValue_1', expressionNames: { '#expName_1': 'n' }, expressionValues: { ':expValue_1': N(1) } },
      condition: { expression: '(#version = :version_eq)', expressionNames: { '#version': 'version' }, expressionValues: { ':version_eq': N(2) } },
    },
    source: '[shape]',
  },
  {
    name: 'get with consistentRead and projection',
    expr: 'ddb.get({ key: { id: "a" }, consistentRead: true, projection: ["name", "nested.object[1]"] })',
    expected: {
      operation: 'GetItem',
      key: { id: S('a') },
      consistentRead: true,
      projection: { expression: '#name, #nested.#object[1]', expressionNames: { '#name': 'name', '#nested': 'nested', '#object': 'object' } },
    },
    source: '[shape]',
  },
  {
    name: 'put with a create-only condition',
    expr: 'ddb.put({ key: { id: "a" }, item: { n: 1 }, condition: { id: { attributeExists: false } } })',
    expected: {
      operation: 'PutItem',
      key: { id: S('a') },
      attributeValues: { n: N(1) },
      condition: { expression: '(attribute_not_exists(#id))', expressionNames: { '#id': 'id' }, expressionValues: {} },
    },
    source: '[shape]',
  },
  {
    name: 'query on a partition and sort-key prefix with index, paging and filter',
    expr: 'ddb.query({ query: { pk: { eq: "p" }, sk: { beginsWith: "2024-" } }, index: "byDate", limit: 5, nextToken: "t", scanIndexForward: false, filter: { status: { eq: "active" } } })',
    expected: {
      operation: 'Query',
      query: { expression: '(#pk = :pk_eq) AND (begins_with(#sk,:sk_beginsWith))', expressionNames: { '#pk': 'pk', '#sk': 'sk' }, expressionValues: { ':pk_eq': S('p'), ':sk_beginsWith': S('2024-') } },
      index: 'byDate',
      nextToken: 't',
      limit: 5,
      scanIndexForward: false,
      filter: { expression: '(#status = :status_eq)', expressionNames: { '#status': 'status' }, expressionValues: { ':status_eq': S('active') } },
    },
    source: '[shape]',
  },
  {
    name: 'scan with segments and select',
    expr: 'ddb.scan({ totalSegments: 2, segment: 1, select: "ALL_ATTRIBUTES", consistentRead: true })',
    expected: { operation: 'Scan', consistentRead: true, select: 'ALL_ATTRIBUTES', totalSegments: 2, segment: 1 },
    source: '[shape]',
  },
  {
    name: 'sync',
    expr: 'ddb.sync({ limit: 10, nextToken: "abc", lastSync: 1 })',
    expected: { operation: 'Sync', limit: 10, nextToken: 'abc', lastSync: 1 },
    source: '[shape]',
  },
  {
    name: 'batchGet',
    expr: 'ddb.batchGet({ tables: { authors: { keys: [{ id: "1" }, { id: "2" }], consistentRead: true } } })',
    expected: { operation: 'BatchGetItem', tables: { authors: { keys: [{ id: S('1') }, { id: S('2') }], consistentRead: true } } },
    source: '[shape]',
  },
  {
    name: 'batchPut',
    expr: 'ddb.batchPut({ tables: { authors: [{ id: "1", name: "a" }] } })',
    expected: { operation: 'BatchPutItem', tables: { authors: [{ id: S('1'), name: S('a') }] } },
    source: '[shape]',
  },
  {
    name: 'batchDelete',
    expr: 'ddb.batchDelete({ tables: { authors: [{ id: "1" }] } })',
    expected: { operation: 'BatchDeleteItem', tables: { authors: [{ id: S('1') }] } },
    source: '[shape]',
  },
  {
    name: 'transactGet',
    expr: 'ddb.transactGet({ items: [{ table: "posts", key: { id: "1" } }, { table: "authors", key: { id: "2" }, projection: ["name"] }] })',
    expected: {
      operation: 'TransactGetItems',
      transactItems: [
        { table: 'posts', key: { id: S('1') } },
        { table: 'authors', key: { id: S('2') }, projection: { expression: '#name', expressionNames: { '#name': 'name' } } },
      ],
    },
    source: '[shape]',
  },
  {
    name: 'transactWrite with all four kinds',
    expr: 'ddb.transactWrite({ items: [{ putItem: { table: "t", key: { id: "1" }, item: { n: 1 }, condition: { id: { attributeExists: false } } } }, { updateItem: { table: "t", key: { id: "2" }, update: { n: ddb.operations.increment(1) } } }, { deleteItem: { table: "t", key: { id: "3" } } }, { conditionCheck: { table: "t", key: { id: "4" }, condition: { n: { gt: 0 } } } }] })',
    expected: {
      operation: 'TransactWriteItems',
      transactItems: [
        { table: 't', operation: 'PutItem', key: { id: S('1') }, attributeValues: { n: N(1) }, condition: { expression: '(attribute_not_exists(#id))', expressionNames: { '#id': 'id' }, expressionValues: {} } },
        { table: 't', operation: 'UpdateItem', key: { id: S('2') }, update: { expression: 'SET #expName_1 = #expName_1 + :expValue_1', expressionNames: { '#expName_1': 'n' }, expressionValues: { ':expValue_1': N(1) } } },
        { table: 't', operation: 'DeleteItem', key: { id: S('3') } },
        { table: 't', operation: 'ConditionCheck', key: { id: S('4') }, condition: { expression: '(#n > :n_gt)', expressionNames: { '#n': 'n' }, expressionValues: { ':n_gt': N(0) } } },
      ],
    },
    source: '[shape]',
  },
  { name: 'toStringSet', expr: 'ddb.toStringSet(["a", "b"])', expected: { SS: ['a', 'b'] }, source: '[shape]' },
  { name: 'toNumberSet', expr: 'ddb.toNumberSet([1, 2])', expected: { NS: [1, 2] }, source: '[shape]' },
  { name: 'toBinarySet', expr: 'ddb.toBinarySet(["AQ=="])', expected: { BS: ['AQ=='] }, source: '[shape]' },
];

let results: HandlerResult[] = [];
beforeAll(async () => {
  results = await evaluateExpressions(cases.map((c) => c.expr));
});

describe('@aws-appsync/utils/dynamodb request objects', () => {
  cases.forEach((c, i) => {
    it(`${c.name} ${c.source}`, () => {
      const r = results[i]!;
      expect(r.k, r.exceptionMessage).toBe('ok');
      expect(r.v).toEqual(c.expected);
    });
  });
});

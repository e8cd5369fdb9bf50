// `@aws-appsync/utils/dynamodb` inside the sandbox (built-in-modules-js.html). Request shapes follow
// js-resolver-reference-dynamodb.html; operation objects and update expressions follow output captured
// from AWS EvaluateCode (localstack/appsync-utils __tests__/__snapshots__/index.test.js.snap).
// AWS does not document how `query`, `condition`, `filter`, `projection`, `remove()` and
// `updateListItem()` compile; those use the util.transform grammar and the naming below.
import { Error, isArray, Map } from './intrinsics.js';
import { toMapValues, toDynamoDB, type AttributeValue } from './dynamodb-util.js';
import { filterToExpression, type ExpressionObject } from './transform.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !isArray(v);

export const operations = {
  add: (value: unknown) => ({ type: 'OPERATION_ADD', value }),
  remove: () => ({ type: 'OPERATION_REMOVE' }),
  replace: (value: unknown) => ({ type: 'OPERATION_REPLACE', value }),
  increment: (by = 1) => ({ type: 'OPERATION_INCREMENT', by }),
  decrement: (by = 1) => ({ type: 'OPERATION_DECREMENT', by }),
  append: (items: unknown[]) => ({ type: 'OPERATION_APPEND', items }),
  prepend: (items: unknown[]) => ({ type: 'OPERATION_PREPEND', items }),
  updateListItem: (value: unknown, index: number) => ({ type: 'OPERATION_UPDATE_LIST_ITEM', value, index }),
};

const isOperation = (v: unknown): v is Obj & { type: string } =>
  isObj(v) && typeof v.type === 'string' && v.type.startsWith('OPERATION_');

function condition(c: unknown): ExpressionObject | undefined {
  if (c === undefined || c === null) return undefined;
  const e = filterToExpression(c);
  if (e === null) throw new Error('@aws-appsync/utils/dynamodb: invalid condition object');
  return e;
}

function filter(f: unknown): ExpressionObject | undefined {
  if (f === undefined || f === null) return undefined;
  const e = filterToExpression(f);
  if (e === null) throw new Error('@aws-appsync/utils/dynamodb: invalid filter object');
  return e;
}

/** ['a', 'nested.object[1]'] → { expression: '#a, #nested.#object[1]', expressionNames }. */
function projection(p: unknown): { expression: string; expressionNames: Record<string, string> } | undefined {
  if (!isArray(p) || p.length === 0) return undefined;
  const names: Record<string, string> = {};
  const paths = p.map((path) =>
    String(path)
      .split('.')
      .map((segment) => {
        const m = /^([^[\]]+)((?:\[\d+\])*)$/.exec(segment);
        const name = m ? m[1]! : segment;
        names[`#${name}`] = name;
        return `#${name}${m ? m[2] : ''}`;
      })
      .join('.'),
  );
  return { expression: paths.join(', '), expressionNames: names };
}

/** Compiles an update object to SET/REMOVE clauses with #expName_n / :expValue_n placeholders. */
function updateExpression(update: unknown): ExpressionObject {
  if (!isObj(update)) throw new Error('@aws-appsync/utils/dynamodb: update must be an object');
  const names: Record<string, string> = {};
  const values: Record<string, AttributeValue | null> = {};
  const nameIds = new Map<string, string>();
  let nameCount = 0;
  let valueCount = 0;
  const sets: string[] = [];
  const removes: string[] = [];
  const name = (n: string) => {
    let id = nameIds.get(n);
    if (!id) {
      id = `#expName_${++nameCount}`;
      nameIds.set(n, id);
      names[id] = n;
    }
    return id;
  };
  const value = (v: unknown) => {
    const id = `:expValue_${++valueCount}`;
    values[id] = toDynamoDB(v);
    return id;
  };
  const walk = (obj: Obj, prefix: string) => {
    for (const key of Object.keys(obj)) {
      const v = obj[key];
      if (v === undefined) continue;
      const path = prefix + name(key);
      if (isOperation(v)) {
        switch (v.type) {
          case 'OPERATION_ADD':
          case 'OPERATION_REPLACE':
            sets.push(`${path} = ${value(v.value)}`);
            break;
          case 'OPERATION_REMOVE':
            removes.push(path);
            break;
          case 'OPERATION_INCREMENT':
            sets.push(`${path} = ${path} + ${value(v.by)}`);
            break;
          case 'OPERATION_DECREMENT':
            sets.push(`${path} = ${path} - ${value(v.by)}`);
            break;
          case 'OPERATION_APPEND':
            sets.push(`${path} = list_append(${path}, ${value(v.items)})`);
            break;
          case 'OPERATION_PREPEND':
            sets.push(`${path} = list_append(${value(v.items)}, ${path})`);
            break;
          case 'OPERATION_UPDATE_LIST_ITEM':
            sets.push(`${path}[${Number(v.index)}] = ${value(v.value)}`);
            break;
          default:
            throw new Error(`@aws-appsync/utils/dynamodb: unknown update operation ${v.type}`);
        }
      } else if (isArray(v) && v.length > 0 && v.every(isOperation)) {
        for (const op of v) {
          if (op.type !== 'OPERATION_UPDATE_LIST_ITEM') throw new Error('@aws-appsync/utils/dynamodb: only updateListItem operations may be listed');
          sets.push(`${path}[${Number(op.index)}] = ${value(op.value)}`);
        }
      } else if (isObj(v)) {
        walk(v, `${path}.`);
      } else {
        sets.push(`${path} = ${value(v)}`);
      }
    }
  };
  walk(update, '');
  const clauses: string[] = [];
  if (sets.length) clauses.push(`SET ${sets.join(', ')}`);
  if (removes.length) clauses.push(`REMOVE ${removes.join(', ')}`);
  return { expression: clauses.join(' '), expressionNames: names, expressionValues: values };
}

function withOptional<T extends Obj>(target: T, fields: Obj): T {
  for (const k of Object.keys(fields)) if (fields[k] !== undefined && fields[k] !== null) (target as Obj)[k] = fields[k];
  return target;
}

function writeExtras(p: Obj): Obj {
  return {
    condition: condition(p.condition),
    customPartitionKey: p.customPartitionKey,
    populateIndexFields: p.populateIndexFields,
    _version: p._version,
  };
}

function keyCondition(q: unknown): ExpressionObject {
  if (!isObj(q)) throw new Error('@aws-appsync/utils/dynamodb: query must be an object of key conditions');
  const e = filterToExpression(q);
  if (e === null) throw new Error('@aws-appsync/utils/dynamodb: invalid query object');
  return e;
}

function readOptions(p: Obj): Obj {
  return {
    index: p.index,
    nextToken: p.nextToken,
    limit: p.limit,
    scanIndexForward: p.scanIndexForward,
    consistentRead: p.consistentRead,
    select: p.select,
    filter: filter(p.filter),
    projection: projection(p.projection),
    totalSegments: p.totalSegments,
    segment: p.segment,
  };
}

export const ddbModule = {
  get(p: Obj) {
    return withOptional({ operation: 'GetItem', key: toMapValues(p.key) }, { consistentRead: p.consistentRead, projection: projection(p.projection) });
  },
  put(p: Obj) {
    return withOptional({ operation: 'PutItem', key: toMapValues(p.key), attributeValues: toMapValues(p.item ?? {}) }, writeExtras(p));
  },
  remove(p: Obj) {
    return withOptional({ operation: 'DeleteItem', key: toMapValues(p.key) }, writeExtras(p));
  },
  update(p: Obj) {
    return withOptional({ operation: 'UpdateItem', key: toMapValues(p.key), update: updateExpression(p.update) }, writeExtras(p));
  },
  query(p: Obj) {
    return withOptional({ operation: 'Query', query: keyCondition(p.query) }, readOptions(p));
  },
  scan(p: Obj) {
    return withOptional({ operation: 'Scan' }, readOptions(p ?? {}));
  },
  sync(p: Obj) {
    return withOptional(
      { operation: 'Sync' },
      {
        basePartitionKey: p?.basePartitionKey,
        deltaIndexName: p?.deltaIndexName,
        limit: p?.limit,
        nextToken: p?.nextToken,
        lastSync: p?.lastSync,
        filter: filter(p?.filter),
      },
    );
  },
  batchGet(p: { tables: Record<string, { keys: unknown[]; consistentRead?: boolean; projection?: string[] }> }) {
    const tables: Obj = {};
    for (const t of Object.keys(p.tables)) {
      const spec = p.tables[t]!;
      tables[t] = withOptional({ keys: spec.keys.map((k) => toMapValues(k)) }, { consistentRead: spec.consistentRead, projection: projection(spec.projection) });
    }
    return { operation: 'BatchGetItem', tables };
  },
  batchPut(p: { tables: Record<string, unknown[]> }) {
    const tables: Obj = {};
    for (const t of Object.keys(p.tables)) tables[t] = p.tables[t]!.map((i) => toMapValues(i));
    return { operation: 'BatchPutItem', tables };
  },
  batchDelete(p: { tables: Record<string, unknown[]> }) {
    const tables: Obj = {};
    for (const t of Object.keys(p.tables)) tables[t] = p.tables[t]!.map((k) => toMapValues(k));
    return { operation: 'BatchDeleteItem', tables };
  },
  transactGet(p: { items: { table: string; key: unknown; projection?: string[] }[] }) {
    return {
      operation: 'TransactGetItems',
      transactItems: p.items.map((i) => withOptional({ table: i.table, key: toMapValues(i.key) }, { projection: projection(i.projection) })),
    };
  },
  transactWrite(p: { items: Obj[] }) {
    return {
      operation: 'TransactWriteItems',
      transactItems: p.items.map((entry) => {
        if (isObj(entry.putItem)) {
          const i = entry.putItem;
          return withOptional({ table: i.table, operation: 'PutItem', key: toMapValues(i.key), attributeValues: toMapValues(i.item ?? {}) }, { condition: condition(i.condition) });
        }
        if (isObj(entry.updateItem)) {
          const i = entry.updateItem;
          return withOptional({ table: i.table, operation: 'UpdateItem', key: toMapValues(i.key), update: updateExpression(i.update) }, { condition: condition(i.condition) });
        }
        if (isObj(entry.deleteItem)) {
          const i = entry.deleteItem;
          return withOptional({ table: i.table, operation: 'DeleteItem', key: toMapValues(i.key) }, { condition: condition(i.condition) });
        }
        if (isObj(entry.conditionCheck)) {
          const i = entry.conditionCheck;
          return withOptional({ table: i.table, operation: 'ConditionCheck', key: toMapValues(i.key) }, { condition: condition(i.condition) });
        }
        throw new Error('@aws-appsync/utils/dynamodb: transactWrite item needs putItem, updateItem, deleteItem or conditionCheck');
      }),
    };
  },
  toStringSet: (list: string[]) => ({ SS: list }),
  toNumberSet: (list: number[]) => ({ NS: list }),
  toBinarySet: (list: string[]) => ({ BS: list }),
  operations,
};

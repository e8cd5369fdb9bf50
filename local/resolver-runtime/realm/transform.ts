// util.transform, inside the sandbox. The exact text (placeholder names, parenthesisation, the
// dangling joiners and `(null)` for an empty `in`, `null` for filters AWS cannot render) reproduces
// output captured from AWS EvaluateCode in localstack/appsync-utils
// __tests__/__snapshots__/transform.test.js.snap and transform-subscription.test.js.snap.
import { arrayIncludes, Error, isArray } from './intrinsics.js';
import { toDynamoDB, type AttributeValue } from './dynamodb-util.js';

class Unrenderable {}
const UNRENDERABLE = new Unrenderable();

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !isArray(v);

interface Acc {
  names: Record<string, string>;
  values: Record<string, AttributeValue | null>;
}

const COMPARATORS: Record<string, string> = { eq: '=', ne: '<>', le: '<=', lt: '<', ge: '>=', gt: '>' };
const TYPE_CODES: Record<string, string> = {
  _null: 'NULL',
  string: 'S',
  stringSet: 'SS',
  number: 'N',
  numberSet: 'NS',
  binary: 'B',
  binarySet: 'BS',
  boolean: 'BOOL',
  list: 'L',
  map: 'M',
};

/** One field's operators; `target` is `#f` or `size(#f)`, `valuePrefix` names its values. */
function renderOperators(ops: unknown, target: string, valuePrefix: string, acc: Acc): string {
  if (!isObj(ops)) throw UNRENDERABLE;
  const leaves: string[] = [];
  for (const op of Object.keys(ops)) {
    const v = ops[op];
    const name = `:${valuePrefix}_${op}`;
    if (Object.hasOwn(COMPARATORS, op)) {
      acc.values[name] = toDynamoDB(v);
      leaves.push(`(${target} ${COMPARATORS[op]} ${name})`);
    } else if (op === 'contains' || op === 'notContains' || op === 'beginsWith') {
      acc.values[name] = toDynamoDB(v);
      const fn = op === 'beginsWith' ? 'begins_with' : 'contains';
      leaves.push(`(${op === 'notContains' ? 'NOT ' : ''}${fn}(${target},${name}))`);
    } else if (op === 'between') {
      if (!isArray(v) || v.length < 2) throw UNRENDERABLE;
      acc.values[`${name}_start`] = toDynamoDB(v[0]);
      acc.values[`${name}_end`] = toDynamoDB(v[1]);
      leaves.push(`(${target} BETWEEN ${name}_start AND ${name}_end)`);
    } else if (op === 'in') {
      if (!isArray(v)) throw UNRENDERABLE;
      if (v.length === 0) {
        leaves.push('(null)');
        continue;
      }
      const names = v.map((item, i) => {
        acc.values[`${name}_${i}`] = toDynamoDB(item);
        return `${name}_${i}`;
      });
      leaves.push(`(${target} IN (${names.join(', ')}))`);
    } else if (op === 'attributeExists') {
      if (typeof v !== 'boolean') throw UNRENDERABLE;
      leaves.push(`(${v ? 'attribute_exists' : 'attribute_not_exists'}(${target}))`);
    } else if (op === 'attributeType') {
      if (typeof v !== 'string' || !Object.hasOwn(TYPE_CODES, v)) throw UNRENDERABLE;
      acc.values[name] = { S: TYPE_CODES[v] };
      leaves.push(`(attribute_type(${target},${name}))`);
    } else if (op === 'size') {
      const inner = renderOperators(v, target.startsWith('size(') ? target : `size(${target})`, `${valuePrefix}_size`, acc);
      leaves.push(inner);
    } else {
      throw UNRENDERABLE;
    }
  }
  if (leaves.length === 1) return leaves[0]!;
  if (leaves.length === 0) return '';
  return `(${leaves.join(' AND ')})`;
}

/** The parts of one filter object, in key order. */
function renderParts(filter: unknown, prefix: string, acc: Acc): string[] {
  if (!isObj(filter)) throw UNRENDERABLE;
  const parts: string[] = [];
  for (const key of Object.keys(filter)) {
    const v = filter[key];
    if (key === 'and' || key === 'or') {
      if (!isArray(v)) throw UNRENDERABLE;
      const members = v.map((m, i) => renderParts(m, `${prefix}${key}_${i}_`, acc).join(' AND '));
      if (members.length === 0) parts.push('');
      else if (members.length === 1) parts.push(members[0]!);
      else parts.push(`(${members.join(key === 'and' ? ' AND ' : ' OR ')})`);
    } else if (key === 'not') {
      if (!isObj(v)) throw UNRENDERABLE;
      parts.push(`(NOT ${renderParts(v, `${prefix}not_`, acc).join(' AND ')})`);
    } else {
      acc.names[`#${key}`] = key;
      parts.push(renderOperators(v, `#${key}`, `${prefix}${key}`, acc));
    }
  }
  return parts;
}

export interface ExpressionObject {
  expression: string;
  expressionNames: Record<string, string>;
  expressionValues: Record<string, AttributeValue | null>;
}

export function filterToExpression(filter: unknown): ExpressionObject | null {
  const acc: Acc = { names: {}, values: {} };
  try {
    const expression = renderParts(filter, '', acc).join(' AND ');
    return { expression, expressionNames: acc.names, expressionValues: acc.values };
  } catch (e) {
    if (e === UNRENDERABLE) return null;
    throw e;
  }
}

function toExpressionString(filter: unknown): string | null {
  const e = filterToExpression(filter);
  return e === null ? null : JSON.stringify(e);
}

// --- Subscription filters: an OR of AND groups. Operators of one field and members of `or` are
// alternatives; `and` members and sibling keys multiply out; empty `or` members and empty groups are dropped.

interface Filter {
  fieldName: string;
  operator: string;
  value: unknown;
}
type Dnf = Filter[][];

function product(a: Dnf, b: Dnf): Dnf {
  const out: Dnf = [];
  for (const x of a) for (const y of b) out.push([...x, ...y]);
  return out;
}

function subscriptionDnf(obj: Record<string, unknown>, ignored: string[]): Dnf {
  let acc: Dnf = [[]];
  for (const key of Object.keys(obj)) {
    const v = obj[key];
    if ((key === 'and' || key === 'or') && isArray(v)) {
      const members = v.map((m) => (isObj(m) ? subscriptionDnf(m, ignored) : ([[]] as Dnf)));
      if (key === 'and') {
        for (const m of members) acc = product(acc, m);
      } else {
        // A member left empty (every field of it ignored) is dropped, not kept as an always-true
        // branch: AWS's ignoredFields example turns `or: [{ author }, { isPublished }]` with author
        // ignored into the one group with isPublished (transformation-helpers-in-utils-transform-js.html).
        // An `or` all of whose members are ignored disappears like an ignored field.
        const alternatives = members.flat(1).filter((g) => g.length > 0);
        if (alternatives.length > 0 || members.length === 0) acc = product(acc, alternatives);
      }
    } else {
      if (arrayIncludes(ignored, key)) continue;
      const alternatives: Dnf = isObj(v) ? Object.keys(v).map((op) => [{ fieldName: key, operator: op, value: v[op] }]) : [];
      acc = product(acc, alternatives);
    }
  }
  return acc;
}

export function toSubscriptionFilter(obj: unknown, ignoredFields?: unknown, rules?: unknown): { filterGroup: { filters: Filter[] }[] } | null {
  if (!isObj(obj)) return null;
  const ignored = isArray(ignoredFields) ? (ignoredFields.filter((f) => typeof f === 'string') as string[]) : [];
  let groups = subscriptionDnf(obj, ignored);
  if (isObj(rules)) {
    const ruleAlternatives: Dnf = [];
    for (const field of Object.keys(rules)) {
      const ops = rules[field];
      if (isObj(ops)) for (const op of Object.keys(ops)) ruleAlternatives.push([{ fieldName: field, operator: op, value: ops[op] }]);
    }
    if (ruleAlternatives.length > 0) groups = product(groups, ruleAlternatives);
  }
  return { filterGroup: groups.filter((g) => g.length > 0).map((filters) => ({ filters })) };
}

// --- OpenSearch query DSL (documented mapping: eq→term, ne→must_not term, range→gte/lte, default AND).

function esLeaf(field: string, op: string, v: unknown): Record<string, unknown> {
  switch (op) {
    case 'eq':
      return { term: { [field]: v } };
    case 'ne':
      return { bool: { must_not: { term: { [field]: v } } } };
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return { range: { [field]: { [op]: v } } };
    case 'range':
      if (!isArray(v) || v.length < 2) throw new Error(`util.transform.toElasticsearchQueryDSL: range on ${field} needs [from, to]`);
      return { range: { [field]: { gte: v[0], lte: v[1] } } };
    case 'match':
      return { match: { [field]: v } };
    case 'matchPhrase':
      return { match_phrase: { [field]: v } };
    case 'matchPhrasePrefix':
      return { match_phrase_prefix: { [field]: v } };
    case 'wildcard':
      return { wildcard: { [field]: v } };
    case 'regexp':
      return { regexp: { [field]: v } };
    case 'multiMatch':
      return { multi_match: { query: v, fields: [field] } };
    case 'exists':
      return v ? { exists: { field } } : { bool: { must_not: { exists: { field } } } };
    default:
      throw new Error(`util.transform.toElasticsearchQueryDSL: unsupported operator ${op}`);
  }
}

function esQuery(obj: Record<string, unknown>): Record<string, unknown> {
  const must: Record<string, unknown>[] = [];
  for (const key of Object.keys(obj)) {
    const v = obj[key];
    if (key === 'and' && isArray(v)) must.push({ bool: { must: v.map((m) => esQuery(m as Record<string, unknown>)) } });
    else if (key === 'or' && isArray(v)) must.push({ bool: { should: v.map((m) => esQuery(m as Record<string, unknown>)) } });
    else if (key === 'not' && isObj(v)) must.push({ bool: { must_not: esQuery(v) } });
    else if (isObj(v)) {
      // one field's operators are ANDed in their own bool (documented example)
      const leaves = Object.keys(v).map((op) => esLeaf(key, op, v[op]));
      if (leaves.length === 1) must.push(leaves[0]!);
      else if (leaves.length > 1) must.push({ bool: { must: leaves } });
    }
  }
  return must.length === 1 ? must[0]! : { bool: { must } };
}

export const transformUtil = {
  toDynamoDBFilterExpression: toExpressionString,
  toDynamoDBConditionExpression: toExpressionString,
  toSubscriptionFilter,
  toElasticsearchQueryDSL(obj: unknown): string {
    if (!isObj(obj)) return JSON.stringify(null);
    return JSON.stringify(esQuery(obj));
  },
};

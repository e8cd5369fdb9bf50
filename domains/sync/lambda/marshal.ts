// Plain JS → DynamoDB AttributeValue, once per item, for the sync's writes. The items are plain JSON-like
// data (strings, finite numbers, booleans, null, arrays, plain objects), so this is the subset of
// @aws-sdk/util-dynamodb's `marshall` they need, with the options the sync's clients use
// (`removeUndefinedValues: true`) and the same results: { S }, { N: String(n) }, { BOOL }, { NULL: true },
// { L }, { M }; undefined members and array elements are left out; non-finite numbers and integers
// beyond Number.MAX_SAFE_INTEGER are rejected as `marshall` rejects them. Anything else (Set, Map,
// Uint8Array, bigint, class instances) goes through `marshall` itself.
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { convertToAttr } from '@aws-sdk/util-dynamodb';

const OPTIONS = { removeUndefinedValues: true } as const;

// Shared, never mutated (the SDK only reads a request's values): two flags a day in every item.
const TRUE: AttributeValue = Object.freeze({ BOOL: true });
const FALSE: AttributeValue = Object.freeze({ BOOL: false });
const NULL: AttributeValue = Object.freeze({ NULL: true });

function toAttr(v: unknown): AttributeValue | undefined {
  switch (typeof v) {
    case 'string':
      return { S: v };
    case 'number':
      if (!Number.isFinite(v)) throw new Error(`Special numeric value ${String(v)} is not allowed`);
      if (v > Number.MAX_SAFE_INTEGER || v < Number.MIN_SAFE_INTEGER) {
        throw new Error(`Number ${v} is greater than Number.MAX_SAFE_INTEGER. Use NumberValue from @aws-sdk/lib-dynamodb.`);
      }
      return { N: String(v) };
    case 'boolean':
      return v ? TRUE : FALSE;
    case 'undefined':
      return undefined;
    case 'object':
      if (v === null) return NULL;
      if (Array.isArray(v)) {
        const L: AttributeValue[] = [];
        for (const e of v) {
          const a = toAttr(e);
          if (a !== undefined) L.push(a);
        }
        return { L };
      }
      if (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null) return { M: marshalMap(v as Record<string, unknown>) };
  }
  return convertToAttr(v as never, OPTIONS);
}

function marshalMap(o: Record<string, unknown>): Record<string, AttributeValue> {
  const M: Record<string, AttributeValue> = {};
  for (const key in o) {
    const a = toAttr(o[key]);
    if (a !== undefined) M[key] = a;
  }
  return M;
}

/** A whole item, as a BatchWriteItem PutRequest carries it. */
export function marshalItem(item: object): Record<string, AttributeValue> {
  return marshalMap(item as Record<string, unknown>);
}

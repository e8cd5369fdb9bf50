// util.dynamodb, inside the sandbox. AWS emits N/NS members as JSON numbers, not strings (observed
// through EvaluateCode, localstack/appsync-utils __tests__/__snapshots__/index.test.js.snap).

import { isArray } from './intrinsics.js';
export type AttributeValue = Record<string, unknown>;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !isArray(v);
}

export function toDynamoDB(value: unknown): AttributeValue | null {
  if (value === null || value === undefined) return { NULL: null };
  switch (typeof value) {
    case 'string':
      return { S: value };
    case 'number':
      return { N: value };
    case 'boolean':
      return { BOOL: value };
    case 'object':
      if (isArray(value)) return { L: value.map((v) => toDynamoDB(v)) };
      return { M: toMapValues(value) };
    default:
      // functions, symbols, bigints have no DynamoDB form
      return null;
  }
}

export function toMapValues(value: unknown): Record<string, AttributeValue | null> {
  if (!isPlainObject(value)) return null as unknown as Record<string, AttributeValue | null>;
  const out: Record<string, AttributeValue | null> = {};
  for (const k of Object.keys(value)) {
    const v = value[k];
    if (v === undefined) continue;
    out[k] = toDynamoDB(v);
  }
  return out;
}

const opt = <T>(v: T | null | undefined, f: (v: T) => AttributeValue): AttributeValue | null =>
  v === null || v === undefined ? null : f(v);

export const dynamodbUtil = {
  toDynamoDB,
  toString: (s: string | null | undefined) => opt(s, (v) => ({ S: v })),
  toStringSet: (l: string[] | null | undefined) => opt(l, (v) => ({ SS: v })),
  toNumber: (n: number | null | undefined) => opt(n, (v) => ({ N: v })),
  toNumberSet: (l: number[] | null | undefined) => opt(l, (v) => ({ NS: v })),
  toBinary: (b: string | null | undefined) => opt(b, (v) => ({ B: v })),
  toBinarySet: (l: string[] | null | undefined) => opt(l, (v) => ({ BS: v })),
  toBoolean: (b: boolean | null | undefined) => opt(b, (v) => ({ BOOL: v })),
  toNull: () => ({ NULL: null }),
  toList: (l: unknown) => (isArray(l) ? toDynamoDB(l) : null),
  toMap: (m: unknown) => (isPlainObject(m) ? { M: toMapValues(m) } : null),
  toMapValues: (m: unknown) => (isPlainObject(m) ? toMapValues(m) : null),
  toS3Object(key: string, bucket: string, region: string, version?: string) {
    const s3: Record<string, string> = { key, bucket, region };
    if (version !== undefined) s3.version = version;
    return { S: JSON.stringify({ s3 }) };
  },
  fromS3ObjectJson(s: string) {
    const parsed = JSON.parse(s) as { s3?: Record<string, string> };
    return parsed && parsed.s3 ? parsed.s3 : null;
  },
};

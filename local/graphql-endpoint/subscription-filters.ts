// AppSync subscription filtering: enhanced filters (extensions.setSubscriptionFilter /
// setSubscriptionInvalidationFilter) and the basic argument-equality filter
// (docs: aws-appsync-real-time-enhanced-filtering.html, extensions.html).

export type FilterOperator =
  | 'eq'
  | 'ne'
  | 'le'
  | 'lt'
  | 'ge'
  | 'gt'
  | 'contains'
  | 'notContains'
  | 'beginsWith'
  | 'in'
  | 'notIn'
  | 'between'
  | 'containsAny';

export interface FilterRule {
  fieldName: string;
  operator: FilterOperator;
  value: unknown;
}

/** Groups are ORed; the rules inside one group are ANDed. */
export interface FilterGroups {
  filterGroup: { filters: FilterRule[] }[];
}

const OPERATORS = new Set<string>(['eq', 'ne', 'le', 'lt', 'ge', 'gt', 'contains', 'notContains', 'beginsWith', 'in', 'notIn', 'between', 'containsAny']);

/** Accepts what the runtime hands over: `{ filterGroup: [...] }`, one `{ filters: [...] }` group, or a bare group list. */
export function normalizeFilter(raw: unknown): FilterGroups | null {
  if (raw == null) return null;
  let groups: unknown;
  if (Array.isArray(raw)) groups = raw;
  else if (typeof raw === 'object' && Array.isArray((raw as { filterGroup?: unknown }).filterGroup)) groups = (raw as { filterGroup: unknown[] }).filterGroup;
  else if (typeof raw === 'object' && Array.isArray((raw as { filters?: unknown }).filters)) groups = [raw];
  else throw new Error('subscription filter must be { filterGroup: [{ filters: [...] }] }');
  const out: FilterGroups = { filterGroup: [] };
  for (const g of groups as unknown[]) {
    const filters = (g as { filters?: unknown })?.filters;
    if (!Array.isArray(filters)) throw new Error('every filter group needs a filters list');
    out.filterGroup.push({
      filters: filters.map((f) => {
        const r = f as Partial<FilterRule>;
        if (typeof r.fieldName !== 'string' || typeof r.operator !== 'string' || !OPERATORS.has(r.operator)) {
          throw new Error(`invalid filter rule ${JSON.stringify(f)}`);
        }
        return { fieldName: r.fieldName, operator: r.operator, value: r.value };
      }),
    });
  }
  return out;
}

// Nested fields are addressed with "." up to five levels; deeper rules are ignored (treated as passing), as AppSync documents.
const MAX_DEPTH = 5;

function lookup(payload: unknown, fieldName: string): { present: boolean; value: unknown } {
  let cur: unknown = payload;
  for (const part of fieldName.split('.')) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur) || !(part in (cur as object))) return { present: false, value: undefined };
    cur = (cur as Record<string, unknown>)[part];
  }
  return { present: cur !== undefined, value: cur };
}

function compare(a: unknown, b: unknown): number | null {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return null;
}

export function ruleMatches(rule: FilterRule, payload: unknown): boolean {
  if (rule.fieldName.split('.').length > MAX_DEPTH) return true;
  const { present, value } = lookup(payload, rule.fieldName);
  const v = rule.value;
  switch (rule.operator) {
    case 'eq':
      return present && value === v;
    case 'ne':
      return !present || value !== v;
    case 'le':
    case 'lt':
    case 'ge':
    case 'gt': {
      const c = present ? compare(value, v) : null;
      if (c === null) return false;
      return rule.operator === 'le' ? c <= 0 : rule.operator === 'lt' ? c < 0 : rule.operator === 'ge' ? c >= 0 : c > 0;
    }
    case 'contains':
      return present && contains(value, v);
    case 'notContains':
      return !present || !contains(value, v);
    case 'beginsWith':
      return present && typeof value === 'string' && typeof v === 'string' && value.startsWith(v);
    case 'in':
      return present && Array.isArray(v) && v.includes(value);
    case 'notIn':
      return !present || !Array.isArray(v) || !v.includes(value);
    case 'between': {
      if (!present || !Array.isArray(v) || v.length !== 2) return false;
      const lo = compare(value, v[0]);
      const hi = compare(value, v[1]);
      return lo !== null && hi !== null && lo >= 0 && hi <= 0;
    }
    case 'containsAny':
      if (!present || !Array.isArray(v)) return false;
      return (Array.isArray(value) ? value : [value]).some((x) => v.includes(x));
  }
}

function contains(value: unknown, v: unknown): boolean {
  if (typeof value === 'string') return typeof v === 'string' && value.includes(v);
  if (Array.isArray(value)) return value.includes(v);
  return false;
}

export function filterMatches(filter: FilterGroups, payload: unknown): boolean {
  return filter.filterGroup.some((g) => g.filters.every((r) => ruleMatches(r, payload)));
}

/**
 * Basic filtering: every argument the subscriber gave must equal the published field of the same
 * name; an explicit null matches only a null/absent field; omitted arguments match anything.
 */
export function argumentsMatch(args: Record<string, unknown>, payload: unknown): boolean {
  const obj = (payload ?? {}) as Record<string, unknown>;
  for (const [k, v] of Object.entries(args)) {
    const actual = obj[k];
    if (v === null) {
      if (actual != null) return false;
    } else if (!sameValue(actual, v)) return false;
  }
  return true;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null) return JSON.stringify(a) === JSON.stringify(b);
  return false;
}

// The restrictions AWS lists for enhanced subscription filters ("Exceptions" in
// https://docs.aws.amazon.com/appsync/latest/devguide/extensions.html, the same for the JS extensions),
// checked when a resolver sets a filter: a filter AppSync would not accept fails the resolver here too
// instead of being evaluated locally. Nesting depth is left to the matcher (local/graphql/filters.ts).

import { Error, isArray, Set } from './intrinsics.js';
const MAX_FIELDS_PER_GROUP = 5;
const MAX_GROUPS = 10;
const MAX_IN = 5;
const MAX_CONTAINS_ANY = 20;
const MAX_STRING = 256;

const fail = (what: string, detail: string): never => {
  throw new Error(`${what}: ${detail}`);
};

/** Throws naming the first restriction `filter` breaks; shapes that are not filters are the host's to refuse. */
export function checkFilterLimits(filter: unknown, what: string): void {
  const groups = (filter as { filterGroup?: unknown } | null)?.filterGroup;
  if (!isArray(groups)) return;
  let evaluated = 0;
  for (const group of groups) {
    const filters = (group as { filters?: unknown } | null)?.filters;
    if (!isArray(filters)) continue;
    const names = new Set<unknown>();
    // "The in operator is a special case of OR logic": each value of an `in` counts as a filter group.
    let expanded = 1;
    for (const f of filters as { fieldName?: unknown; operator?: unknown; value?: unknown }[]) {
      names.add(f?.fieldName);
      const values: unknown[] = isArray(f?.value) ? f.value : [f?.value];
      for (const s of [f?.fieldName, ...values])
        if (typeof s === 'string' && s.length > MAX_STRING) fail(what, `strings can be at most ${MAX_STRING} characters`);
      if ((f?.operator === 'in' || f?.operator === 'notIn') && values.length > MAX_IN) fail(what, `the ${f.operator} operator takes at most ${MAX_IN} values`);
      if (f?.operator === 'containsAny' && values.length > MAX_CONTAINS_ANY) fail(what, `the containsAny operator takes at most ${MAX_CONTAINS_ANY} values`);
      if (f?.operator === 'in') expanded *= Math.max(1, values.length);
    }
    if (names.size > MAX_FIELDS_PER_GROUP) fail(what, `a filter group can combine at most ${MAX_FIELDS_PER_GROUP} fieldName items`);
    evaluated += expanded;
  }
  if (evaluated > MAX_GROUPS) fail(what, `a filterGroup can have at most ${MAX_GROUPS} filters (in values counted as filters), got ${evaluated}`);
}

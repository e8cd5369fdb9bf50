// AppSync's enhanced subscription filters (aws-appsync-real-time-enhanced-filtering.html): every
// operator, AND inside a group, OR across groups, nested fields, and basic argument filtering.
import { describe, expect, it } from 'vitest';
import { argumentsMatch, filterMatches, normalizeFilter, ruleMatches, type FilterOperator } from '../../local/graphql-endpoint/subscription-filters.js';

const item = { severity: 7, priority: 'high', title: 'Disk almost full', tags: ['ops', 'disk'], location: { address: { country: 'KR' } }, note: null };
const rule = (fieldName: string, operator: FilterOperator, value: unknown) => ruleMatches({ fieldName, operator, value }, item);

describe('enhanced filter operators', () => {
  it('eq / ne', () => {
    expect(rule('severity', 'eq', 7)).toBe(true);
    expect(rule('severity', 'eq', '7')).toBe(false);
    expect(rule('priority', 'ne', 'low')).toBe(true);
    expect(rule('missing', 'ne', 'x')).toBe(true);
  });
  it('le / lt / ge / gt on numbers and strings', () => {
    expect([rule('severity', 'le', 7), rule('severity', 'lt', 7), rule('severity', 'ge', 7), rule('severity', 'gt', 6)]).toEqual([true, false, true, true]);
    expect(rule('priority', 'lt', 'low')).toBe(true);
    expect(rule('severity', 'gt', '1')).toBe(false);
    expect(rule('missing', 'ge', 0)).toBe(false);
  });
  it('contains / notContains on strings and arrays', () => {
    expect(rule('title', 'contains', 'almost')).toBe(true);
    expect(rule('tags', 'contains', 'disk')).toBe(true);
    expect(rule('tags', 'notContains', 'net')).toBe(true);
    expect(rule('title', 'notContains', 'Disk')).toBe(false);
  });
  it('beginsWith, in, notIn, between, containsAny', () => {
    expect(rule('title', 'beginsWith', 'Disk')).toBe(true);
    expect(rule('title', 'beginsWith', 'disk')).toBe(false);
    expect(rule('priority', 'in', ['high', 'medium'])).toBe(true);
    expect(rule('priority', 'notIn', ['high'])).toBe(false);
    expect(rule('severity', 'between', [7, 9])).toBe(true);
    expect(rule('severity', 'between', [8, 9])).toBe(false);
    expect(rule('tags', 'containsAny', ['x', 'ops'])).toBe(true);
    expect(rule('tags', 'containsAny', ['x'])).toBe(false);
  });
  it('addresses nested fields with dots', () => {
    expect(rule('location.address.country', 'eq', 'KR')).toBe(true);
    expect(rule('location.address.city', 'eq', 'Seoul')).toBe(false);
  });
});

describe('filter groups', () => {
  it('ANDs the rules of a group and ORs the groups', () => {
    const f = normalizeFilter({
      filterGroup: [
        { filters: [ { fieldName: 'severity', operator: 'ge', value: 8 }, { fieldName: 'priority', operator: 'eq', value: 'high' } ] },
        { filters: [ { fieldName: 'location.address.country', operator: 'eq', value: 'KR' } ] },
      ],
    })!;
    expect(filterMatches(f, item)).toBe(true);
    expect(filterMatches(f, { ...item, location: { address: { country: 'US' } } })).toBe(false);
    expect(filterMatches(f, { ...item, severity: 9, location: null })).toBe(true);
  });
  it('accepts a single group and rejects malformed filters', () => {
    expect(filterMatches(normalizeFilter({ filters: [{ fieldName: 'severity', operator: 'eq', value: 7 }] })!, item)).toBe(true);
    expect(normalizeFilter(null)).toBeNull();
    expect(() => normalizeFilter({ filterGroup: [{ filters: [{ fieldName: 'a', operator: 'like', value: 1 }] }] })).toThrow(/invalid filter rule/);
  });
});

describe('argument filtering', () => {
  it('matches on equality for given arguments; null matches only null or absent', () => {
    expect(argumentsMatch({ priority: 'high' }, item)).toBe(true);
    expect(argumentsMatch({ priority: 'low' }, item)).toBe(false);
    expect(argumentsMatch({}, item)).toBe(true);
    expect(argumentsMatch({ note: null }, item)).toBe(true);
    expect(argumentsMatch({ missing: null }, item)).toBe(true);
    expect(argumentsMatch({ priority: null }, item)).toBe(false);
  });
});

// Id arguments are checked before any key is built from them. Found by the mutation fuzzer: an empty or
// over-long teamId reached DynamoDB and came back as InternalError; a '#' could address another row kind.
import { describe, expect, it } from 'vitest';
import { idProblem } from '../../../lib/appsync/validation.js';
import { gql, newUser } from '../../../test/support/stack.js';

describe('idProblem', () => {
  it.each([
    ['', 'empty'],
    ['x'.repeat(129), 'tooLong'],
    ['#META', 'format'],
    ['INVITE#a@b.co', 'format'],
    ['a\nb', 'format'],
    ['f45735db-459d-41c4-bb40-aef2070661d1', null],
    ['x'.repeat(128), null],
  ])('%j → %s', (id, expected) => {
    expect(idProblem(id)).toBe(expected);
  });
});

describe('team operations refuse malformed ids with a ValidationError', () => {
  const cases: [string, string, Record<string, unknown>, string][] = [
    ['deleteTeam', 'mutation ($t: ID!) { deleteTeam(teamId: $t) }', { t: '' }, 'teamId'],
    ['leaveTeam', 'mutation ($t: ID!) { leaveTeam(teamId: $t) }', { t: '' }, 'teamId'],
    ['changeMemberRole', 'mutation ($t: ID!, $u: ID!) { changeMemberRole(teamId: $t, userId: $u, role: MEMBER) { role } }', { t: 'x'.repeat(5_000), u: 'someone' }, 'teamId'],
    ['removeMember', 'mutation ($t: ID!, $u: ID!) { removeMember(teamId: $t, userId: $u) }', { t: 'team', u: '#META' }, 'userId'],
    ['team', 'query ($t: ID!) { team(teamId: $t) { teamId } }', { t: 'a#b' }, 'teamId'],
    ['user', 'query ($u: ID!) { user(userId: $u) { userId } }', { u: '' }, 'userId'],
  ];
  it.each(cases)('%s', async (field, query, variables, arg) => {
    const user = await newUser('ids');
    const r = await gql(user, query, variables);
    expect(r.data?.[field] ?? null).toBeNull();
    expect(r.errors?.[0]).toMatchObject({ errorType: 'ValidationError', errorInfo: { field: arg } });
  });
});

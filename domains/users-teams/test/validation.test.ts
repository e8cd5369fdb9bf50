// Pure checks of the resolver validation helpers (resolvers/lib/validation.ts): the predicates use no
// AppSync globals, so they run in Node as they run in APPSYNC_JS.
import { describe, expect, it } from 'vitest';
import { emailProblem, nameProblem, normalizeEmail, toStoredRole, toTeamRole, TEAM_NAME_MAX } from '../../../lib/appsync/validation.js';

describe('nameProblem', () => {
  it.each([
    ['', 'empty'],
    ['   \t ', 'empty'],
    ['a'.repeat(TEAM_NAME_MAX + 1), 'tooLong'],
    ['bad\u0007name', 'controlCharacter'],
    ['line\nbreak', 'controlCharacter'],
  ])('%j → %s', (value, reason) => expect(nameProblem(value, TEAM_NAME_MAX)).toBe(reason));

  it.each(['a', 'Growth team', `  ${'a'.repeat(TEAM_NAME_MAX)}  `, '마케팅 팀', 'Team — Q4 🚀'])('%j is fine', (value) =>
    expect(nameProblem(value, TEAM_NAME_MAX)).toBeNull(),
  );
});

describe('emailProblem', () => {
  it.each([
    ['', 'empty'],
    ['plain', 'format'],
    ['@example.com', 'format'],
    ['a@@example.com', 'format'],
    ['a@b@example.com', 'format'],
    ['a@example', 'format'],
    ['a@.example.com', 'format'],
    ['a@example.com.', 'format'],
    ['a@exa..mple.com', 'format'],
    ['a b@example.com', 'format'],
    ['a<b>@example.com', 'format'],
    ['.a@example.com', 'format'],
    ['a.@example.com', 'format'],
    [`${'a'.repeat(65)}@example.com`, 'format'],
    [`a@${'b'.repeat(250)}.com`, 'tooLong'],
  ])('%j → %s', (value, reason) => expect(emailProblem(value)).toBe(reason));

  it.each(['a@b.co', 'First.Last+tag@Example.COM', '  spaced@example.com  ', 'x_y-z@sub.domain.example'])('%j is fine', (value) =>
    expect(emailProblem(value)).toBeNull(),
  );

  it('normalizes to trimmed lower case', () => expect(normalizeEmail('  First.Last@Example.COM ')).toBe('first.last@example.com'));
});

describe('roles', () => {
  it('map between GraphQL and stored spellings', () => {
    for (const role of ['OWNER', 'ADMIN', 'MEMBER'] as const) expect(toTeamRole(toStoredRole(role))).toBe(role);
    expect(toStoredRole('ADMIN')).toBe('admin');
  });
});

// Input rules shared by resolvers. The `*Problem` functions are pure (no AppSync globals), so they are
// unit-tested in Node; the `require*` wrappers raise a ValidationError with { field, reason }.
// Hand-written because APPSYNC_JS has no regex literals and bundles may not pull in libraries that
// use them.
import type { TeamRole } from '../../api/generated/schema-types';
import { validationError } from './errors';

export const TEAM_NAME_MAX = 100;
export const USER_NAME_MAX = 100;
export const EMAIL_MAX = 254;

export type StoredRole = 'owner' | 'admin' | 'member';

/** Stable reason codes for a display name (team or user): trimmed length 1..max. */
export function nameProblem(value: string, max: number): 'empty' | 'tooLong' | 'controlCharacter' | null {
  const trimmed = value.trim();
  if (trimmed.length === 0) return 'empty';
  if (trimmed.length > max) return 'tooLong';
  let control = false;
  // Iterate an array, not the string: APPSYNC_JS documents for-of over arrays.
  for (const ch of trimmed.split('')) {
    // C0 controls and DEL: invisible in a UI and useless in a name.
    if (ch < ' ' || ch === '\u007f') control = true;
  }
  return control ? 'controlCharacter' : null;
}

const EMAIL_FORBIDDEN = ' \t\r\n<>()[]\\,;:"';

/** Reason an email address is not acceptable, or null. Same shape AWSEmail accepts, stricter on the domain. */
export function emailProblem(value: string): 'empty' | 'tooLong' | 'format' | null {
  const email = value.trim();
  if (email.length === 0) return 'empty';
  if (email.length > EMAIL_MAX) return 'tooLong';
  const at = email.indexOf('@');
  if (at <= 0 || at !== email.lastIndexOf('@') || at > 64) return 'format';
  const domain = email.slice(at + 1);
  let bad = false;
  for (const ch of email.split('')) {
    if (EMAIL_FORBIDDEN.indexOf(ch) >= 0 || ch < ' ') bad = true;
  }
  if (bad) return 'format';
  if (domain.length < 3 || domain.indexOf('.') < 1 || domain.endsWith('.') || domain.indexOf('..') >= 0) {
    return 'format';
  }
  if (email.startsWith('.') || email.indexOf('.@') >= 0) return 'format';
  return null;
}

/** Invitations and members are matched on the lower-cased, trimmed address. */
export function normalizeEmail(value: string): string {
  return value.trim().toLowerCase();
}

export function toStoredRole(role: TeamRole): StoredRole {
  if (role === 'OWNER') return 'owner';
  if (role === 'ADMIN') return 'admin';
  return 'member';
}

export function toTeamRole(role: string | null | undefined): TeamRole {
  if (role === 'owner') return 'OWNER';
  if (role === 'admin') return 'ADMIN';
  return 'MEMBER';
}

const MESSAGES: Record<string, string> = {
  empty: 'must not be empty',
  tooLong: 'is too long',
  controlCharacter: 'must not contain control characters',
  format: 'is not a valid email address',
};

/** The trimmed team name, or a ValidationError on `field`. */
export function requireTeamName(value: string, field: string): string {
  const problem = nameProblem(value, TEAM_NAME_MAX);
  if (problem) {
    validationError(`Team name ${MESSAGES[problem]} (1-${TEAM_NAME_MAX} characters after trimming)`, field, problem);
  }
  return value.trim();
}

/** The trimmed user display name, or a ValidationError on `field`. */
export function requireUserName(value: string, field: string): string {
  const problem = nameProblem(value, USER_NAME_MAX);
  if (problem) {
    validationError(`Name ${MESSAGES[problem]} (1-${USER_NAME_MAX} characters after trimming)`, field, problem);
  }
  return value.trim();
}

/** The normalized (trimmed, lower-cased) email, or a ValidationError on `field`. */
export function requireEmail(value: string, field: string): string {
  const problem = emailProblem(value);
  if (problem) {
    validationError(`Email ${MESSAGES[problem]}`, field, problem);
  }
  return normalizeEmail(value);
}

/** Nobody is ever given OWNER through an invitation or a role change: a team has exactly one owner. */
export function requireAssignableRole(role: TeamRole, field: string): StoredRole {
  if (role === 'OWNER') {
    validationError('The OWNER role cannot be assigned; a team has exactly one owner', field, 'ownerNotAssignable');
  }
  return toStoredRole(role);
}

export const ID_MAX = 128;

/**
 * Reason an id argument cannot name a stored key, or null. `#` is refused because it separates key parts
 * (`#META`, `INVITE#…`, `owner#PLATFORM`): an id carrying one could address a row of another kind.
 */
export function idProblem(value: string): 'empty' | 'tooLong' | 'format' | null {
  if (value.length === 0) return 'empty';
  if (value.length > ID_MAX) return 'tooLong';
  let bad = false;
  for (const ch of value.split('')) {
    if (ch === '#' || ch < ' ' || ch === '\u007f') bad = true;
  }
  return bad ? 'format' : null;
}

/** The id, or a ValidationError on `field` (checked before any key is built from it). */
export function requireId(value: string, field: string): string {
  const problem = idProblem(value);
  if (problem) {
    const why = problem === 'format' ? "must not contain '#' or control characters" : problem === 'empty' ? 'must not be empty' : 'is too long';
    validationError(`${field} ${why} (1-${ID_MAX} characters)`, field, problem);
  }
  return value;
}

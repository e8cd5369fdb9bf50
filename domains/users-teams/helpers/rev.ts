// Conditions on the team meta row's `rev` (see lib/teams.ts): writes that must not race a membership
// change condition on the rev they read.
import type { TeamRow } from '../../../lib/appsync/teams';

export function revCondition(meta: TeamRow) {
  return typeof meta.rev === 'number' ? { rev: { eq: meta.rev } } : { rev: { attributeExists: false } };
}

export function nextRev(meta: TeamRow): number {
  return typeof meta.rev === 'number' ? meta.rev + 1 : 1;
}

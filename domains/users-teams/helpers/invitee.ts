// The caller as an invitee: invitations are addressed to the email on the caller's sivera-users row
// (verified by Cognito before the PostConfirmation trigger wrote it), never to an argument.
import { util } from '@aws-appsync/utils';
import type { UserRow } from './users';
import { normalizeEmail } from '../../../lib/appsync/validation';

export function inviteeEmail(profile: UserRow | null | undefined): string {
  if (!profile || !profile.email || profile.emailVerified !== true) {
    return util.unauthorized();
  }
  return normalizeEmail(profile.email);
}

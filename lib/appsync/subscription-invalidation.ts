// Subscriptions end when the membership they were granted on changes (docs:
// aws-appsync-real-time-invalidation.html). onSyncStatusChanged is authorized once, at subscribe time,
// by authorizeOwner: a member removed from the owner's team (removeMember, leaveTeam, deleteTeam) would
// otherwise keep receiving the owner's statuses on a subscription opened before. A role change ends them
// too: the subscription was granted on the old role, and re-subscribing decides on the new one.
//
// The mutation side names the owner and every member whose access changed, in one payload (AppSync
// allows at most five invalidateSubscriptions calls per request, and deleteTeam changes up to 99
// members); the subscription side matches its own owner and subscriber against it.
import { extensions, util } from '@aws-appsync/utils';

/** The subscription whose grants depend on team membership. */
export const SYNC_STATUS_SUBSCRIPTION = 'onSyncStatusChanged';

export interface MembershipInvalidation {
  ownerId: string;
  /** Members (subs) whose access to the owner's data changed; never the owner. */
  memberIds: string[];
}

/** Mutation response handler: end the listed members' subscriptions to the owner's sync statuses. */
export function invalidateMemberSubscriptions(ownerId: string | null | undefined, memberIds: string[]): void {
  const ids = memberIds.filter((id) => !!id && id !== ownerId);
  if (!ownerId || ids.length === 0) {
    return;
  }
  const payload: MembershipInvalidation = { ownerId, memberIds: ids };
  extensions.invalidateSubscriptions({ subscriptionField: SYNC_STATUS_SUBSCRIPTION, payload });
}

/**
 * Subscription response handler: this subscriber's subscription to this owner's data ends when an
 * invalidation names both. Not set for the owner's own subscriptions, which no membership grants.
 */
export function setMemberInvalidationFilter(ownerId: string, subscriberId: string): void {
  extensions.setSubscriptionInvalidationFilter(
    util.transform.toSubscriptionFilter({ ownerId: { eq: ownerId }, memberIds: { contains: subscriberId } }),
  );
}

// A ResolverExecutor over plain functions, for exercising the endpoint's side of the contract
// (local/resolver-runtime/types.ts) on the real schema: what it hands resolvers and what it does with their
// outcomes. The endpoint with the real APPSYNC_JS runtime and the project's bundles is in stack.test.ts.
import type { FieldInvocation, FieldOutcome, ResolverExecutor } from '../../local/resolver-runtime/types.js';

type Fn = (inv: FieldInvocation) => FieldOutcome | Promise<FieldOutcome>;

const ok = (data: unknown): FieldOutcome => ({ data, errors: [] });
const iso = '2026-01-02T03:04:05.000Z';

export class FixtureExecutor implements ResolverExecutor {
  readonly calls: FieldInvocation[] = [];
  private readonly fns = new Map<string, Fn>();

  constructor() {
    this.on('Query.me', (inv) => {
      const claims = (inv.identity?.claims ?? {}) as Record<string, unknown>;
      return ok({ userId: inv.identity?.sub, email: claims.email ?? 'x@example.com', name: 'Me', emailVerified: true, createdAt: iso, updatedAt: iso });
    });
    this.on('Query.user', (inv) => {
      const userId = String(inv.arguments.userId);
      if (userId === 'missing') return { data: null, errors: [{ message: 'No such user', errorType: 'NotFound', errorInfo: { userId } }] };
      if (userId === 'bad-date') return ok({ userId, email: 'a@b.co', emailVerified: true, createdAt: 'yesterday', updatedAt: iso });
      if (userId === 'partial') {
        return { data: { userId, email: 'a@b.co', emailVerified: true, createdAt: iso, updatedAt: iso }, errors: [{ message: 'name is stale', errorType: 'Stale' }] };
      }
      return ok({ userId, email: 'a@b.co', name: null, emailVerified: false, createdAt: iso, updatedAt: iso });
    });
    this.on('Query.team', (inv) => ok({ teamId: inv.arguments.teamId, teamName: 'T', ownerId: 'o', myRole: 'OWNER', createdAt: iso }));
    this.on('Query.myTeams', () => ok([1, 2, 3].map((n) => ({ teamId: `t${n}`, teamName: `T${n}`, ownerId: 'o', myRole: 'MEMBER', createdAt: iso }))));
    this.on('Team.members', (inv) => ok([{ userId: `${String(inv.source?.teamId)}-m`, role: 'MEMBER', joinedAt: iso }]));
    this.on('Mutation.createPlatformConfig', (inv) => {
      const input = inv.arguments.input as Record<string, unknown>;
      return ok({ configId: 'c1', name: input.name, settings: input.settings, createdAt: iso, updatedAt: iso });
    });
    this.on('Mutation.syncCampaigns', (inv) =>
      ok({ syncId: 's1', ownerId: inv.identity?.sub, platform: inv.arguments.platform, accountId: inv.arguments.accountId, state: 'QUEUED', progress: 0, campaignsSynced: 0, startedAt: iso }),
    );
    this.on('Mutation.publishSyncStatus', (inv) => {
      const input = inv.arguments.input as Record<string, unknown>;
      const invalidations = input.message === 'invalidate' ? [{ subscriptionField: 'onSyncStatusChanged', payload: { ownerId: input.ownerId } }] : [];
      return { data: input, errors: [], invalidations };
    });
    this.on('Subscription.onSyncStatusChanged', (inv) => {
      const ownerId = inv.arguments.ownerId;
      if (ownerId !== inv.identity?.sub && inv.identity?.username !== IAM_USER) {
        return { data: null, errors: [{ message: 'Not authorized to subscribe to this owner', errorType: 'Unauthorized' }] };
      }
      const outcome: FieldOutcome = {
        data: null,
        errors: [],
        subscriptionInvalidationFilter: { filterGroup: [{ filters: [{ fieldName: 'ownerId', operator: 'eq', value: ownerId }] }] },
      };
      // An enhanced filter, as a resolver builds with util.transform.toSubscriptionFilter; it replaces
      // argument equality, so a KAKAO subscriber receives any platform's progress >= 50.
      if (inv.arguments.platform === 'KAKAO') {
        outcome.subscriptionFilter = {
          filterGroup: [
            {
              filters: [
                { fieldName: 'ownerId', operator: 'eq', value: ownerId },
                { fieldName: 'progress', operator: 'ge', value: 50 },
              ],
            },
          ],
        };
      }
      return outcome;
    });
  }

  on(key: string, fn: Fn): void {
    this.fns.set(key, fn);
  }

  has(typeName: string, fieldName: string): boolean {
    return this.fns.has(`${typeName}.${fieldName}`);
  }

  async execute(inv: FieldInvocation): Promise<FieldOutcome> {
    this.calls.push(inv);
    return this.fns.get(`${inv.typeName}.${inv.fieldName}`)!(inv);
  }
}

export const IAM_USER = 'AKIDLOCALTEST';

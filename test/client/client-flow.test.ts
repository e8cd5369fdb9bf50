// The typed client against the running local stack, as a frontend uses it: sign up → confirm → sign in →
// create team → connect a demo account → sync → the status updates arrive through subscribe.
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ConnectPlatformAccountDocument,
  CreateTeamDocument,
  MeDocument,
  OnSyncStatusChangedDocument,
  SiveraClient,
  SiveraError,
  SyncCampaignsDocument,
  CampaignsDocument,
  configFromOutputs,
  type OnSyncStatusChangedSubscription,
} from '../../client/index.js';
import { demoAccounts } from '../../local/fakes/index.js';
import { outputs } from '../support/stack.js';

type Status = NonNullable<OnSyncStatusChangedSubscription['onSyncStatusChanged']>;

describe('typed client against the local stack', () => {
  const clients: SiveraClient[] = [];
  afterAll(() => clients.forEach((c) => c.close()));

  async function signedInClient(): Promise<{ client: SiveraClient; email: string }> {
    const client = new SiveraClient(configFromOutputs(outputs() as unknown as Record<string, unknown>));
    clients.push(client);
    const email = `client-${randomUUID().slice(0, 8)}@test.sivera.example`;
    await client.auth.signUp(email, 'Client-Flow-9x');
    await client.auth.confirmSignUp(email, outputs().cognito.confirmationCode);
    await client.auth.signIn(email, 'Client-Flow-9x');
    return { client, email };
  }

  // A whole sync through the Lambda flow: ~25 s on this loaded 2-core machine, so more than the 30 s default.
  it('runs the whole flow and receives every sync status through subscribe', { timeout: 120_000 }, async () => {
    const client = new SiveraClient(configFromOutputs(outputs() as unknown as Record<string, unknown>));
    clients.push(client);
    const email = `client-${randomUUID().slice(0, 8)}@test.sivera.example`;
    const password = 'Client-Flow-9x';

    const { userId, confirmed } = await client.auth.signUp(email, password, 'Client Flow');
    expect(confirmed).toBe(false);
    await client.auth.confirmSignUp(email, outputs().cognito.confirmationCode);
    const user = await client.auth.signIn(email, password);
    expect(user.userId).toBe(userId);

    const { me } = await client.query(MeDocument);
    expect(me).toMatchObject({ userId, email, emailVerified: true });

    const { createTeam } = await client.mutate(CreateTeamDocument, { teamName: '  Client team  ' });
    expect(createTeam).toMatchObject({ teamName: 'Client team', ownerId: userId, myRole: 'OWNER' });

    const demo = demoAccounts().NAVER;
    const { connectPlatformAccount } = await client.mutate(ConnectPlatformAccountDocument, {
      input: { platform: 'NAVER', accountId: demo.accountId, displayName: demo.name, credentials: JSON.stringify(demo.credentials) },
    });
    expect(connectPlatformAccount).toMatchObject({ ownerId: userId, platform: 'NAVER', accountId: demo.accountId, status: 'ACTIVE' });

    const statuses: Status[] = [];
    const finished = new Promise<void>((resolve, reject) => {
      let ready!: () => void;
      const subscribed = new Promise<void>((r) => (ready = r));
      client.subscribe(
        OnSyncStatusChangedDocument,
        { ownerId: userId, platform: 'NAVER', accountId: demo.accountId },
        {
          ready,
          next: ({ onSyncStatusChanged: s }) => {
            if (!s) return;
            statuses.push(s);
            if (['SUCCEEDED', 'PARTIAL', 'FAILED'].includes(s.state)) resolve();
          },
          error: (errors) => reject(new SiveraError(errors)),
        },
      );
      void subscribed.then(async () => {
        const { syncCampaigns } = await client.mutate(SyncCampaignsDocument, { platform: 'NAVER', accountId: demo.accountId });
        expect(syncCampaigns.state).toBe('QUEUED');
      }, reject);
    });
    await finished;

    expect(statuses.at(-1)).toMatchObject({ state: 'SUCCEEDED', progress: 100, campaignsSynced: demo.campaigns.length });
    const progress = statuses.map((s) => s.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(statuses.some((s) => s.state === 'RUNNING')).toBe(true);

    const { campaigns } = await client.query(CampaignsDocument, { platform: 'NAVER', accountId: demo.accountId, limit: 100 });
    expect(campaigns.items.map((c) => c.campaignId).sort()).toEqual(demo.campaigns.map((c) => c.id).sort());
  });

  it('surfaces failures as SiveraError with the errorType', async () => {
    const { client } = await signedInClient();
    const error = await client.mutate(CreateTeamDocument, { teamName: '   ' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SiveraError);
    expect((error as SiveraError).errorType).toBe('ValidationError');
  });

  it('refreshes its session with the refresh token', async () => {
    const { client, email } = await signedInClient();
    const refreshed = await client.auth.refresh();
    expect(refreshed.expiresAt).toBeGreaterThan(Date.now() / 1000);
    expect(await client.auth.accessToken()).toBe(refreshed.accessToken);
    const { me } = await client.query(MeDocument);
    expect(me.email).toBe(email);
  });
});

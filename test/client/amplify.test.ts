// The unmodified aws-amplify v6 client against the local stack: configured only from the stack's
// outputs, signing up and in with Cognito, querying and mutating through generateClient().graphql,
// and receiving onSyncStatusChanged over the real-time WebSocket.
import { randomUUID } from 'node:crypto';
import { Amplify } from 'aws-amplify';
import { confirmSignUp, fetchAuthSession, getCurrentUser, signIn, signOut, signUp } from 'aws-amplify/auth';
import { generateClient } from 'aws-amplify/api';
import { afterAll, describe, expect, it } from 'vitest';
import { demoAccounts } from '../../local/fakes/index.js';
import { outputs } from '../support/stack.js';

const SYNC_STATUS_FIELDS = 'syncId ownerId platform accountId state progress campaignsSynced message startedAt finishedAt';

describe('aws-amplify v6 against the local stack', () => {
  afterAll(async () => {
    await signOut().catch(() => undefined);
  });

  it('signs up, signs in, queries, mutates and subscribes', async () => {
    expect(globalThis.WebSocket, 'run with NODE_OPTIONS=--experimental-websocket (npm test does)').toBeDefined();
    Amplify.configure(outputs().amplify as Parameters<typeof Amplify.configure>[0]);
    const email = `amplify-${randomUUID().slice(0, 8)}@test.sivera.example`;
    const password = 'Amplify-Test-7x';

    const up = await signUp({ username: email, password, options: { userAttributes: { email } } });
    expect(up.nextStep.signUpStep).toBe('CONFIRM_SIGN_UP');
    const confirmed = await confirmSignUp({ username: email, confirmationCode: outputs().cognito.confirmationCode });
    expect(confirmed.isSignUpComplete).toBe(true);
    const signedIn = await signIn({ username: email, password, options: { authFlowType: 'USER_PASSWORD_AUTH' } });
    expect(signedIn.isSignedIn).toBe(true);
    const { userId } = await getCurrentUser();
    expect((await fetchAuthSession()).tokens?.accessToken).toBeDefined();

    const client = generateClient();
    const me = (await client.graphql({ query: 'query { me { userId email } }' })) as { data: { me: { userId: string; email: string } } };
    expect(me.data.me).toEqual({ userId, email });

    const demo = demoAccounts().KAKAO;
    const connected = (await client.graphql({
      query: `mutation ($input: ConnectPlatformAccountInput!) { connectPlatformAccount(input: $input) { accountId status } }`,
      variables: { input: { platform: 'KAKAO', accountId: demo.accountId, credentials: JSON.stringify(demo.credentials) } },
    })) as { data: { connectPlatformAccount: { accountId: string; status: string } } };
    expect(connected.data.connectPlatformAccount).toEqual({ accountId: demo.accountId, status: 'ACTIVE' });

    const states: string[] = [];
    const done = new Promise<void>((resolve, reject) => {
      const observable = client.graphql({
        query: `subscription ($ownerId: ID!, $accountId: ID) { onSyncStatusChanged(ownerId: $ownerId, accountId: $accountId) { ${SYNC_STATUS_FIELDS} } }`,
        variables: { ownerId: userId, accountId: demo.accountId },
      }) as unknown as { subscribe(o: { next(v: { data: { onSyncStatusChanged: { state: string } } }): void; error(e: unknown): void }): { unsubscribe(): void } };
      const sub = observable.subscribe({
        next: ({ data }) => {
          states.push(data.onSyncStatusChanged.state);
          if (['SUCCEEDED', 'PARTIAL', 'FAILED'].includes(data.onSyncStatusChanged.state)) {
            sub.unsubscribe();
            resolve();
          }
        },
        error: (e) => reject(new Error(`subscription failed: ${JSON.stringify(e)}`)),
      });
    });
    // Amplify gives no "subscribed" callback on the observable; its Hub does, but a short wait for start_ack is enough here.
    await new Promise((r) => setTimeout(r, 1_000));
    const started = (await client.graphql({
      query: `mutation ($accountId: ID!) { syncCampaigns(platform: KAKAO, accountId: $accountId) { ${SYNC_STATUS_FIELDS} } }`,
      variables: { accountId: demo.accountId },
    })) as { data: { syncCampaigns: { state: string } } };
    expect(started.data.syncCampaigns.state).toBe('QUEUED');
    await done;
    expect(states.at(-1)).toBe('SUCCEEDED');
    expect(states).toContain('RUNNING');
  }, 60_000);
});

// The assembled stack end to end: Cognito tokens accepted by the GraphQL endpoint, IAM (SigV4) for the
// backend-only mutation, and a real-time subscription fed by that mutation — the wiring startStack does.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { docClient, gql, newUser, outputs, subscribe, table } from '../support/stack.js';

describe('GraphQL endpoint in the stack', () => {
  it('refuses a request without credentials with HTTP 401', async () => {
    const r = await gql(null, '{ me { userId } }');
    expect(r.status).toBe(401);
    expect(r.errors?.[0]?.errorType).toBe('UnauthorizedException');
  });

  it('accepts the local user pool tokens (verified against the local JWKS)', async () => {
    const u = await newUser('graphql-me');
    const r = await gql<{ me: { userId: string; email: string } }>(u, '{ me { userId email } }');
    expect(r.errors).toBeUndefined();
    expect(r.data?.me).toEqual({ userId: u.sub, email: u.email });
    expect((await gql({ token: `${u.accessToken.slice(0, -4)}AAAA` }, '{ me { userId } }')).status).toBe(401);
  });

  it('delivers an IAM-published sync status to the owner’s subscription over the real-time protocol', async () => {
    const u = await newUser('graphql-sub');
    const sub = await subscribe(
      u,
      'subscription($o: ID!) { onSyncStatusChanged(ownerId: $o) { syncId ownerId state progress } }',
      { o: u.sub },
    );
    try {
      await sub.ready;
      expect(sub.messages.map((m) => m.type)).toContain('connection_ack');
      const syncId = Buffer.from(JSON.stringify({ o: u.sub, p: 'META', a: '1', id: randomUUID() })).toString('base64url');
      const now = new Date().toISOString();
      // The account the sync runs for, with this sync current (what syncCampaigns would have stored).
      await docClient().send(
        new PutCommand({
          TableName: table('platformCredentials'),
          Item: { userPlatform: `${u.sub}#META`, accountId: '1', ownerId: u.sub, platform: 'META', status: 'active', lastSync: { syncId, state: 'QUEUED' } },
        }),
      );
      const published = await gql('iam', 'mutation($i: PublishSyncStatusInput!) { publishSyncStatus(input: $i) { syncId ownerId state progress } }', {
        i: { syncId, ownerId: u.sub, platform: 'META', accountId: '1', state: 'RUNNING', progress: 40, campaignsSynced: 0, startedAt: now },
      });
      expect(published.status).toBe(200);
      expect(published.errors).toBeUndefined();
      const event = await sub.next(10_000);
      expect(event.data.onSyncStatusChanged).toEqual({ syncId, ownerId: u.sub, state: 'RUNNING', progress: 40 });
    } finally {
      sub.close();
    }
    expect(outputs().graphql?.realtimeUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/graphql\/realtime$/);
  });

  it('rejects a subscription to another owner’s events with an error message', async () => {
    const [a, b] = await Promise.all([newUser('graphql-a'), newUser('graphql-b')]);
    const sub = await subscribe(b, 'subscription($o: ID!) { onSyncStatusChanged(ownerId: $o) { syncId } }', { o: a.sub });
    try {
      const err = await sub.error;
      expect(JSON.stringify(err)).toMatch(/Unauthorized/);
      await expect(sub.ready).rejects.toThrow();
    } finally {
      sub.close();
    }
  });
});

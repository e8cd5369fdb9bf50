// Faults on a stack of this file's own (its DynamoDB Local is stopped and restarted under load): the API
// answers with clear errors while a part is down and recovers without a restart; nothing acknowledged is lost.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConnectPlatformAccountDocument,
  CreateTeamDocument,
  MyTeamsDocument,
  PlatformAccountsDocument,
  SiveraClient,
  SiveraError,
  SyncCampaignsDocument,
  SyncStatusDocument,
  configFromOutputs,
} from '../../client/index.js';
import { demoAccounts, fakeControl, type FakeUrls } from '../../local/fakes/index.js';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../local/services/dynamodb.js';
import { kmsFaultsClient } from '../../local/services/kms.js';
import { startStack, type Stack } from '../../local/stack.js';

let stack: Stack;
let dataDir: string;
let restarted: DynamoDbLocal | undefined;
let client: SiveraClient;

async function signedInClient(): Promise<SiveraClient> {
  const c = new SiveraClient(configFromOutputs(stack.outputs as unknown as Record<string, unknown>));
  const email = `faults-${Math.random().toString(36).slice(2, 10)}@test.sivera.example`;
  await c.auth.signUp(email, 'Faults-Test-1x');
  await c.auth.confirmSignUp(email, stack.outputs.cognito.confirmationCode);
  await c.auth.signIn(email, 'Faults-Test-1x');
  return c;
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'sivera-faults-'));
  stack = await startStack({ dataDir });
  client = await signedInClient();
}, 120_000);

afterAll(async () => {
  client?.close();
  await stack?.stop().catch(() => undefined);
  await restarted?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('faults', () => {
  it('keeps every acknowledged write across a DynamoDB Local stop and restart under load', async () => {
    const acknowledged: string[] = [];
    const failures: SiveraError[] = [];
    let outage = false;
    let done = false;
    const worker = async (w: number): Promise<void> => {
      for (let i = 0; !done; i++) {
        try {
          const { createTeam } = await client.mutate(CreateTeamDocument, { teamName: `load ${w}-${i}` });
          acknowledged.push(createTeam.teamId);
        } catch (e) {
          if (!(e instanceof SiveraError)) throw e;
          failures.push(e);
        }
        if (outage) await new Promise((r) => setTimeout(r, 50));
      }
    };
    const load = Promise.all([0, 1, 2].map(worker));
    while (acknowledged.length < 5) await new Promise((r) => setTimeout(r, 20));
    const beforeOutage = acknowledged.length;
    const { port } = stack.services.dynamodb;
    outage = true;
    await stack.services.dynamodb.stop();
    await new Promise((r) => setTimeout(r, 1_000));
    restarted = await startDynamoDbLocal({ port, dbDir: join(dataDir, 'dynamodb') });
    outage = false;
    const restartedAt = acknowledged.length;
    // Keep the load on until the API has recovered by itself and acknowledged more writes.
    for (let i = 0; i < 300 && acknowledged.length < restartedAt + 5; i++) await new Promise((r) => setTimeout(r, 50));
    done = true;
    await load;
    expect(acknowledged.length, 'writes acknowledged after the restart').toBeGreaterThanOrEqual(restartedAt + 5);
    expect(beforeOutage).toBeGreaterThanOrEqual(5);

    expect(failures.length, 'requests during the outage must fail, not hang').toBeGreaterThan(0);
    for (const f of failures) {
      expect(f.errorType).not.toBe('UnknownError');
      expect(f.message.length).toBeGreaterThan(0);
    }
    // Recovered without restarting the API, and nothing acknowledged was lost.
    const { myTeams } = await client.query(MyTeamsDocument);
    const stored = new Set(myTeams.map((t) => t.teamId));
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
  }, 120_000);

  it('answers InternalError and stores nothing while KMS is down, then recovers', async () => {
    const demo = demoAccounts().META;
    const input = { platform: 'META' as const, accountId: demo.accountId, credentials: JSON.stringify(demo.credentials) };
    const faults = kmsFaultsClient({ faultsUrl: stack.outputs.kms.faultsUrl, region: stack.outputs.region, credentials: stack.outputs.iam });
    await faults.add({ error: 'unavailable' });
    const error = await client.mutate(ConnectPlatformAccountDocument, { input }).catch((e: unknown) => e);
    expect((error as SiveraError).errorType).toBe('InternalError');
    expect(JSON.stringify((error as SiveraError).errors)).not.toContain(demo.credentials.accessToken!);
    expect((await client.query(PlatformAccountsDocument, { platform: 'META' })).platformAccounts).toEqual([]);

    await faults.remove();
    const { connectPlatformAccount } = await client.mutate(ConnectPlatformAccountDocument, { input });
    expect(connectPlatformAccount.status).toBe('ACTIVE');
  }, 60_000);

  it('reports a failing platform clearly and completes the next sync once it recovers', async () => {
    const demo = demoAccounts().NAVER;
    await client.mutate(ConnectPlatformAccountDocument, {
      input: { platform: 'NAVER', accountId: demo.accountId, credentials: JSON.stringify(demo.credentials) },
    });
    const control = fakeControl(stack.outputs.platforms as unknown as FakeUrls, { credentials: stack.outputs.iam, region: stack.outputs.region }).NAVER;
    await control.fault({ status: 500, times: -1 });
    const waitDone = async (syncId: string) => {
      for (let i = 0; i < 600; i++) {
        const { syncStatus } = await client.query(SyncStatusDocument, { syncId });
        if (syncStatus && !['QUEUED', 'RUNNING'].includes(syncStatus.state)) return syncStatus;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('sync did not finish');
    };
    const first = await client.mutate(SyncCampaignsDocument, { platform: 'NAVER', accountId: demo.accountId });
    const failed = await waitDone(first.syncCampaigns.syncId);
    expect(['FAILED', 'PARTIAL']).toContain(failed.state);
    expect(failed.message).toBeTruthy();

    await control.clearFaults();
    const second = await client.mutate(SyncCampaignsDocument, { platform: 'NAVER', accountId: demo.accountId });
    const ok = await waitDone(second.syncCampaigns.syncId);
    expect(ok).toMatchObject({ state: 'SUCCEEDED', campaignsSynced: demo.campaigns.length });
  }, 120_000);
});

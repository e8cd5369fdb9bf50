// Authorization-matrix rows for the sync operations (format and runner: ./matrix.ts). Contract
// (api-contract.md): start a sync → data owner or team ADMIN; read sync status and subscribe → owner,
// ADMIN or MEMBER; publishSyncStatus → the backend's IAM role only. self = the team owner (whose ad
// account is synced). Denied cells need no prepared state (the denial comes before any data read), so
// everything an allowed cell needs is prepared inside it.
import { randomUUID } from 'node:crypto';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'vitest';
import WebSocket from 'ws';
import { encodeSyncId } from '../lambda/sync-id.js';
import { docClient, gql, outputs, stackIamSigner, table, type GqlResult, type TestUser } from '../../../test/support/stack.js';
import { connectionHandshake, parseRealtimeMessage, realtimeProtocols, startMessage, subscriptionData } from '../../../client/realtime-protocol.js';
import { connectDirect, seedAccount, storedAccountId } from './helpers.js';
import { cells, type Caller, type Data, type MatrixCase, type TeamWorld } from '../../../test/authz/matrix.js';

const FIELDS = 'syncId ownerId platform accountId state progress campaignsSynced message startedAt finishedAt';
const SYNC = `mutation M($platform: Platform!, $accountId: ID!, $ownerId: ID) { syncCampaigns(platform: $platform, accountId: $accountId, ownerId: $ownerId) { ${FIELDS} } }`;
const STATUS = `query Q($syncId: ID!) { syncStatus(syncId: $syncId) { ${FIELDS} } }`;
const PUBLISH = `mutation P($input: PublishSyncStatusInput!) { publishSyncStatus(input: $input) { ${FIELDS} } }`;
const SUB = `subscription S($ownerId: ID!) { onSyncStatusChanged(ownerId: $ownerId) { ${FIELDS} } }`;
const TERMINAL = ['SUCCEEDED', 'PARTIAL', 'FAILED'];

/** A connected (fake) Kakao account of the owner with a current sync, made once per owner. */
const standing = new Map<string, Promise<{ accountId: string; syncId: string }>>();
function standingAccount(owner: TestUser): Promise<{ accountId: string; syncId: string }> {
  let p = standing.get(owner.sub);
  if (!p) {
    p = (async () => {
      const a = await seedAccount('KAKAO', { campaigns: 2 });
      await connectDirect(owner.sub, a);
      const accountId = storedAccountId(a);
      const syncId = encodeSyncId({ ownerId: owner.sub, platform: 'KAKAO', accountId });
      await setLastSync(owner.sub, accountId, { syncId, state: 'SUCCEEDED' });
      return { accountId, syncId };
    })();
    standing.set(owner.sub, p);
  }
  return p;
}

async function setLastSync(ownerId: string, accountId: string, s: { syncId: string; state: string }) {
  const now = new Date().toISOString();
  await docClient().send(
    new UpdateCommand({
      TableName: table('platformCredentials'),
      Key: { userPlatform: `${ownerId}#KAKAO`, accountId },
      UpdateExpression: 'SET lastSync = :s',
      ExpressionAttributeValues: {
        ':s': { syncId: s.syncId, ownerId, platform: 'KAKAO', accountId, state: s.state, progress: 100, campaignsSynced: 2, message: null, startedAt: now, finishedAt: now },
      },
    }),
  );
}

/** The id of the standing account's current sync (an allowed syncCampaigns cell replaces it). */
async function currentSyncId(owner: TestUser): Promise<string> {
  const { accountId } = await standingAccount(owner);
  const r = await docClient().send(
    new GetCommand({ TableName: table('platformCredentials'), Key: { userPlatform: `${owner.sub}#KAKAO`, accountId }, ConsistentRead: true }),
  );
  return (r.Item?.lastSync as { syncId: string }).syncId;
}

async function waitForEnd(owner: TestUser, syncId: string): Promise<string> {
  for (let i = 0; i < 150; i++) {
    const r = await gql(owner, STATUS, { syncId });
    const state = r.data?.syncStatus?.state as string | undefined;
    if (state && TERMINAL.includes(state)) return state;
    await new Promise((res) => setTimeout(res, 200));
  }
  throw new Error('sync did not finish');
}

// ---- raw AppSync real-time client (any auth: user token, expired token, none, or SigV4) ----

const openSockets = new Map<string, { ws: WebSocket; next(ms: number): Promise<Record<string, unknown>> }>();

/** Subscribes as `caller`; resolves like an HTTP GraphQL answer: 401 on a refused connection, errors on a refused start. */
async function subscribeAs(caller: Caller, variables: Record<string, unknown>, key: string): Promise<GqlResult<Data>> {
  const o = outputs();
  const host = new URL(o.graphql!.url).host;
  const data = subscriptionData(SUB, variables);
  // IAM: the connection signs {} to /graphql/connect, a start message its data to /graphql.
  const auth = async (startData?: string): Promise<Record<string, string>> =>
    caller === 'iam'
      ? stackIamSigner().realtime(o.graphql!.url, startData)
      : caller === null
        ? { host }
        : { host, Authorization: 'accessToken' in caller ? caller.accessToken : caller.token };
  const ws = new WebSocket(o.graphql!.realtimeUrl, realtimeProtocols(await auth()));
  const frames: Record<string, unknown>[] = [];
  let wake: (() => void) | null = null;
  const id = randomUUID();
  return new Promise((resolve) => {
    const done = (r: GqlResult<Data>, keep = false) => {
      if (keep) openSockets.set(key, { ws, next: nextData });
      else ws.close();
      resolve(r);
    };
    async function nextData(ms: number): Promise<Record<string, unknown>> {
      const until = Date.now() + ms;
      for (;;) {
        const f = frames.find((x) => x.type === 'data');
        if (f) {
          frames.splice(frames.indexOf(f), 1);
          return f;
        }
        if (Date.now() > until) throw new Error('no data frame');
        await new Promise<void>((r) => {
          wake = r;
          setTimeout(r, 100);
        });
      }
    }
    // connection_error and socket errors are answered below.
    connectionHandshake(ws, o.graphql!.realtimeUrl).then(
      async () => ws.send(startMessage(id, data, await auth(data))),
      () => undefined,
    );
    ws.on('message', (raw) => {
      const msg = parseRealtimeMessage(raw);
      frames.push({ ...msg });
      wake?.();
      if (msg.type === 'connection_error') done({ status: 401, errors: msg.payload?.errors as GqlResult<Data>['errors'] });
      else if (msg.type === 'error') done({ status: 200, data: { onSyncStatusChanged: null }, errors: msg.payload?.errors as GqlResult<Data>['errors'] });
      else if (msg.type === 'start_ack') done({ status: 200, data: { onSyncStatusChanged: null } }, true);
    });
    ws.on('unexpected-response', (_req, res) => done({ status: res.statusCode ?? 401 }));
    ws.on('error', () => done({ status: 401 }));
  });
}

export const syncCases: MatrixCase[] = [
  {
    field: 'syncCampaigns',
    operation: "start a sync of the owner's account",
    self: 'owner',
    expect: cells(['self', 'teamOwner', 'teamAdmin']),
    run: async (w: TeamWorld, caller, actor) => {
      // Denied cells are refused before any read: aim them at an id that need not exist.
      const allowed = actor && (actor.sub === w.owner.sub || actor.sub === w.admin.sub);
      const accountId = allowed ? (await standingAccount(w.owner)).accountId : '1000001';
      return gql(caller, SYNC, { platform: 'KAKAO', accountId, ownerId: w.owner.sub });
    },
    allowed: async (w, _actor, d) => {
      expect(d.syncCampaigns).toMatchObject({ ownerId: w.owner.sub, platform: 'KAKAO', state: 'QUEUED' });
      // The next cell must not meet this sync's lease (Conflict) nor its late writes.
      expect(TERMINAL).toContain(await waitForEnd(w.owner, d.syncCampaigns.syncId));
    },
  },
  {
    field: 'syncStatus',
    operation: "read the status of the owner's sync",
    self: 'owner',
    expect: cells(['self', 'teamOwner', 'teamAdmin', 'teamMember']),
    run: async (w, caller, actor) => {
      const allowed = actor && [w.owner.sub, w.admin.sub, w.member.sub].includes(actor.sub);
      const syncId = allowed ? await currentSyncId(w.owner) : encodeSyncId({ ownerId: w.owner.sub, platform: 'KAKAO', accountId: '1000001' });
      return gql(caller, STATUS, { syncId });
    },
    allowed: async (w, _actor, d) => {
      expect(d.syncStatus).toMatchObject({ syncId: await currentSyncId(w.owner), ownerId: w.owner.sub, platform: 'KAKAO', accountId: (await standingAccount(w.owner)).accountId });
    },
  },
  {
    field: 'publishSyncStatus',
    operation: 'publish a sync status (backend only)',
    self: 'owner',
    expect: cells(['iam']),
    run: async (w, caller) => {
      const now = new Date().toISOString();
      const { accountId, syncId } =
        caller === 'iam' ? { accountId: (await standingAccount(w.owner)).accountId, syncId: await currentSyncId(w.owner) } : { accountId: '1000001', syncId: encodeSyncId({ ownerId: w.owner.sub, platform: 'KAKAO', accountId: '1000001' }) };
      if (caller === 'iam') await setLastSync(w.owner.sub, accountId, { syncId, state: 'RUNNING' });
      const input = { syncId, ownerId: w.owner.sub, platform: 'KAKAO', accountId, state: 'RUNNING', progress: 50, campaignsSynced: 1, startedAt: now };
      return gql(caller, PUBLISH, { input });
    },
    allowed: (w, _actor, d) => {
      expect(d.publishSyncStatus).toMatchObject({ ownerId: w.owner.sub, state: 'RUNNING', progress: 50 });
    },
  },
  {
    field: 'onSyncStatusChanged',
    operation: "subscribe to the owner's sync statuses",
    self: 'owner',
    expect: cells(['self', 'teamOwner', 'teamAdmin', 'teamMember']),
    run: (w, caller, actor) => subscribeAs(caller, { ownerId: w.owner.sub }, `${actor?.sub ?? 'anon'}:${w.teamId}`),
    allowed: async (w, actor) => {
      const sub = openSockets.get(`${actor.sub}:${w.teamId}`)!;
      try {
        // A status published for the owner reaches this subscriber.
        const { accountId } = await standingAccount(w.owner);
        const syncId = await currentSyncId(w.owner);
        await setLastSync(w.owner.sub, accountId, { syncId, state: 'RUNNING' });
        const now = new Date().toISOString();
        const pub = await gql('iam', PUBLISH, { input: { syncId, ownerId: w.owner.sub, platform: 'KAKAO', accountId, state: 'RUNNING', progress: 10, campaignsSynced: 0, startedAt: now } });
        expect(pub.errors).toBeUndefined();
        const frame = (await sub.next(5_000)) as { payload: { data: { onSyncStatusChanged: Record<string, unknown> } } };
        expect(frame.payload.data.onSyncStatusChanged).toMatchObject({ syncId, ownerId: w.owner.sub, progress: 10 });
      } finally {
        sub.ws.close();
      }
    },
  },
];

// What test files use to talk to the run's local stack (started by global-setup.ts). Every helper
// goes through real clients: the AWS SDK v3, fetch, and a WebSocket speaking AppSync's protocol.
// Tests share one stack and run in parallel: isolate by fresh users, never assert on whole tables.
import { randomUUID } from 'node:crypto';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, QueryCommand, type BatchGetCommandOutput } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import WebSocket from 'ws';
import { PLATFORMS } from '../../api/platforms.js';
import type { TableKey } from '../../api/tables.js';
import type { StackOutputs } from '../../local/outputs.js';
import { appSyncIamSigner, type AppSyncIamSigner } from '../../lib/node/signed-request.js';
import { connectionHandshake, parseRealtimeMessage, realtimeProtocols, startMessage, stopMessage, subscriptionData } from '../../client/realtime-protocol.js';
import { kmsFaultsClient, type KmsFault } from '../../local/services/kms.js';
import { signUpConfirmed, type TestUser } from './users.js';

export type { StackOutputs } from '../../local/outputs.js';
export type { TableKey } from '../../api/tables.js';
export type { TestUser } from './users.js';

export function outputs(): StackOutputs {
  const o = inject('stack');
  if (!o) throw new Error('No local stack: run through vitest with test/support/global-setup.ts as globalSetup (vitest.config.ts).');
  return o;
}

let cognitoClient: CognitoIdentityProviderClient | undefined;
function cognito(): CognitoIdentityProviderClient {
  const o = outputs();
  cognitoClient ??= new CognitoIdentityProviderClient({ endpoint: o.cognito.endpoint, region: o.region, credentials: o.iam });
  return cognitoClient;
}

/** A fresh confirmed, signed-in user of the run's stack (see signUpConfirmed). */
export function newUser(name?: string): Promise<TestUser> {
  return signUpConfirmed(outputs(), cognito(), name);
}

export interface GqlError {
  message: string;
  errorType?: string;
  errorInfo?: unknown;
  path?: (string | number)[];
}

export interface GqlResult<T> {
  status: number;
  data?: T;
  errors?: GqlError[];
}

function graphqlOrThrow(): NonNullable<StackOutputs['graphql']> {
  const o = outputs();
  if (!o.graphql) {
    throw new Error(
      `The test stack has no GraphQL endpoint: local/graphql/server.ts (startGraphqlEndpoint) or ` +
        `local/appsync/index.ts (createResolverExecutor) is missing. Stack log: ${o.stackLogPath}`,
    );
  }
  return o.graphql;
}

let iamSigner: AppSyncIamSigner | undefined;
/** Signs AppSync requests with the stack's IAM credentials (SigV4, service "appsync"), as the backend does. */
export function stackIamSigner(): AppSyncIamSigner {
  const o = outputs();
  iamSigner ??= appSyncIamSigner({ credentials: o.iam, region: o.region });
  return iamSigner;
}

/**
 * POST /graphql as `who`: a TestUser (its access token, as aws-amplify sends it), a raw token, 'iam'
 * (SigV4 with the stack's credentials) or null (no Authorization header).
 */
export async function gql<T = any>( // eslint-disable-line @typescript-eslint/no-explicit-any
  who: TestUser | null | 'iam' | { token: string },
  query: string,
  variables?: Record<string, unknown>,
): Promise<GqlResult<T>> {
  const g = graphqlOrThrow();
  const url = new URL(g.url);
  const body = JSON.stringify({ query, variables: variables ?? {} });
  let headers: Record<string, string> = { 'content-type': 'application/json' };
  if (who === 'iam') headers = await stackIamSigner().headers(url, body);
  else if (who && 'accessToken' in who) headers.authorization = who.accessToken;
  else if (who && 'token' in who) headers.authorization = who.token;
  const res = await fetch(url, { method: 'POST', headers, body });
  const text = await res.text();
  let parsed: { data?: T; errors?: GqlError[] };
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    throw new Error(`GraphQL endpoint answered ${res.status} with a non-JSON body: ${text.slice(0, 300)}`);
  }
  return { status: res.status, data: parsed.data ?? undefined, errors: parsed.errors };
}

let doc: DynamoDBDocumentClient | undefined;
/** lib-dynamodb client on the stack's DynamoDB Local. */
export function docClient(): DynamoDBDocumentClient {
  const o = outputs();
  doc ??= DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: o.dynamodb.endpoint, region: o.region, credentials: o.iam }), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return doc;
}

/** Physical table name. */
export function table(key: TableKey): string {
  return outputs().dynamodb.tables[key];
}

function normalize(value: unknown): unknown {
  if (value instanceof Set) return [...value].map(normalize).sort();
  if (Array.isArray(value)) return value.map(normalize);
  if (value && typeof value === 'object' && !(value instanceof Uint8Array)) {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, normalize((value as Record<string, unknown>)[k])]));
  }
  return value;
}

type Item = Record<string, unknown>;

async function queryAll(input: ConstructorParameters<typeof QueryCommand>[0]): Promise<Item[]> {
  const items: Item[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await docClient().send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    items.push(...((page.Items ?? []) as Item[]));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

async function batchGetAll(tableName: string, keys: Item[]): Promise<Item[]> {
  const items: Item[] = [];
  for (let i = 0; i < keys.length; i += 100) {
    let request: Record<string, { Keys: Item[]; ConsistentRead: boolean }> | undefined = {
      [tableName]: { Keys: keys.slice(i, i + 100), ConsistentRead: true },
    };
    while (request && Object.keys(request).length) {
      const page: BatchGetCommandOutput = await docClient().send(new BatchGetCommand({ RequestItems: request }));
      items.push(...((page.Responses?.[tableName] ?? []) as Item[]));
      request = page.UnprocessedKeys as typeof request;
    }
  }
  return items;
}

/**
 * Every item these users own or could be touched through them, read by key (no table scan, so the cost
 * does not grow with the tables other tests fill), in a stable order: compare before/after to prove an
 * operation changed nothing. Per user: the users row; every team row of the teams the user is a member
 * of or invited to (GSI userId-index under the sub and under INVITE#<email>: meta, members,
 * invitations); the platform configs and credentials of every platform; the campaigns of every account
 * those credentials name.
 */
export async function snapshotFor(users: TestUser[]): Promise<Record<TableKey, unknown[]>> {
  const subs = [...new Set(users.map((u) => u.sub))];
  const emails = [...new Set(users.map((u) => u.email.toLowerCase()))];
  const teamsTable = table('teams');
  const byGsi = (userId: string) =>
    queryAll({ TableName: teamsTable, IndexName: 'userId-index', KeyConditionExpression: 'userId = :u', ExpressionAttributeValues: { ':u': userId } });
  const ownerPlatforms = subs.flatMap((s) => PLATFORMS.map((p) => `${s}#${p}`));
  const [usersRows, memberships, configs, credentials] = await Promise.all([
    batchGetAll(table('users'), subs.map((userId) => ({ userId }))),
    Promise.all([...subs, ...emails.map((e) => `INVITE#${e}`)].map(byGsi)).then((r) => r.flat()),
    batchGetAll(table('platformConfigs'), ownerPlatforms.map((userPlatform) => ({ userPlatform }))),
    Promise.all(
      ownerPlatforms.map((up) =>
        queryAll({ TableName: table('platformCredentials'), KeyConditionExpression: 'userPlatform = :p', ExpressionAttributeValues: { ':p': up }, ConsistentRead: true }),
      ),
    ).then((r) => r.flat()),
  ]);
  const teamIds = [...new Set(memberships.map((m) => String(m.teamId)))];
  const accounts = [...new Set(credentials.map((c) => `${String(c.userPlatform)}#${String(c.accountId)}`))];
  const [teamRowsFound, campaigns] = await Promise.all([
    Promise.all(
      teamIds.map((id) => queryAll({ TableName: teamsTable, KeyConditionExpression: 'teamId = :t', ExpressionAttributeValues: { ':t': id }, ConsistentRead: true })),
    ).then((r) => r.flat()),
    Promise.all(
      accounts.map((a) =>
        queryAll({ TableName: table('campaigns'), KeyConditionExpression: 'userPlatformAccount = :a', ExpressionAttributeValues: { ':a': a }, ConsistentRead: true }),
      ),
    ).then((r) => r.flat()),
  ]);
  const stable = (items: Item[]): unknown[] => {
    const texts = [...new Set(items.map((i) => JSON.stringify(normalize(i))))].sort();
    return texts.map((t) => JSON.parse(t) as unknown);
  };
  return {
    users: stable(usersRows),
    teams: stable(teamRowsFound),
    platformConfigs: stable(configs),
    platformCredentials: stable(credentials),
    campaigns: stable(campaigns),
  };
}

/** File receiving every log line of the stack, Lambda handlers' console output included. */
export function stackLogPath(): string {
  return outputs().stackLogPath;
}

/**
 * Injects a KMS fault on the stack's KMS endpoint (see KmsFault: scope it with `match` on the
 * encryption context so parallel tests are unaffected). Returns a function removing it.
 */
export async function kmsFault(fault: KmsFault): Promise<() => Promise<void>> {
  const o = outputs();
  const faults = kmsFaultsClient({ faultsUrl: o.kms.faultsUrl, region: o.region, credentials: o.iam });
  const id = await faults.add(fault);
  return () => faults.remove(id);
}

export interface Subscription {
  /** Resolves on start_ack; rejects on an error / connection_error before it. */
  ready: Promise<void>;
  /** The next `data` message's payload ({ data: { <field>: … } }); rejects after timeoutMs (default 5000) or when the socket closes first. */
  next(timeoutMs?: number): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** Resolves with the payload of the first `error` / `connection_error` message (or a close before start_ack). */
  error: Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** Sends stop (when started) and closes the socket. */
  close(): void;
  /** Every message received, in order (for protocol assertions: ka, complete, …). */
  readonly messages: { type: string; id?: string; payload?: unknown }[];
}

/**
 * Subscribes as `who` over AppSync's real-time protocol: WebSocket subprotocols `graphql-ws` and
 * `header-<base64url({ Authorization, host })>`, connection_init → connection_ack, then
 * start (with the same authorization in extensions) → start_ack, data…, stop → complete.
 */
export async function subscribe(who: TestUser, query: string, variables?: Record<string, unknown>): Promise<Subscription> {
  const g = graphqlOrThrow();
  const host = new URL(g.url).host;
  const authorization = { Authorization: who.accessToken, host };
  const ws = new WebSocket(g.realtimeUrl, realtimeProtocols(authorization));
  const id = randomUUID();
  const messages: Subscription['messages'] = [];
  const queue: unknown[] = [];
  const waiters: { resolve: (v: unknown) => void; reject: (e: Error) => void }[] = [];
  let closed: Error | undefined;
  let started = false;

  let resolveReady!: () => void;
  let rejectReady!: (e: Error) => void;
  const ready = new Promise<void>((res, rej) => {
    resolveReady = res;
    rejectReady = rej;
  });
  ready.catch(() => undefined); // a test may only await `error`
  let resolveError!: (v: unknown) => void;
  const error = new Promise<unknown>((res) => (resolveError = res));

  const fail = (why: Error) => {
    closed ??= why;
    rejectReady(why);
    for (const w of waiters.splice(0)) w.reject(why);
  };

  // connection_error, an error or a close before the ack are reported by the handlers below.
  connectionHandshake(ws, g.realtimeUrl).then(
    () => ws.send(startMessage(id, subscriptionData(query, variables ?? {}), authorization)),
    () => undefined,
  );
  ws.on('message', (raw) => {
    const msg = parseRealtimeMessage(raw);
    messages.push(msg);
    switch (msg.type) {
      case 'start_ack':
        started = true;
        resolveReady();
        break;
      case 'data': {
        const w = waiters.shift();
        if (w) w.resolve(msg.payload);
        else queue.push(msg.payload);
        break;
      }
      case 'error':
      case 'connection_error':
        resolveError(msg.payload);
        if (!started) fail(new Error(`subscription failed: ${JSON.stringify(msg.payload)}`));
        break;
      case 'complete':
        fail(new Error('subscription complete'));
        break;
      default:
        break; // ka
    }
  });
  ws.on('close', (code, reason) => {
    const why = new Error(`realtime socket closed (${code}${reason.length ? ` ${reason.toString()}` : ''})`);
    if (!started) resolveError({ errors: [{ message: why.message }] });
    fail(why);
  });
  ws.on('error', (e) => {
    if (!started) resolveError({ errors: [{ message: e.message }] });
    fail(e);
  });

  return {
    ready,
    error,
    messages,
    next(timeoutMs = 5000) {
      if (queue.length) return Promise.resolve(queue.shift());
      if (closed) return Promise.reject(closed);
      return new Promise((resolve, reject) => {
        const w = {
          resolve: (v: unknown) => {
            clearTimeout(t);
            resolve(v);
          },
          reject: (e: Error) => {
            clearTimeout(t);
            reject(e);
          },
        };
        const t = setTimeout(() => {
          waiters.splice(waiters.indexOf(w), 1);
          reject(new Error(`no subscription event within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.push(w);
      });
    },
    close() {
      if (ws.readyState === WebSocket.OPEN && started) ws.send(stopMessage(id));
      ws.close();
    },
  };
}

// AppSync's real-time protocol over WebSocket (docs: real-time-websocket-client.html), as the
// unmodified aws-amplify v6 client speaks it: `graphql-ws` subprotocol, auth in a `header-<base64url>`
// subprotocol or `?header=` query parameter, connection_init/ack, ka, start/start_ack, data, error,
// stop/complete. Events come from completed @aws_subscribe mutations.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  type DocumentNode,
  type FieldNode,
  type OperationDefinitionNode,
  Kind,
  getArgumentValues,
  getOperationAST,
  getVariableValues,
} from 'graphql';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ResolverExecutor } from '../resolver-runtime/types.js';
import { type Authenticated, MISSING_AUTH, type RequestAuthenticator, UnauthorizedError } from './auth-modes.js';
import { allowed } from './schema.js';
import { type AppSyncErrorOut, variableErrorOut } from './errors.js';
import type { MutationEvent, OperationRunner, RequestMeta } from './execute-operation.js';
import { argumentsMatch, filterMatches, normalizeFilter, type FilterGroups } from './subscription-filters.js';
import { resolverRequestHeaders, sourceIps } from './request-info.js';

export const REALTIME_PATHS = new Set(['/graphql/realtime', '/realtime', '/graphql', '/graphql/connect']);
const MAX_SUBSCRIPTIONS_PER_CONNECTION = 200;
const CONNECTION_TIMEOUT_MS = 300_000;
/** ws sends a Buffer as a binary frame unless told otherwise; AppSync's protocol messages are text. */
const TEXT_FRAME = { binary: false } as const;

interface Subscription {
  id: string;
  conn: Connection;
  fieldName: string;
  args: Record<string, unknown>;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  variables: Record<string, unknown>;
  meta: RequestMeta;
  filter: FilterGroups | null;
  invalidationFilter: FilterGroups | null;
  /** Subscribers with equal keys receive byte-identical payloads: rendered once per event. */
  renderKey: string;
  /** Subscribers with equal keys have equal filters (or arguments): matched once per event. */
  matchKey: string;
  /** The frame's start, `{"id":<id as JSON>` in UTF-8: the rest is shared by every subscriber of a render group. */
  framePrefix: Buffer;
}

interface Connection {
  ws: WebSocket;
  auth: Authenticated | null;
  authError: UnauthorizedError | null;
  acked: boolean;
  ka: NodeJS.Timeout | null;
  subs: Map<string, Subscription>;
  sourceIp: string[];
  headers: Record<string, string | string[]>;
}

export interface RealtimeOptions {
  runner: OperationRunner;
  executor: ResolverExecutor;
  authenticator: RequestAuthenticator;
  keepAliveMs?: number;
  log: (msg: string) => void;
}

export class RealtimeServer {
  private readonly wss: WebSocketServer;
  private readonly byField = new Map<string, Set<Subscription>>();
  private readonly connections = new Set<Connection>();
  private readonly keepAliveMs: number;

  constructor(private readonly opts: RealtimeOptions) {
    this.keepAliveMs = opts.keepAliveMs ?? 60_000;
    this.wss = new WebSocketServer({
      noServer: true,
      // Amplify offers ['graphql-ws', 'header-…']; only graphql-ws is ever selected.
      handleProtocols: (protocols) => (protocols.has('graphql-ws') ? 'graphql-ws' : false),
      maxPayload: 512 * 1024,
    });
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => void this.onConnection(ws, req));
  }

  /** Number of live subscriptions (for tests and the bench). */
  get subscriptionCount(): number {
    let n = 0;
    for (const s of this.byField.values()) n += s.size;
    return n;
  }

  close(): void {
    for (const c of this.connections) {
      if (c.ka) clearInterval(c.ka);
      c.ws.terminate();
    }
    this.connections.clear();
    this.byField.clear();
    this.wss.close();
  }

  private async onConnection(ws: WebSocket, req: IncomingMessage): Promise<void> {
    const sourceIp = sourceIps(req);
    const conn: Connection = { ws, auth: null, authError: null, acked: false, ka: null, subs: new Map(), sourceIp, headers: resolverRequestHeaders(req) };
    this.connections.add(conn);
    // Register handlers before awaiting auth so no frame is lost.
    const pending: Buffer[] = [];
    let ready = false;
    ws.on('message', (raw: Buffer) => {
      if (!ready) pending.push(raw);
      else this.safely(conn, raw);
    });
    ws.on('close', () => this.drop(conn));
    ws.on('error', () => this.drop(conn));
    try {
      conn.auth = await this.authenticateHandshake(req, sourceIp);
    } catch (e) {
      conn.authError = e instanceof UnauthorizedError ? e : new UnauthorizedError(MISSING_AUTH);
    }
    ready = true;
    for (const raw of pending) this.safely(conn, raw);
  }

  /** A failure while handling one frame is reported on that socket and logged, never thrown. */
  private safely(conn: Connection, raw: Buffer): void {
    this.onMessage(conn, raw).catch((e: unknown) => {
      this.opts.log(`real-time message failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      this.sendError(conn, undefined, [{ errorType: 'InternalFailure', message: 'The message could not be processed.' }]);
    });
  }

  /**
   * The connection's auth `header` object, from the `header-<base64url>` subprotocol (Amplify), the
   * `?header=` query parameter (AppSync's docs) or else the upgrade request's own headers.
   */
  private async authenticateHandshake(req: IncomingMessage, sourceIp: string[]): Promise<Authenticated> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    let header: Record<string, unknown>;
    const proto = String(req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((s) => s.trim())
      .find((p) => p.startsWith('header-'));
    if (proto) header = decodeHeader(proto.slice('header-'.length));
    // URLSearchParams turns an unescaped "+" of standard base64 into a space: put it back.
    else if (url.searchParams.get('header')) header = decodeHeader(url.searchParams.get('header')!.replace(/ /g, '+'));
    else header = req.headers;
    // A SigV4 handshake signs a POST of `{}` to /graphql/connect (docs: real-time-websocket-client.html).
    return this.opts.authenticator.authenticate({ method: 'POST', path: '/graphql/connect', headers: header, body: '{}', sourceIp }, 'realtime');
  }

  private send(conn: Connection, msg: unknown): void {
    if (conn.ws.readyState === conn.ws.OPEN) conn.ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg));
  }

  private sendError(conn: Connection, id: string | undefined, errors: AppSyncErrorOut[] | { errorType: string; message: string }[]): void {
    this.send(conn, id === undefined ? { type: 'error', payload: { errors } } : { id, type: 'error', payload: { errors } });
  }

  private async onMessage(conn: Connection, raw: Buffer): Promise<void> {
    let msg: { type?: unknown; id?: unknown; payload?: unknown };
    try {
      msg = JSON.parse(raw.toString('utf8'));
    } catch {
      this.sendError(conn, undefined, [{ errorType: 'MessageParsingError', message: 'Message is not valid JSON.' }]);
      return;
    }
    switch (msg.type) {
      case 'connection_init':
        return this.onInit(conn);
      case 'start':
        return this.onStart(conn, msg.id, msg.payload);
      case 'stop':
        return this.onStop(conn, msg.id);
      default:
        this.sendError(conn, typeof msg.id === 'string' ? msg.id : undefined, [{ errorType: 'UnsupportedOperation', message: `Unsupported message type: ${String(msg.type)}` }]);
    }
  }

  private onInit(conn: Connection): void {
    if (conn.authError || !conn.auth) {
      this.send(conn, { type: 'connection_error', payload: { errors: [{ errorType: 'UnauthorizedException', message: conn.authError?.message ?? MISSING_AUTH, errorCode: 401 }] } });
      conn.ws.close(1000);
      return;
    }
    if (conn.acked) return;
    conn.acked = true;
    this.send(conn, { type: 'connection_ack', payload: { connectionTimeoutMs: CONNECTION_TIMEOUT_MS } });
    this.send(conn, { type: 'ka' });
    conn.ka = setInterval(() => this.send(conn, '{"type":"ka"}'), this.keepAliveMs);
    conn.ka.unref();
  }

  private async onStart(conn: Connection, rawId: unknown, rawPayload: unknown): Promise<void> {
    const id = typeof rawId === 'string' && rawId ? rawId : undefined;
    if (!id) return this.sendError(conn, undefined, [{ errorType: 'MessageParsingError', message: 'start requires an id.' }]);
    if (!conn.acked || !conn.auth) return this.sendError(conn, id, [{ errorType: 'UnauthorizedException', message: 'Connection not initialized: send connection_init first.' }]);
    if (conn.subs.has(id)) return this.sendError(conn, id, [{ errorType: 'DuplicatedOperationError', message: 'Duplicated operation with id ' + id }]);
    if (conn.subs.size >= MAX_SUBSCRIPTIONS_PER_CONNECTION) {
      return this.sendError(conn, id, [{ errorType: 'LimitExceededError', message: `Maximum number of ${MAX_SUBSCRIPTIONS_PER_CONNECTION} subscriptions per connection reached.` }]);
    }
    const payload = (rawPayload ?? {}) as { data?: unknown; extensions?: { authorization?: Record<string, unknown> } };
    if (typeof payload.data !== 'string') return this.sendError(conn, id, [{ errorType: 'MessageParsingError', message: 'payload.data must be a JSON string of { query, variables }.' }]);
    let request: { query?: unknown; variables?: unknown; operationName?: unknown };
    try {
      request = JSON.parse(payload.data);
    } catch {
      return this.sendError(conn, id, [{ errorType: 'MessageParsingError', message: 'payload.data is not valid JSON.' }]);
    }
    if (typeof request.query !== 'string') return this.sendError(conn, id, [{ errorType: 'MessageParsingError', message: 'payload.data.query must be a string.' }]);

    // Every start carries its own authorization; it may use another mode than the connection.
    const authorization = payload.extensions?.authorization;
    let auth: Authenticated;
    try {
      if (!authorization || typeof authorization !== 'object') throw new UnauthorizedError(MISSING_AUTH);
      // Signed (SigV4) as a POST of payload.data to /graphql.
      auth = await this.opts.authenticator.authenticate({ method: 'POST', path: '/graphql', headers: authorization, body: payload.data, sourceIp: conn.sourceIp }, 'realtime');
    } catch (e) {
      return this.sendError(conn, id, [{ errorType: 'UnauthorizedException', message: e instanceof Error ? e.message : MISSING_AUTH }]);
    }

    const { runner } = this.opts;
    const prepared = runner.prepare(request.query);
    if ('error' in prepared) return this.sendError(conn, id, prepared.error.body.errors ?? []);
    const { document } = prepared;
    const operation = getOperationAST(document, typeof request.operationName === 'string' ? request.operationName : undefined);
    if (!operation || operation.operation !== 'subscription') {
      return this.sendError(conn, id, [{ errorType: 'UnsupportedOperation', message: 'Only subscription operations are supported on the real-time endpoint.' }]);
    }
    const schema = runner.schema.schema;
    const variablesIn = (request.variables ?? {}) as Record<string, unknown>;
    const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variablesIn);
    // AppSync's wording, which never quotes the variable's value (it may hold credentials).
    if (coerced.errors) return this.sendError(conn, id, coerced.errors.map(variableErrorOut));
    const fieldNode = operation.selectionSet.selections.find((s): s is FieldNode => s.kind === Kind.FIELD);
    const subType = schema.getSubscriptionType();
    const fieldDef = fieldNode && subType ? subType.getFields()[fieldNode.name.value] : undefined;
    if (!fieldNode || !fieldDef || !subType) return this.sendError(conn, id, [{ errorType: 'UnsupportedOperation', message: 'A subscription must select one Subscription field.' }]);
    const fieldName = fieldDef.name;
    if (!allowed(runner.schema, subType.name, fieldName, { mode: auth.mode, groups: auth.groups })) {
      return this.sendError(conn, id, [{ errorType: 'Unauthorized', message: `Not Authorized to access ${fieldName} on type ${subType.name}` }]);
    }
    const args = getArgumentValues(fieldDef, fieldNode, coerced.coerced);
    const meta: RequestMeta = { auth, headers: conn.headers };

    let filter: FilterGroups | null = null;
    let invalidationFilter: FilterGroups | null = null;
    if (this.opts.executor.has(subType.name, fieldName)) {
      const invocation = runner.invocation(null, args, { meta, variables: variablesIn, fragments: {} }, {
        fieldName,
        fieldNodes: [fieldNode],
        parentType: subType,
        path: { prev: undefined, key: fieldNode.alias?.value ?? fieldName, typename: subType.name },
      });
      try {
        const outcome = await this.opts.executor.execute(invocation);
        if (outcome.errors.length) {
          return this.sendError(conn, id, outcome.errors.map((e) => ({ errorType: e.errorType ?? 'Unknown', message: e.message, ...(e.errorInfo !== undefined ? { errorInfo: e.errorInfo } : {}) })));
        }
        filter = normalizeFilter(outcome.subscriptionFilter);
        invalidationFilter = normalizeFilter(outcome.subscriptionInvalidationFilter);
      } catch (e) {
        return this.sendError(conn, id, [{ errorType: 'InternalFailure', message: e instanceof Error ? e.message : String(e) }]);
      }
    }
    if (conn.ws.readyState !== conn.ws.OPEN || conn.subs.has(id)) return;
    const sub: Subscription = {
      id,
      conn,
      fieldName,
      args,
      document,
      operation,
      variables: variablesIn,
      meta,
      filter,
      invalidationFilter,
      renderKey: `${request.query}\u0000${JSON.stringify(variablesIn)}\u0000${auth.mode}\u0000${auth.groups.join(',')}`,
      matchKey: filter ? `f${JSON.stringify(filter)}` : `a${JSON.stringify(args)}`,
      framePrefix: Buffer.from(`{"id":${JSON.stringify(id)}`),
    };
    conn.subs.set(id, sub);
    let set = this.byField.get(fieldName);
    if (!set) this.byField.set(fieldName, (set = new Set()));
    set.add(sub);
    this.send(conn, { type: 'start_ack', id });
  }

  private onStop(conn: Connection, rawId: unknown): void {
    const id = typeof rawId === 'string' ? rawId : '';
    const sub = conn.subs.get(id);
    if (sub) this.remove(sub);
    this.send(conn, { type: 'complete', id });
  }

  private remove(sub: Subscription): void {
    sub.conn.subs.delete(sub.id);
    this.byField.get(sub.fieldName)?.delete(sub);
  }

  private drop(conn: Connection): void {
    if (conn.ka) clearInterval(conn.ka);
    conn.ka = null;
    for (const sub of conn.subs.values()) this.byField.get(sub.fieldName)?.delete(sub);
    conn.subs.clear();
    this.connections.delete(conn);
  }

  /**
   * A mutation listed in @aws_subscribe completed: deliver it to every matching subscriber. Subscribers
   * are matched once per filter-equivalent group (same enhanced filter, or same arguments) and the
   * payload is rendered and serialised once per render group (same query, variables and auth); each
   * subscriber then costs one string concatenation (its id) and one send.
   */
  async publish(event: MutationEvent): Promise<void> {
    const fields = this.opts.runner.schema.subscribersOf.get(event.fieldName) ?? [];
    for (const fieldName of fields) {
      const subs = this.byField.get(fieldName);
      if (!subs?.size) continue;
      const matches = new Map<string, boolean>();
      const groups = new Map<string, Subscription[]>();
      for (const sub of subs) {
        let match = matches.get(sub.matchKey);
        if (match === undefined) {
          // Enhanced filters take precedence over argument filtering (docs: enhanced filtering).
          match = sub.filter ? filterMatches(sub.filter, event.payload) : argumentsMatch(sub.args, event.payload);
          matches.set(sub.matchKey, match);
        }
        if (!match) continue;
        const group = groups.get(sub.renderKey);
        if (group) group.push(sub);
        else groups.set(sub.renderKey, [sub]);
      }
      await Promise.all(
        [...groups.values()].map(async (group) => {
          const json = await this.render(group[0]!, event.payload);
          // UTF-8 once per group, one buffer for all its frames (each the subscriber's prefix and the shared
          // rest): the socket writes bytes, not a string to encode per subscriber. Sent as text frames.
          const rest = Buffer.from(`,"type":"data","payload":${json}}`);
          const live = group.filter((sub) => sub.conn.subs.get(sub.id) === sub && sub.conn.ws.readyState === sub.conn.ws.OPEN);
          let size = 0;
          for (const sub of live) size += sub.framePrefix.length + rest.length;
          const frames = Buffer.allocUnsafe(size);
          let at = 0;
          for (const sub of live) {
            const start = at;
            at += sub.framePrefix.copy(frames, at);
            at += rest.copy(frames, at);
            sub.conn.ws.send(frames.subarray(start, at), TEXT_FRAME);
          }
        }),
      );
    }
  }

  /** The subscriber's selection over the published value: fields the mutation did not select come out null. */
  private async render(sub: Subscription, payload: unknown): Promise<string> {
    const result = await this.opts.runner.executeDocument(
      sub.document,
      sub.operation,
      { query: '', variables: sub.variables, operationName: sub.operation.name?.value ?? null },
      sub.meta,
      { [sub.fieldName]: payload },
    );
    return JSON.stringify(result.body);
  }

  /**
   * extensions.invalidateSubscriptions: end every subscription whose invalidation filter matches. AppSync
   * unsubscribes it, the client receiving "Subscription complete." (docs: aws-appsync-real-time-
   * invalidation.html), as a `complete` for its id (what Amplify ends the observer on), and closes the
   * WebSocket. Here the socket is closed once no subscription is left on it, so that an invalidation
   * never ends another subscription the connection carries.
   */
  invalidate(request: { subscriptionField: string; payload: Record<string, unknown> }): void {
    const subs = this.byField.get(request.subscriptionField);
    if (!subs) return;
    for (const sub of [...subs]) {
      if (!sub.invalidationFilter || !filterMatches(sub.invalidationFilter, request.payload)) continue;
      this.remove(sub);
      this.send(sub.conn, { id: sub.id, type: 'complete', payload: { message: 'Subscription complete.' } });
      if (sub.conn.subs.size === 0) sub.conn.ws.close(1000, 'Subscription complete.');
    }
  }
}

function decodeHeader(encoded: string): Record<string, unknown> {
  try {
    // Amplify sends unpadded base64url; AppSync's own docs use standard base64. Node's base64url decoder reads both.
    const parsed = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
    if (parsed && typeof parsed === 'object') return parsed as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new UnauthorizedError('Unable to parse the authorization header of the connection.');
}

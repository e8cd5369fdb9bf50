// AppSync's real-time WebSocket protocol (graphql-ws subprotocol, AppSync's own message set), with
// keep-alive supervision, reconnect with backoff and resubscription. Written here because no maintained
// package speaks AppSync's dialect short of aws-amplify, which a frontend may not want to carry.
import { SiveraError, type GraphQLErrorEntry } from './errors.js';
import { connectionHandshake, parseRealtimeMessage, realtimeProtocols, startMessage, stopMessage, subscriptionData } from './realtime-protocol.js';

/** The part of the WHATWG WebSocket this client uses: browsers', Node >= 22's, Node 20's with --experimental-websocket, `ws`'s. */
/** What the client reads of an event (`type` keeps the shape from being a weak type no event matches). */
export interface WebSocketEventLike {
  readonly type: string;
  readonly data?: unknown;
}

export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(
    type: 'open' | 'close' | 'error' | 'message',
    listener: (event: WebSocketEventLike) => void,
    options?: { once?: boolean },
  ): void;
  removeEventListener(type: 'open' | 'close' | 'error' | 'message', listener: (event: WebSocketEventLike) => void): void;
}

export type WebSocketConstructor = new (url: string, protocols: string[]) => WebSocketLike;

/** readyState OPEN, by value: the WebSocket global may not exist (Node 20 without --experimental-websocket). */
const OPEN = 1;

/** The WebSocket given, else the global one; a clear error when there is none (instead of "WebSocket is not defined"). */
export function resolveWebSocket(given: WebSocketConstructor | undefined): WebSocketConstructor {
  const found = given ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (!found) {
    throw new SiveraError([
      {
        errorType: 'WebSocketUnavailable',
        message:
          'No WebSocket implementation for subscriptions: pass one, e.g. new SiveraClient(config, { WebSocket }) with ' +
          "WebSocket from the 'ws' package, or run Node 20 with --experimental-websocket (Node 22+ and browsers have one).",
      },
    ]);
  }
  return found;
}

export interface SubscriptionHandlers<T> {
  next(data: T): void;
  error?(errors: GraphQLErrorEntry[]): void;
  /** Called once the server acknowledged the subscription (also after each resubscription). */
  ready?(): void;
}

interface ActiveSubscription {
  query: string;
  variables: Record<string, unknown>;
  handlers: SubscriptionHandlers<unknown>;
}

type AuthHeader = () => Promise<Record<string, string>>;

export class RealtimeConnection {
  private socket: WebSocketLike | null = null;
  private connecting: Promise<WebSocketLike> | null = null;
  private readonly subscriptions = new Map<string, ActiveSubscription>();
  private keepAliveTimer: ReturnType<typeof setTimeout> | null = null;
  private connectionTimeoutMs = 300_000;
  private attempts = 0;
  private closed = false;
  private nextId = 0;

  constructor(
    private readonly url: string,
    private readonly host: string,
    private readonly authHeader: AuthHeader,
    private readonly WebSocketImpl: WebSocketConstructor,
  ) {}

  subscribe<T>(query: string, variables: Record<string, unknown>, handlers: SubscriptionHandlers<T>): () => void {
    const id = `sub-${++this.nextId}-${Math.random().toString(36).slice(2, 10)}`;
    this.subscriptions.set(id, { query, variables, handlers: handlers as SubscriptionHandlers<unknown> });
    void this.start(id);
    return () => this.stop(id);
  }

  close(): void {
    this.closed = true;
    this.subscriptions.clear();
    this.clearKeepAlive();
    this.socket?.close(1000);
    this.socket = null;
  }

  private async start(id: string): Promise<void> {
    const sub = this.subscriptions.get(id);
    if (!sub) return;
    try {
      const socket = await this.connect();
      const authorization = { ...(await this.authHeader()), host: this.host };
      socket.send(startMessage(id, subscriptionData(sub.query, sub.variables), authorization));
    } catch (e) {
      sub.handlers.error?.([{ message: (e as Error).message, errorType: 'ConnectionError' }]);
    }
  }

  private stop(id: string): void {
    if (!this.subscriptions.delete(id)) return;
    if (this.socket?.readyState === OPEN) this.socket.send(stopMessage(id));
    if (this.subscriptions.size === 0) this.close();
  }

  private connect(): Promise<WebSocketLike> {
    if (this.socket?.readyState === OPEN) return Promise.resolve(this.socket);
    this.closed = false;
    this.connecting ??= this.open().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async open(): Promise<WebSocketLike> {
    const socket = new this.WebSocketImpl(this.url, realtimeProtocols({ ...(await this.authHeader()), host: this.host }));
    const ack = await connectionHandshake(socket, this.url);
    this.connectionTimeoutMs = ack.connectionTimeoutMs ?? this.connectionTimeoutMs;
    this.socket = socket;
    this.attempts = 0;
    this.armKeepAlive();
    socket.addEventListener('message', (event) => {
      // A socket being closed still delivers (ka, complete): it must not re-arm the keep-alive timer,
      // which would hold a Node process open for connectionTimeoutMs after close().
      if (this.socket === socket) this.onMessage(String(event.data));
    });
    socket.addEventListener('close', () => this.onClose(socket));
    return socket;
  }

  private onMessage(raw: string): void {
    this.armKeepAlive();
    const msg = parseRealtimeMessage(raw);
    const sub = msg.id ? this.subscriptions.get(msg.id) : undefined;
    if (!sub) return;
    if (msg.type === 'start_ack') sub.handlers.ready?.();
    else if (msg.type === 'data') sub.handlers.next(msg.payload?.data);
    else if (msg.type === 'error') {
      this.subscriptions.delete(msg.id!);
      sub.handlers.error?.(msg.payload?.errors ?? [{ message: 'subscription failed' }]);
    } else if (msg.type === 'complete') this.subscriptions.delete(msg.id!);
  }

  /** AppSync sends `ka` well within connectionTimeoutMs; silence longer than that means the link is dead. */
  private armKeepAlive(): void {
    this.clearKeepAlive();
    this.keepAliveTimer = setTimeout(() => this.socket?.close(4000, 'keep-alive timeout'), this.connectionTimeoutMs);
  }

  private clearKeepAlive(): void {
    if (this.keepAliveTimer) clearTimeout(this.keepAliveTimer);
    this.keepAliveTimer = null;
  }

  private onClose(socket: WebSocketLike): void {
    if (this.socket !== socket) return;
    this.socket = null;
    this.clearKeepAlive();
    if (this.closed || this.subscriptions.size === 0) return;
    const delay = Math.min(30_000, 250 * 2 ** this.attempts++);
    setTimeout(() => {
      for (const id of this.subscriptions.keys()) void this.start(id);
    }, delay);
  }
}

// Sivera's typed client: every operation of the contract as a typed document (client/generated),
// sent with the signed-in user's token; failures thrown as SiveraError with AppSync's errorType.
import { print } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { SiveraAuth } from './auth.js';
import { realtimeUrlFor, type SiveraConfig } from './config.js';
import { SiveraError, type GraphQLErrorEntry } from './errors.js';
import { RealtimeConnection, resolveWebSocket, type SubscriptionHandlers, type WebSocketConstructor } from './realtime.js';

export { SiveraAuth } from './auth.js';
export { amplifyConfigFromOutputs, configFromOutputs, realtimeUrlFor, type SiveraConfig } from './config.js';
export { SiveraError, SiveraAuthError, type GraphQLErrorEntry } from './errors.js';
export type { CodeDelivery, CurrentUser, Session, SignInOptions, SignInStep, TotpSetup } from './auth.js';
export type { SubscriptionHandlers, WebSocketConstructor, WebSocketEventLike, WebSocketLike } from './realtime.js';
// The protocol's encoding and handshake, for raw real-time clients (tests, load tools) that need no reconnects.
export {
  CONNECTION_INIT,
  connectionHandshake,
  parseRealtimeMessage,
  RealtimeConnectionError,
  realtimeProtocols,
  realtimeQueryUrl,
  startMessage,
  stopMessage,
  subscriptionData,
  type RealtimeAuthorization,
  type RealtimeMessage,
} from './realtime-protocol.js';
export * from './generated/graphql.js';

export interface SiveraClientOptions {
  /** Shares one signed-in user between clients; a new SiveraAuth by default. */
  auth?: SiveraAuth;
  /**
   * The WebSocket for subscriptions; the global one by default (browsers, Node 22+, Node 20 with
   * --experimental-websocket). On plain Node 20 pass `WebSocket` from the `ws` package.
   */
  WebSocket?: WebSocketConstructor;
}

type Variables<V> = V extends Record<string, never> ? V | undefined : V;

export class SiveraClient {
  readonly auth: SiveraAuth;
  private realtime: RealtimeConnection | null = null;

  constructor(readonly config: SiveraConfig, private readonly options: SiveraClientOptions = {}) {
    this.auth = options.auth ?? new SiveraAuth(config);
  }

  query<R, V>(document: TypedDocumentNode<R, V>, variables?: Variables<V>): Promise<R> {
    return this.request(document, variables);
  }

  mutate<R, V>(document: TypedDocumentNode<R, V>, variables?: Variables<V>): Promise<R> {
    return this.request(document, variables);
  }

  /**
   * Subscribes over AppSync's real-time protocol; returns the unsubscribe function. Throws SiveraError
   * `WebSocketUnavailable` when there is no WebSocket implementation (see SiveraClientOptions.WebSocket).
   */
  subscribe<R, V>(document: TypedDocumentNode<R, V>, variables: V, handlers: SubscriptionHandlers<R>): () => void {
    this.realtime ??= new RealtimeConnection(
      realtimeUrlFor(this.config),
      new URL(this.config.graphqlUrl).host,
      async () => ({ Authorization: await this.auth.accessToken() }),
      resolveWebSocket(this.options.WebSocket),
    );
    return this.realtime.subscribe(print(document), (variables ?? {}) as Record<string, unknown>, handlers);
  }

  close(): void {
    this.realtime?.close();
    this.realtime = null;
  }

  private async request<R, V>(document: TypedDocumentNode<R, V>, variables?: V): Promise<R> {
    const response = await fetch(this.config.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: await this.auth.accessToken() },
      body: JSON.stringify({ query: print(document), variables: variables ?? {} }),
    });
    const body = (await response.json().catch(() => null)) as { data?: R; errors?: GraphQLErrorEntry[] } | null;
    if (!body) throw new SiveraError([{ message: `HTTP ${response.status}`, errorType: 'NetworkError' }]);
    if (body.errors?.length) throw new SiveraError(body.errors, body.data ?? null);
    if (!response.ok || body.data === undefined) {
      throw new SiveraError([{ message: `HTTP ${response.status}`, errorType: 'NetworkError' }]);
    }
    return body.data;
  }
}

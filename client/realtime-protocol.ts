// AppSync's real-time protocol, encoded in one place: how the connection carries its authorization
// (the `header-…` subprotocol or the header/payload query), the connection_init → connection_ack
// handshake, start/stop messages. RealtimeConnection (this package) speaks it; so do the backend's
// tests and the fan-out bench, which need raw sockets (any auth, 1,000 at once) but no other encoding.
import type { WebSocketLike } from './realtime.js';

/** The authorization object AppSync reads: `{ Authorization, host }` for tokens, the signed headers for IAM. */
export type RealtimeAuthorization = Record<string, string>;

/** A message the server sends (AppSync's message set: connection_ack, ka, start_ack, data, error, complete, connection_error). */
export interface RealtimeMessage {
  type: string;
  id?: string;
  payload?: {
    connectionTimeoutMs?: number;
    data?: unknown;
    errors?: { message: string; errorType?: string }[];
    [k: string]: unknown;
  };
}

const utf8Base64 = (s: string): string => btoa(String.fromCharCode(...new TextEncoder().encode(s)));
const base64url = (s: string): string => utf8Base64(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** The WebSocket subprotocols of a connection: `graphql-ws` and `header-<base64url(JSON authorization)>`. */
export function realtimeProtocols(authorization: RealtimeAuthorization | null): string[] {
  return authorization ? ['graphql-ws', `header-${base64url(JSON.stringify(authorization))}`] : ['graphql-ws'];
}

/** The other documented form: the authorization as `?header=<base64 JSON>&payload=e30=` (base64 of `{}`) on the URL. */
export function realtimeQueryUrl(url: string, authorization: RealtimeAuthorization): string {
  return `${url}?header=${encodeURIComponent(utf8Base64(JSON.stringify(authorization)))}&payload=e30=`;
}

export const CONNECTION_INIT = JSON.stringify({ type: 'connection_init' });

/** A start message: the subscription's `data` (a GraphQL request as JSON text) with its authorization. */
export function startMessage(id: string, data: string, authorization: RealtimeAuthorization): string {
  return JSON.stringify({ id, type: 'start', payload: { data, extensions: { authorization } } });
}

/** The `data` of a start message for `query` and `variables`. */
export function subscriptionData(query: string, variables: Record<string, unknown>): string {
  return JSON.stringify({ query, variables });
}

export function stopMessage(id: string): string {
  return JSON.stringify({ id, type: 'stop' });
}

export function parseRealtimeMessage(raw: unknown): RealtimeMessage {
  return JSON.parse(String(raw)) as RealtimeMessage;
}

/** Why a connection failed before connection_ack: the server's connection_error errors, if it sent any. */
export class RealtimeConnectionError extends Error {
  constructor(
    message: string,
    readonly errors: { message: string; errorType?: string }[] = [],
  ) {
    super(message);
    this.name = 'RealtimeConnectionError';
  }
}

/**
 * The connection handshake on a socket just created: sends connection_init once it opens and resolves
 * with connection_ack's payload; rejects on connection_error, a socket error or a close before the ack.
 */
export function connectionHandshake(socket: WebSocketLike, url: string): Promise<{ connectionTimeoutMs?: number }> {
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      socket.removeEventListener('open', onOpen);
      socket.removeEventListener('message', onMessage);
      socket.removeEventListener('error', onError);
      socket.removeEventListener('close', onError);
    };
    const onOpen = (): void => socket.send(CONNECTION_INIT);
    const onError = (): void => {
      cleanup();
      reject(new RealtimeConnectionError(`real-time connection to ${url} failed`));
    };
    const onMessage = (event: { data?: unknown }): void => {
      const msg = parseRealtimeMessage(event.data);
      if (msg.type === 'connection_ack') {
        cleanup();
        resolve(msg.payload ?? {});
      } else if (msg.type === 'connection_error') {
        cleanup();
        reject(new RealtimeConnectionError('real-time connection refused', msg.payload?.errors ?? []));
      }
    };
    socket.addEventListener('open', onOpen);
    socket.addEventListener('message', onMessage);
    socket.addEventListener('error', onError);
    socket.addEventListener('close', onError);
  });
}

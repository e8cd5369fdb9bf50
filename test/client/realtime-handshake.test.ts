// The client package's real-time handshake (client/realtime-protocol.ts, used by RealtimeConnection,
// the tests' raw clients and the fan-out bench) against a bare `ws` server playing the failure cases
// the stack does not produce on demand: the authorization as AppSync reads it, and a connection that
// ends before connection_ack.
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { RealtimeConnection } from '../../client/realtime.js';
import type { GraphQLErrorEntry } from '../../client/errors.js';

let wss: WebSocketServer | undefined;
afterEach(async () => {
  await new Promise((r) => wss?.close(r) ?? r(undefined));
  wss = undefined;
});

/** A server doing `onConnection` with each socket; resolves with its ws:// URL. */
async function server(onConnection: (ws: WebSocket, protocols: string[]) => void): Promise<string> {
  wss = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: (p) => (p.has('graphql-ws') ? 'graphql-ws' : false) });
  wss.on('connection', (ws, req) => onConnection(ws, String(req.headers['sec-websocket-protocol'] ?? '').split(/,\s*/)));
  await new Promise((r) => wss!.once('listening', r));
  return `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/graphql/realtime`;
}

/** Subscribes once; resolves with the errors handed to the error handler. */
function subscriptionErrors(url: string): Promise<GraphQLErrorEntry[]> {
  const conn = new RealtimeConnection(url, 'api.example', async () => ({ Authorization: 'token-1' }), WebSocket);
  return new Promise((resolve) => conn.subscribe('subscription { x }', {}, { next: () => undefined, error: resolve }));
}

describe('real-time handshake', () => {
  it('sends the authorization as the header- subprotocol (base64url JSON with host), then connection_init', async () => {
    let seen: { protocols: string[]; first: unknown } | undefined;
    const url = await server((ws, protocols) => {
      ws.once('message', (raw) => {
        seen = { protocols, first: JSON.parse(String(raw)) };
        ws.send(JSON.stringify({ type: 'connection_error', payload: { errors: [{ errorType: 'UnauthorizedException', message: 'no' }] } }));
      });
    });
    const errors = await subscriptionErrors(url);
    expect(errors).toEqual([{ message: 'real-time connection refused', errorType: 'ConnectionError' }]);
    expect(seen!.protocols[0]).toBe('graphql-ws');
    const header = seen!.protocols[1]!;
    expect(header).toMatch(/^header-[A-Za-z0-9_-]+$/);
    expect(JSON.parse(Buffer.from(header.slice('header-'.length), 'base64url').toString('utf8'))).toEqual({ Authorization: 'token-1', host: 'api.example' });
    expect(seen!.first).toEqual({ type: 'connection_init' });
  });

  it('reports a connection closed before connection_ack to the subscriber instead of waiting forever', async () => {
    const url = await server((ws) => ws.once('message', () => ws.close(1000)));
    const errors = await subscriptionErrors(url);
    expect(errors).toEqual([{ message: `real-time connection to ${url} failed`, errorType: 'ConnectionError' }]);
  });
});

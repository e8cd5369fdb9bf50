// Subscriptions without a global WebSocket (Node 20 without --experimental-websocket): a clear error
// instead of "WebSocket is not defined" followed by a ReferenceError from unsubscribe(), and the
// injectable implementation (the `ws` package) working against the stack's real-time endpoint.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { MeDocument, OnSyncStatusChangedDocument, SiveraClient, SiveraError, configFromOutputs } from '../../client/index.js';
import { outputs } from '../support/stack.js';

const config = () => configFromOutputs(outputs() as unknown as Record<string, unknown>);

describe('typed client without a global WebSocket', { timeout: 90_000 }, () => {
  const g = globalThis as { WebSocket?: unknown };
  let saved: unknown;
  beforeEach(() => {
    saved = g.WebSocket;
    delete g.WebSocket; // as on Node 20 without --experimental-websocket
  });
  afterEach(() => {
    g.WebSocket = saved;
  });

  it('throws a clear SiveraError from subscribe, naming both ways out', async () => {
    const client = new SiveraClient(config());
    const e = (() => {
      try {
        client.subscribe(OnSyncStatusChangedDocument, { ownerId: 'x' }, { next: () => undefined });
      } catch (err) {
        return err;
      }
      return undefined;
    })();
    expect(e).toBeInstanceOf(SiveraError);
    expect((e as SiveraError).errorType).toBe('WebSocketUnavailable');
    expect((e as SiveraError).message).toMatch(/'ws' package.*--experimental-websocket/);
    expect(() => client.close()).not.toThrow();
  });

  it('subscribes through an injected WebSocket (ws) and unsubscribes cleanly', async () => {
    const client = new SiveraClient(config(), { WebSocket });
    const email = `ws-${randomUUID().slice(0, 8)}@test.sivera.example`;
    await client.auth.signUp(email, 'Web-Socket-5x');
    await client.auth.confirmSignUp(email, outputs().cognito.confirmationCode);
    await client.auth.signIn(email, 'Web-Socket-5x');
    const { me } = await client.query(MeDocument);
    let unsubscribe!: () => void;
    await new Promise<void>((resolve, reject) => {
      unsubscribe = client.subscribe(
        OnSyncStatusChangedDocument,
        { ownerId: me.userId },
        { ready: resolve, next: () => undefined, error: (errors) => reject(new SiveraError(errors)) },
      );
    });
    expect(() => unsubscribe()).not.toThrow();
    expect(() => unsubscribe()).not.toThrow();
    client.close();
  });
});

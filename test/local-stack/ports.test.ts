// listenLoopback, the one listen path of the stack's HTTP services (KMS, Lambda Invoke, the Cognito
// front): loopback only, the actionable in-use error, and a close() that does not wait for open
// connections.
import { createServer, request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { listenLoopback, PortInUseError } from '../../local/services/ports.js';

describe('listenLoopback', () => {
  it('binds 127.0.0.1 only and names the service and its env var when the port is taken', async () => {
    const first = createServer();
    const a = await listenLoopback(first, 0, 'KMS', 'SIVERA_KMS_PORT');
    try {
      expect(first.address()).toMatchObject({ address: '127.0.0.1', port: a.port });
      const e = await listenLoopback(createServer(), a.port, 'KMS', 'SIVERA_KMS_PORT').then(
        () => null,
        (err: Error) => err,
      );
      expect(e).toBeInstanceOf(PortInUseError);
      expect(e?.message).toContain(`Port ${a.port} (KMS) is already in use`);
      expect(e?.message).toContain('SIVERA_KMS_PORT=');
    } finally {
      await a.close();
    }
  });

  it('close() ends open connections instead of waiting for them', async () => {
    // A request the server never answers: server.close() alone would wait for it as long as the client does.
    let received!: () => void;
    const arrived = new Promise<void>((r) => (received = r));
    const server = createServer(() => received());
    const l = await listenLoopback(server, 0, 'test');
    const req = request({ host: '127.0.0.1', port: l.port });
    const ended = new Promise<string>((resolve) => req.on('error', (e) => resolve(e.message)));
    req.end();
    await arrived;
    await l.close();
    expect(await ended).toBe('socket hang up');
    expect(server.listening).toBe(false);
  });
});

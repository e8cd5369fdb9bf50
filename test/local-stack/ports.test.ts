// listenLoopback, the one listen path of the stack's HTTP services (KMS, Lambda Invoke, the Cognito
// front): loopback only, the actionable in-use error, and a close() that does not wait for open
// connections; and freeFixedPorts, the ports a test or bench keeps across restarts of a stack.
import { readFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { freeFixedPorts, listenLoopback, PortInUseError, reservePort } from '../../local/services/ports.js';

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

describe('freeFixedPorts', () => {
  it('gives consecutive free ports below the ephemeral range, which listen(0) and outgoing connections draw from', async () => {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    // A stack that keeps its ports across restarts with one from reservePort(0) could find it taken by any
    // outgoing connection meanwhile (the kernel hands it out again); a CI run failed so.
    const ephemeral = await reservePort(0, 'test');
    expect(ephemeral).toBeGreaterThanOrEqual(low);
    const ports = await freeFixedPorts(10);
    expect(ports).toHaveLength(10);
    ports.forEach((p, i) => expect(p).toBe(ports[0]! + i));
    expect(ports[9]!).toBeLessThan(low);
    for (const p of ports) await expect(reservePort(p, 'test')).resolves.toBe(p);
  });
});

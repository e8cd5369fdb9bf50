// Port helpers: fixed ports must give a clear "in use" error; port 0 must yield a real free port for
// children (DynamoDB Local, cognito-local) that cannot report the port they bound.
import { readFileSync } from 'node:fs';
import { createServer, type Server as NetServer, type Socket } from 'node:net';

export class PortInUseError extends Error {
  constructor(
    readonly port: number,
    readonly service: string,
    readonly envVar?: string,
  ) {
    super(
      `Port ${port} (${service}) is already in use on 127.0.0.1. Stop the process using it ` +
        `(lsof -i :${port}) or choose another port${envVar ? ` with ${envVar}=<port>` : ''}.`,
    );
    this.name = 'PortInUseError';
  }
}

/** Resolves with the port when 127.0.0.1:port can be bound (0 → a free ephemeral port). */
export function reservePort(port: number, service: string, envVar?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', (e: NodeJS.ErrnoException) => {
      reject(e.code === 'EADDRINUSE' || e.code === 'EACCES' ? new PortInUseError(port, service, envVar) : e);
    });
    srv.listen(port, '127.0.0.1', () => {
      const addr = srv.address();
      const bound = typeof addr === 'object' && addr ? addr.port : port;
      srv.close(() => resolve(bound));
    });
  });
}

/** Whether 127.0.0.1:port can be bound now. */
export const isPortFree = (port: number): Promise<boolean> => reservePort(port, 'probe').then(() => true, () => false);

/** The lowest port of the kernel's ephemeral range, from which it picks ports for `listen(0)` and outgoing connections. */
function ephemeralLow(): number {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    if (low > 0) return low;
  } catch {
    /* not Linux */
  }
  return 32768; // Linux's default, and the bottom of the IANA dynamic range elsewhere is higher still
}

/**
 * `count` consecutive ports, free now, outside the kernel's ephemeral range, for a stack that must keep its
 * ports across restarts (as `npm start` does). A port found with `reservePort(0)` and released is back in
 * that range: any outgoing connection on the machine may take it as its local port before the stack binds
 * it again. These are never handed out by the kernel, so only another explicit choice can clash.
 */
export async function freeFixedPorts(count: number): Promise<number[]> {
  const low = ephemeralLow();
  const first = 10_000;
  if (low - first < count) throw new Error(`No room for ${count} fixed ports below the ephemeral range (${low}).`);
  for (let attempt = 0; attempt < 100; attempt++) {
    const base = first + Math.floor(Math.random() * (low - first - count));
    const ports = Array.from({ length: count }, (_, i) => base + i);
    if ((await Promise.all(ports.map(isPortFree))).every(Boolean)) return ports;
  }
  throw new Error(`No ${count} consecutive free ports found between ${first} and ${low}.`);
}

/** Turns a listen() EADDRINUSE into the actionable error. */
export function listenError(e: unknown, port: number, service: string, envVar?: string): Error {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'EADDRINUSE' || code === 'EACCES' ? new PortInUseError(port, service, envVar) : (e as Error);
}

export interface LoopbackListener {
  port: number;
  /** Ends the open connections (kept-alive ones included, which server.close() alone would wait for), then closes. */
  close(): Promise<void>;
}

/** Listens on 127.0.0.1:port (0 → ephemeral) with the actionable in-use error, tracking connections for close(). */
export async function listenLoopback(server: NetServer, port: number, service: string, envVar?: string): Promise<LoopbackListener> {
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e) => reject(listenError(e, port, service, envVar)));
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : port,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

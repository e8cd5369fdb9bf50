// Attack class "bind addresses" (issue 15): nothing of the local stack is reachable from the network.
// Every listening socket of the shared test stack (its own process, DynamoDB Local's JVM and the
// cognito-local child) is bound to 127.0.0.1, and every port of the stack refuses connections on this
// machine's non-loopback addresses while answering on 127.0.0.1. Only addresses of this machine
// (os.networkInterfaces()) are ever contacted.
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { beforeAll, describe, expect, it } from 'vitest';
import { outputs } from '../support/stack.js';

interface Listener {
  address: string;
  port: number;
  inode: string;
}

/** Listening TCP sockets from /proc/net/tcp and tcp6, addresses decoded. */
function listeners(): Listener[] {
  const out: Listener[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue; // no IPv6 on this kernel
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10 || f[3] !== '0A') continue; // 0A = LISTEN
      const [hex, port] = f[1]!.split(':') as [string, string];
      out.push({ address: decode(hex), port: parseInt(port, 16), inode: f[9]! });
    }
  }
  return out;
}

/** /proc/net hex addresses are 32-bit words in host (little-endian) order. */
function decode(hex: string): string {
  const bytes: number[] = [];
  for (let w = 0; w < hex.length; w += 8) {
    const word = hex.slice(w, w + 8);
    for (let b = 6; b >= 0; b -= 2) bytes.push(parseInt(word.slice(b, b + 2), 16));
  }
  if (bytes.length === 4) return bytes.join('.');
  const v4mapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  if (v4mapped) return `::ffff:${bytes.slice(12).join('.')}`;
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  return groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
}

function allPids(): number[] {
  return readdirSync('/proc').filter((e) => /^\d+$/.test(e)).map(Number);
}

/**
 * The processes of the stack: the one holding the GraphQL endpoint's listening socket (vitest's main
 * process, which ran global-setup; cognito-local runs in one of its threads) and its DynamoDB Local (java) child.
 */
function stackPids(all: Listener[]): number[] {
  const graphqlPort = Number(new URL(outputs().graphql?.url ?? outputs().kms.endpoint).port);
  const wanted = new Set(all.filter((l) => l.port === graphqlPort).map((l) => l.inode));
  const main = allPids().find((pid) => [...socketInodes(pid)].some((i) => wanted.has(i)));
  if (main === undefined) return [];
  const pids = [main];
  for (const pid of allPids()) {
    try {
      const ppid = Number(/^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
      if (ppid !== main) continue;
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (/\bjava\b.*DynamoDB/.test(cmd)) pids.push(pid);
    } catch {
      /* exited meanwhile */
    }
  }
  return pids;
}

function socketInodes(pid: number): Set<string> {
  const inodes = new Set<string>();
  let fds: string[] = [];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return inodes; // exited, or another user's process
  }
  for (const fd of fds) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]!);
    } catch {
      /* closed meanwhile */
    }
  }
  return inodes;
}

/** Every port of the stack, by name, from its outputs. */
function stackPorts(): Map<number, string> {
  const o = outputs();
  const urls: [string, string | undefined][] = [
    ['GraphQL', o.graphql?.url],
    ['GraphQL HTTPS', o.graphql?.httpsUrl],
    ['Cognito', o.cognito.endpoint],
    ['DynamoDB Local', o.dynamodb.endpoint],
    ['KMS', o.kms.endpoint],
    ['Lambda', o.lambda.endpoint],
    ...Object.entries(o.platforms ?? {}).map(([k, v]): [string, string] => [`fake ${k}`, v]),
  ];
  const ports = new Map<number, string>();
  for (const [name, url] of urls) if (url) ports.set(Number(new URL(url).port), name);
  return ports;
}

/** Resolves 'open' when a TCP connection succeeds, else the error code (ECONNREFUSED, ...). */
function tryConnect(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const s = connect({ host, port, timeout: 2000 });
    s.once('connect', () => {
      s.destroy();
      resolve('open');
    });
    s.once('timeout', () => {
      s.destroy();
      resolve('timeout');
    });
    s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
  });
}

const isLoopback = (a: string) => /^127\./.test(a) || a === '::1' || /^::ffff:127\./.test(a);

let stackListeners: Listener[];
beforeAll(() => {
  const all = listeners();
  const pids = stackPids(all);
  expect(pids.length, 'no process holds the GraphQL port: is /proc readable?').toBeGreaterThan(0);
  const inodes = new Set(pids.flatMap((p) => [...socketInodes(p)]));
  stackListeners = all.filter((l) => inodes.has(l.inode));
});

describe('bind addresses', () => {
  it('every listening socket of the stack and its children is bound to 127.0.0.1 (no wildcard, no external address)', () => {
    const ports = stackPorts();
    for (const [port, name] of ports) {
      const own = stackListeners.filter((l) => l.port === port);
      expect(own.length, `${name} (:${port}) should be listening in the stack's processes`).toBeGreaterThan(0);
    }
    const exposed = stackListeners.filter((l) => !isLoopback(l.address)).map((l) => `${ports.get(l.port) ?? 'unnamed'} ${l.address}:${l.port}`);
    expect(exposed, 'listening sockets not bound to loopback').toEqual([]);
    // The stack's named ports are plain IPv4 127.0.0.1 (what /proc/net/tcp shows for listen(port, '127.0.0.1')).
    const notV4 = [...ports].filter(([port]) => !stackListeners.some((l) => l.port === port && l.address === '127.0.0.1')).map(([p, n]) => `${n} :${p}`);
    expect(notV4, 'ports without a 127.0.0.1 listener').toEqual([]);
  });

  it("every port refuses connections on this machine's non-loopback addresses and accepts them on 127.0.0.1", async (ctx) => {
    const addresses = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a && !a.internal && (a.family === 'IPv4' || !a.address.startsWith('fe80')))
      .map((a) => a!.address);
    if (!addresses.length) {
      ctx.skip('this machine has no non-loopback network address to try (os.networkInterfaces() lists only loopback)');
      return;
    }
    // Named ports plus anything else the stack listens on (cognito-local's internal port).
    const ports = new Map(stackPorts());
    for (const l of stackListeners) if (!ports.has(l.port)) ports.set(l.port, `internal :${l.port}`);
    const reachable: string[] = [];
    for (const [port, name] of ports) {
      expect(await tryConnect('127.0.0.1', port), `${name} on 127.0.0.1`).toBe('open');
      for (const address of addresses) {
        const r = await tryConnect(address, port);
        if (r === 'open') reachable.push(`${name} on ${address}:${port}`);
      }
    }
    expect(reachable, 'ports reachable from the network').toEqual([]);
  });
});

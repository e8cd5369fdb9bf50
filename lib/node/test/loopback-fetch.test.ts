import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loopbackFetch } from '../loopback-fetch.js';

let server: Server;
let url: string;
const seen: { method?: string; headers: IncomingMessage['headers']; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method, headers: req.headers, body });
      if (req.url === '/slow') return; // never answers
      res.writeHead(req.url === '/missing' ? 404 : 200, { 'content-type': 'application/json', 'x-multi': ['a', 'b'] });
      res.end(JSON.stringify({ echo: body, path: req.url }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((r) => server.close(r)));

describe('loopbackFetch', () => {
  it('sends the method, headers and body with its length, and reads the whole answer', async () => {
    const body = JSON.stringify({ greeting: '안녕' }); // multi-byte: the length is in bytes
    const r = await loopbackFetch(`${url}/echo?x=1`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-token': 't' }, body });
    expect(r.status).toBe(200);
    expect(r.ok).toBe(true);
    expect(r.headers.get('Content-Type')).toBe('application/json');
    expect(r.headers.get('x-multi')).toBe('a, b');
    expect(r.headers.get('x-absent')).toBeNull();
    const names: string[] = [];
    r.headers.forEach((_v, name) => names.push(name));
    expect(names).toContain('content-type');
    expect(await r.json()).toEqual({ echo: body, path: '/echo?x=1' });
    expect(JSON.parse(Buffer.from(await r.arrayBuffer()).toString('utf8'))).toEqual({ echo: body, path: '/echo?x=1' });
    const req = seen.at(-1)!;
    expect(req.method).toBe('POST');
    expect(req.headers['content-length']).toBe(String(Buffer.byteLength(body)));
    expect(req.headers['transfer-encoding']).toBeUndefined();
    expect(req.headers['x-token']).toBe('t');
  });

  it('answers a 404 as a response, not an error, and a GET without a body', async () => {
    const r = await loopbackFetch(`${url}/missing`);
    expect(r.status).toBe(404);
    expect(r.ok).toBe(false);
    expect(seen.at(-1)).toMatchObject({ method: 'GET', body: '' });
  });

  it('rejects when nothing listens, and when aborted', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    await expect(loopbackFetch(`http://127.0.0.1:${port}/`)).rejects.toThrow(/ECONNREFUSED/);
    await expect(loopbackFetch(`${url}/slow`, { signal: AbortSignal.timeout(50) })).rejects.toThrow(/abort/i);
  });

  it('fails a request whose connection stays silent, instead of waiting forever', async () => {
    await expect(loopbackFetch(`${url}/slow`, { idleTimeoutMs: 100 })).rejects.toThrow(/no answer from .* within 100 ms/);
  });
});

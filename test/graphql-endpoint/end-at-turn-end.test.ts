// Answers ended with endAtTurnEnd leave together at the end of the event-loop turn, in call order, and
// one that fails does not hold back the others.
import { createServer, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { endAtTurnEnd } from '../../local/graphql-endpoint/end-at-turn-end.js';

const servers: ReturnType<typeof createServer>[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

/** A server that holds requests until `count` are in, then answers them all in one synchronous block, in path order. */
async function batchingServer(count: number, answer: (held: ServerResponse[]) => void): Promise<string> {
  const held: { path: string; res: ServerResponse }[] = [];
  const server = createServer((req, res) => {
    held.push({ path: req.url ?? '', res });
    if (held.length === count) answer(held.splice(0).sort((a, b) => a.path.localeCompare(b.path)).map((h) => h.res));
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('endAtTurnEnd', () => {
  it('ends nothing during the turn and every answer at its end, in call order', async () => {
    const seen: string[] = [];
    let during: boolean[] = [];
    const url = await batchingServer(3, (held) => {
      held.forEach((res, i) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.on('finish', () => seen.push(`finish ${i}`));
        endAtTurnEnd(res, `answer ${i}`);
      });
      during = held.map((res) => res.writableEnded);
      setImmediate(() => seen.push(`ended: ${held.map((res) => res.writableEnded).join(',')}`));
    });
    const answers = await Promise.all([get(`${url}0`), get(`${url}1`), get(`${url}2`)]);
    expect(during).toEqual([false, false, false]);
    // The flush was scheduled before the check above, so every answer had ended when it ran.
    expect(seen.filter((s) => s.startsWith('ended'))).toEqual(['ended: true,true,true']);
    expect(seen.filter((s) => s.startsWith('finish'))).toEqual(['finish 0', 'finish 1', 'finish 2']);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers.map((a) => a.body)).toEqual(['answer 0', 'answer 1', 'answer 2']);
  });

  it('still answers the others when one client is gone or one end throws', async () => {
    let destroyedAtTurnEnd: Promise<Error[]> | undefined;
    const url = await batchingServer(2, (held) => {
      const [lost, kept] = held as [ServerResponse, ServerResponse];
      lost.writeHead(200);
      endAtTurnEnd(lost, 'never read');
      lost.socket!.destroy();
      // A response whose end() throws (a state this server cannot reach otherwise) is destroyed.
      const destroyed: Error[] = [];
      const broken = { end: () => { throw new Error('end failed'); }, destroy: (e: Error) => destroyed.push(e) } as unknown as ServerResponse;
      endAtTurnEnd(broken, 'x');
      kept.writeHead(200);
      endAtTurnEnd(kept, 'kept');
      destroyedAtTurnEnd = new Promise((r) => setImmediate(() => r(destroyed)));
    });
    // Path order: /a is the client that goes away, /b the one that must still be answered.
    const lost = get(`${url}a`).catch((e: NodeJS.ErrnoException) => e.code);
    const kept = await get(`${url}b`);
    expect(kept).toEqual({ status: 200, body: 'kept' });
    expect(await lost).toBe('ECONNRESET');
    expect((await destroyedAtTurnEnd)?.map((e) => e.message)).toEqual(['end failed']);
  });
});

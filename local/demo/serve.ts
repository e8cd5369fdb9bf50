// Serves the built demo page under /demo/ with a config.json built from the stack's outputs.
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';

const types: Record<string, string> = { 'index.html': 'text/html; charset=utf-8', 'demo.js': 'text/javascript; charset=utf-8' };

export function demoHandler(dir: string, config: () => Record<string, unknown>) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const name = path === '/demo' || path === '/demo/' ? 'index.html' : path.slice('/demo/'.length);
    if (name === 'config.json') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(config()));
      return;
    }
    const type = types[name];
    if (!type) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
    res.end(await readFile(join(dir, name)));
  };
}

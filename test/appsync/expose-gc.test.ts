// `npm start` runs Node with --expose-gc, which gives every V8 context a `gc` global that cannot be deleted,
// the sandbox's too: its lockdown must still install (it refused every resolver with "cannot remove gc"),
// with `gc` emptied.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const runtime = fileURLToPath(new URL('../../local/resolver-runtime/index.ts', import.meta.url));

describe('the sandbox in a process started with --expose-gc (npm start)', () => {
  it('runs resolver code', () => {
    const code = `
      const { loadCode } = await import(${JSON.stringify(runtime)});
      const resolver = 'export function request(ctx) { return { n: ctx.args.n + 1 }; }\\nexport function response(ctx) { return ctx.result; }\\n';
      const loaded = await loadCode(resolver);
      const out = await loaded.invoke('request', { arguments: { n: 41 } });
      console.log(JSON.stringify({ k: out.k, v: out.v, exception: out.exceptionMessage ?? null, hostGc: typeof globalThis.gc }));
      process.exit(0);
    `;
    // A file, not -e: the static check's worker thread inherits the process's flags, and --input-type with them.
    const dir = mkdtempSync(join(tmpdir(), 'sivera-expose-gc-'));
    const script = join(dir, 'run.mjs');
    writeFileSync(script, code);
    const r = spawnSync(process.execPath, ['--no-node-snapshot', '--expose-gc', '--import', 'tsx', script], { encoding: 'utf8', timeout: 90_000 });
    rmSync(dir, { recursive: true, force: true });
    const line = r.stdout.split('\n').find((l) => l.startsWith('{'));
    expect(line, r.stderr.slice(-2000)).toBeDefined();
    expect(JSON.parse(line!)).toEqual({ k: 'ok', v: { n: 42 }, exception: null, hostGc: 'function' });
  }, 120_000);

});

// Lambda configuration is passed explicitly (issue 19): a function's environment is read in one place,
// its handler module's deployed export `createHandler(configFromEnv(process.env))`; no module below the
// handler reads process.env, and the local stack writes none (several stacks share one process).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lambdas } from '../../api/lambdas.js';
import { root, sourceFiles } from './source-files.js';

// Tests of a Lambda's own modules are not handler code: they may read the environment.
const walk = (dir: string) => sourceFiles(dir, /\.(ts|mts|mjs)$/, new Set(['test', 'node_modules']));
const lambdaDirs = readdirSync(join(root, 'domains'))
  .map((d) => join(root, 'domains', d, 'lambda'))
  .filter((d) => statSync(d, { throwIfNoEntry: false })?.isDirectory());
const files = [...lambdaDirs.flatMap(walk), ...walk(join(root, 'lib', 'node'))].map((p) => ({
  path: relative(root, p),
  // Comments may name process.env.
  code: readFileSync(p, 'utf8').replace(/\/\*[\s\S]*?\*\/|(^|[^:])\/\/.*$/gm, '$1'),
}));

const EDGE = 'export const handler = handlerOnFirstCall(() => createHandler(configFromEnv(process.env)));';
const entries = new Set(Object.values(lambdas).map((d) => d.entry));
/** An assignment to, or deletion from, process.env. */
const ENV_WRITE = /process\.env(\.\w+|\[[^\]]+\])\s*(=[^=]|\?\?=)|delete\s+process\.env|Object\.assign\(\s*process\.env/;

/** Where a source reads or writes process.env, its one permitted deployed export aside. */
export function envUses(code: string): string[] {
  return code.replace(EDGE, '').match(/\bprocess\.env\b.*/g) ?? [];
}

describe('Lambda configuration', () => {
  it('finds the Lambda modules (the scan is not vacuous)', () => {
    for (const entry of entries) expect(files.map((f) => f.path)).toContain(entry);
    expect(files.some((f) => f.path === 'lib/node/credential-crypto.ts')).toBe(true);
  });

  it('each handler module reads its environment once, in its deployed export', () => {
    for (const f of files.filter((x) => entries.has(x.path))) expect(f.code, f.path).toContain(EDGE);
  });

  it('no module below the handlers reads process.env', () => {
    const uses = files.flatMap((f) => envUses(f.code).map((u) => `${f.path}: ${u.trim()}`));
    expect(uses).toEqual([]);
  });

  it('the local stack does not change process.env', () => {
    const stack = readFileSync(join(root, 'local', 'stack.ts'), 'utf8');
    expect(stack).not.toMatch(ENV_WRITE);
  });

  it('the checks see a read and a write (guards the patterns)', () => {
    expect(envUses("const t = process.env.USERS_TABLE;\n" + EDGE)).toEqual(['process.env.USERS_TABLE;']);
    expect(envUses(EDGE)).toEqual([]);
    for (const w of ['process.env[k] = v;', 'delete process.env.AWS_SESSION_TOKEN;', 'Object.assign(process.env, env)']) expect(w).toMatch(ENV_WRITE);
    expect('if (process.env.X === undefined) return;').not.toMatch(ENV_WRITE);
  });
});

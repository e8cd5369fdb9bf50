// The source files the layout tests scan: one walker for all of them.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));

/** What no scan reads: installed, built or generated code and local state. */
export const NOT_SOURCE = new Set(['node_modules', 'dist', 'generated', 'cdk.out', '.local', '.git']);

/** The folders of the project's own code, for scans of the whole repository. */
export const SOURCE_DIRS = ['api', 'domains', 'lib', 'local', 'infra', 'client', 'test', 'bench', 'scripts'];

/** Files under `dir` whose name matches `ext`, skipping folders named in `skip`. */
export function sourceFiles(dir: string, ext: RegExp, skip: ReadonlySet<string> = new Set()): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (skip.has(n)) return [];
    return statSync(p).isDirectory() ? sourceFiles(p, ext, skip) : ext.test(n) ? [p] : [];
  });
}

/** A path relative to the root, with forward slashes. */
export const fromRoot = (p: string): string => relative(root, p).split('\\').join('/');

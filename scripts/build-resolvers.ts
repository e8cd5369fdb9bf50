// Bundles each resolver and pipeline function to one ESM file, as AppSync requires: imports of
// @aws-appsync/* stay external (the runtime provides them), helpers (lib/appsync, domains/*/helpers) are inlined.
import { build, type BuildOptions } from 'esbuild';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Wiring } from '../api/wiring/types.js';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const resolverOutDir = join(root, 'dist', 'resolvers');

/** One bundle: source file (absolute) → output name under the bundle folder, without `.js`. */
export interface ResolverEntry {
  in: string;
  out: string;
}

/** Every resolver and pipeline function of a wiring: Type.field.js, and functions/<name>.js per deployed step. */
export function wiringEntries(wiring: Wiring, base = root): ResolverEntry[] {
  const entries: ResolverEntry[] = [];
  for (const f of wiring.functions) if (f.source) entries.push({ in: join(base, f.source), out: `functions/${f.name}` });
  for (const r of wiring.resolvers) if (r.source) entries.push({ in: join(base, r.source), out: `${r.typeName}.${r.fieldName}` });
  return entries;
}

/** Every .ts file under a folder, named by its path (tests bundle fixture resolvers from a folder of their own). */
export function folderEntries(dir: string): ResolverEntry[] {
  const walk = (d: string): string[] =>
    existsSync(d)
      ? readdirSync(d).flatMap((name) => {
          const path = join(d, name);
          if (statSync(path).isDirectory()) return name === 'lib' ? [] : walk(path);
          return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
        })
      : [];
  return walk(dir).map((path) => ({ in: path, out: relative(dir, path).replace(/\.ts$/, '') }));
}

/**
 * Bundles the API's resolvers and pipeline functions, from the sources under `root` (default: this
 * repository; a test's copy otherwise), into `outDir` (default dist/resolvers/), or every file of `srcDir` when given. Returns the bundles written, relative to outDir.
 */
export async function buildResolvers(opts: { srcDir?: string; outDir?: string; root?: string } = {}): Promise<string[]> {
  const outDir = opts.outDir ?? resolverOutDir;
  rmSync(outDir, { recursive: true, force: true });
  const entries = opts.srcDir ? folderEntries(opts.srcDir) : wiringEntries((await import('../api/wiring/index.js')).wiring, opts.root);
  if (entries.length === 0) return [];
  await build(resolverBuildOptions(entries, outDir));
  return entries.map((e) => `${e.out}.js`);
}

/** The esbuild options of a resolver build (npm start's watcher rebuilds with the same ones). */
export function resolverBuildOptions(entries: ResolverEntry[], outDir: string) {
  return {
    entryPoints: entries,
    outdir: outDir,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2021',
    external: ['@aws-appsync/*'],
    sourcemap: 'inline',
    sourcesContent: false,
    minify: false,
    logLevel: 'silent',
  } satisfies BuildOptions;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const built = await buildResolvers();
  console.log(`built ${built.length} resolver bundles into ${relative(root, resolverOutDir)}/`);
}

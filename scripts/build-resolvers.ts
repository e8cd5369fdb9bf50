// Bundles each resolver and pipeline function to one ESM file, as AppSync requires: imports of
// @aws-appsync/* stay external (the runtime provides them), shared helpers in resolvers/lib are inlined.
import { build, type BuildOptions } from 'esbuild';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const resolverSrcDir = join(root, 'resolvers');
export const resolverOutDir = join(root, 'dist', 'resolvers');

function entries(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'lib' ? [] : entries(path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/**
 * Bundles every resolver under `srcDir` (default resolvers/) into `outDir` (default dist/resolvers/).
 * Tests pass their own folders to bundle fixture resolvers exactly like the real ones.
 */
export async function buildResolvers(opts: { srcDir?: string; outDir?: string } = {}): Promise<string[]> {
  const srcDir = opts.srcDir ?? resolverSrcDir;
  const outDir = opts.outDir ?? resolverOutDir;
  rmSync(outDir, { recursive: true, force: true });
  const files = entries(srcDir);
  if (files.length === 0) return [];
  await build(resolverBuildOptions(files, srcDir, outDir));
  return files.map((f) => relative(srcDir, f));
}

/** The esbuild options of a resolver build (npm start's watcher rebuilds with the same ones). */
export function resolverBuildOptions(files: string[], srcDir: string, outDir: string) {
  return {
    entryPoints: files,
    outdir: outDir,
    outbase: srcDir,
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

export { entries as resolverEntries };

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const built = await buildResolvers();
  console.log(`built ${built.length} resolver bundles into ${relative(root, resolverOutDir)}/`);
}

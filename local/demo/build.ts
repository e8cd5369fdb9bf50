// Bundles the demo page for the browser (the typed client, Cognito SDK and graphql printer included).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

export async function buildDemo(outDir: string): Promise<string> {
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: [join(here, 'page.ts')],
    outfile: join(outDir, 'demo.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    logLevel: 'silent',
  });
  copyFileSync(join(here, 'index.html'), join(outDir, 'index.html'));
  return outDir;
}

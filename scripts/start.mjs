// `npm start` runs this with plain Node (no tsx: no transpiler in the stack's process, no wrapper process,
// no esbuild service left running). It runs local/start.ts precompiled: one ESM bundle of local/ and the
// project code it imports (dependencies stay in node_modules), rebuilt with esbuild only when a source
// file changed (paths, sizes and mtimes of local/, api/, domains/, lib/, infra/, scripts/ and the lock
// file), which takes about a second. Every module keeps its own import.meta.url, so files it finds next
// to itself (cognito-worker.mjs, the DynamoDB launcher's source, the sandbox realm) are found as before.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { fingerprint } from './fingerprint.mjs';

// esbuild's synchronous API (the sandbox bundles its realm with buildSync) otherwise keeps a worker thread
// and an esbuild service process alive for the life of the stack (~25 MB together); with worker threads
// off it runs one short-lived esbuild process per call. Set before anything loads esbuild.
process.env.ESBUILD_WORKER_THREADS = '0';
const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = join(root, 'dist', 'stack');
const entry = join(outDir, 'start.js');
const marker = join(outDir, '.fingerprint');
const sources = ['local', 'api', 'domains', 'lib', 'infra', 'scripts', 'package-lock.json', 'tsconfig.json'].map((r) => join(root, r));

/** Replaces import.meta.url in the project's own modules with their source file's URL. */
const keepImportMetaUrl = {
  name: 'keep-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.(ts|mts|js|mjs)$/ }, (args) => {
      if (args.path.includes(`${join('/', 'node_modules', '/')}`) || !args.path.startsWith(root)) return undefined;
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const ext = extname(args.path);
      return {
        contents: text.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)),
        loader: ext === '.ts' || ext === '.mts' ? 'ts' : 'js',
      };
    });
  },
};

// graphql goes into the bundle (its ESM build): from node_modules it is ~135 CommonJS files, which took
// ~370 ms of the main thread at start (measured with --cpu-prof, the JVM and Cognito starting beside it;
// ~90 ms on an idle machine), against ~35 ms for the bundled module. No package the stack loads from
// node_modules imports graphql, so this stays the process's only copy (graphql refuses objects of a second).
const bundleGraphql = {
  name: 'bundle-graphql',
  setup(b) {
    b.onResolve({ filter: /^graphql(\/.*)?$/ }, (args) => {
      const sub = args.path.slice('graphql/'.length).replace(/\.m?js$/, '') || 'index';
      return { path: join(root, 'node_modules', 'graphql', `${sub}.mjs`) };
    });
  },
};

async function rebuild(want) {
  const esbuild = await import('esbuild');
  const tmp = `${outDir}.${process.pid}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  try {
    await esbuild.build({
      entryPoints: { start: join(root, 'local', 'start.ts') },
      outdir: tmp,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      chunkNames: 'chunks/[name]-[hash]',
      sourcemap: true,
      logLevel: 'silent',
      plugins: [keepImportMetaUrl, bundleGraphql],
    });
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    const lines = (e.errors ?? []).map((x) => `  ${x.location ? `${x.location.file}:${x.location.line}:${x.location.column}: ` : ''}${x.text}`);
    process.stderr.write(`\nnpm start: the local stack's sources do not compile:\n${lines.length ? lines.join('\n') : `  ${e.message}`}\n`);
    process.exit(1);
  } finally {
    await esbuild.stop();
  }
  writeFileSync(join(tmp, '.fingerprint'), `${want}\n`);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(join(root, 'dist'), { recursive: true });
  renameSync(tmp, outDir);
}

const want = fingerprint(sources, `${process.version}\n`);
let have;
try {
  have = existsSync(entry) ? readFileSync(marker, 'utf8').trim() : undefined;
} catch {
  have = undefined;
}
if (have !== want) await rebuild(want);
await import(pathToFileURL(entry).href);

// Cheap "did these inputs change?" checks for what `npm start` would otherwise rebuild on every start
// (the resolver bundles, the demo page, the stack's own precompiled bundle): a hash of the path, size
// and modification time of every file under the given roots. Plain JavaScript: scripts/start.mjs runs
// with Node alone (no transpiler) and shares it with the TypeScript side (types in fingerprint.d.mts).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SKIP = new Set(['node_modules', '.git', 'dist', '.local', 'cdk.out']);

/** Hash of (path, size, mtime) of every file under `roots` (files or directories; absent ones count as absent). */
export function fingerprint(roots, extra = '') {
  const h = createHash('sha256').update(extra);
  const walk = (p) => {
    let st;
    try {
      st = statSync(p);
    } catch {
      h.update(`${p}:absent\n`);
      return;
    }
    if (st.isDirectory()) {
      for (const name of readdirSync(p).sort()) if (!SKIP.has(name)) walk(join(p, name));
    } else h.update(`${p}:${st.size}:${st.mtimeMs}\n`);
  };
  for (const r of roots) walk(r);
  return h.digest('hex');
}

export function readFingerprint(file) {
  try {
    return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
  } catch {
    return undefined;
  }
}

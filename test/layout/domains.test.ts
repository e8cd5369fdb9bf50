// The layout is the architecture (docs/ARCHITECTURE.md): a domain's folder holds everything that serves
// its fields, domains meet only through lib/, and every resolver or pipeline file is one the wiring deploys.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { domains, wiring } from '../../api/wiring/index.js';
import { fromRoot, root, sourceFiles } from './source-files.js';

const walk = (dir: string) => sourceFiles(dir, /\.(ts|mts|mjs)$/);

/** Every relative import of the files under `dir`, as [importing file, imported path], both from the root. */
export function relativeImports(dir: string): [string, string][] {
  return walk(join(root, dir)).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*)'(\.{1,2}\/[^']+)'/g)].map(
      (m): [string, string] => [fromRoot(file), fromRoot(resolve(dirname(file), m[1]!))],
    ),
  );
}

/** Imports that cross a domain boundary: into another domain, or from lib/ into any domain. */
export function crossings(imports: [string, string][]): string[] {
  return imports
    .filter(([from, to]) => {
      const [top, domain] = to.split('/');
      if (top !== 'domains') return false;
      const [fromTop, fromDomain] = from.split('/');
      return fromTop !== 'domains' || fromDomain !== domain;
    })
    .map(([from, to]) => `${from} -> ${to}`);
}

describe('one folder per domain', () => {
  it('each domain wiring lives in its own folder, and the folders are exactly the domains', () => {
    expect(readdirSync(join(root, 'domains')).sort()).toEqual(domains.map((d) => d.domain).sort());
    for (const d of domains) expect(existsSync(join(root, 'domains', d.domain, 'wiring.ts'))).toBe(true);
  });

  it('no domain imports another, and lib/ imports no domain', () => {
    const imports = [...relativeImports('domains'), ...relativeImports('lib')];
    expect(imports.length).toBeGreaterThan(100);
    expect(crossings(imports)).toEqual([]);
  });

  it('the check sees a crossing', () => {
    expect(
      crossings([
        ['domains/sync/lambda/engine.ts', 'domains/credentials/lambda/operations'],
        ['lib/node/logger.ts', 'domains/sync/lambda/store'],
        ['domains/sync/lambda/engine.ts', 'domains/sync/lambda/store'],
        ['domains/sync/lambda/engine.ts', 'lib/node/logger'],
      ]),
    ).toEqual(['domains/sync/lambda/engine.ts -> domains/credentials/lambda/operations', 'lib/node/logger.ts -> domains/sync/lambda/store']);
  });

  it('every resolver and pipeline function file is deployed by the wiring, and every wired source exists', () => {
    const wired = new Set([...wiring.resolvers, ...wiring.functions].map((x) => x.source!));
    for (const s of wired) expect(existsSync(join(root, s)), s).toBe(true);
    const files = [...walk(join(root, 'domains')), ...walk(join(root, 'lib', 'appsync', 'pipeline'))]
      .map(fromRoot)
      .filter((f) => /\/(resolvers|pipeline)\/[^/]+\.ts$/.test(f) && !f.endsWith('/wiring.ts'));
    expect(files.length).toBeGreaterThan(60);
    expect(files.filter((f) => !wired.has(f))).toEqual([]);
  });
});

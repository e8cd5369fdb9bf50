// Generated types everywhere a schema type is meant: no source file spells out one of the schema's enums
// (Platform, SyncState, CampaignStatus, ...) as its own union of string literals; it imports the generated
// type from api/generated/schema-types.ts instead.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromRoot, NOT_SOURCE, root, SOURCE_DIRS, sourceFiles } from './source-files.js';


/** The generated enums: `export type Name =\n  | 'A'\n  | 'B';` → Name → sorted values. */
export function generatedEnums(source: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of source.matchAll(/export type (\w+) =((?:\s*\|\s*'[A-Z0-9_]+')+);/g)) {
    out.set([...m[2]!.matchAll(/'([A-Z0-9_]+)'/g)].map((v) => v[1]).sort().join('|'), m[1]!);
  }
  return out;
}

/** The schema enums a source file re-declares as a union of string literals. */
export function handWrittenEnums(source: string, enums: Map<string, string>): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(/['"][A-Z0-9_]+['"](?:\s*\|\s*['"][A-Z0-9_]+['"])+/g)) {
    const key = [...m[0].matchAll(/['"]([A-Z0-9_]+)['"]/g)].map((v) => v[1]).sort().join('|');
    const name = enums.get(key);
    if (name) found.push(name);
  }
  return found;
}

// The scans' own fixtures.
const FIXTURES = new Set(['test/layout/generated-types.test.ts', 'test/layout/platforms.test.ts']);
const enums = generatedEnums(readFileSync(join(root, 'api/generated/schema-types.ts'), 'utf8'));

describe('generated schema types', () => {
  it('the generated enums are found', () => {
    expect([...enums.values()]).toEqual(expect.arrayContaining(['Platform', 'SyncState', 'CampaignStatus', 'AccountStatus', 'TeamRole']));
  });

  it('no source file re-declares a schema enum', () => {
    const files = SOURCE_DIRS.flatMap((d) => sourceFiles(join(root, d), /\.(ts|mts|tsx)$/, NOT_SOURCE));
    expect(files.length).toBeGreaterThan(300);
    const copies = files
      .map(fromRoot)
      .filter((f) => !FIXTURES.has(f))
      .flatMap((f) => handWrittenEnums(readFileSync(join(root, f), 'utf8'), enums).map((e) => `${f}: ${e}`));
    expect(copies).toEqual([]);
  });

  it('the scan sees a re-declared enum in any order, and not a different set', () => {
    expect(handWrittenEnums(`export type SyncState = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'PARTIAL' | 'FAILED';`, enums)).toEqual(['SyncState']);
    expect(handWrittenEnums(`type P = "KAKAO" | 'META' | 'NAVER' | 'GOOGLE_ADS';`, enums)).toEqual(['Platform']);
    expect(handWrittenEnums(`state: 'ACTIVE' | 'PAUSED' | 'REMOVED' | 'ENDED' | 'BUDGET_LIMITED';`, enums)).toEqual([]);
    expect(handWrittenEnums(`status: 'active' | 'inactive';`, enums)).toEqual([]);
  });
});

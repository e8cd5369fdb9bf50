// One platform list (api/platforms.ts): it is the schema's Platform enum, and no other source file spells
// the list out again (a fifth platform then means one edit plus what tsc points at).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isPlatform, PLATFORMS } from '../../api/platforms.js';
import { enumValues, loadSchema } from '../../infra/wiring-plan.js';
import { fromRoot, NOT_SOURCE, root, SOURCE_DIRS, sourceFiles } from './source-files.js';


/** Four quoted platform names in a row, joined by commas (an array) or bars (a union type). */
const NAME = `['"](?:GOOGLE_ADS|META|NAVER|KAKAO)['"]`;
const LIST = new RegExp(`${NAME}(?:\\s*[,|]\\s*${NAME}){3}`);
export const spellsOutPlatforms = (source: string) => LIST.test(source);

// Assertions that pin the expected list on their own (the KMS condition, the schema enum), so they
// would catch a wrong PLATFORMS instead of following it; and the layout scans' own fixtures.
const PINNED = new Set(['api/platforms.ts', 'test/infra/stack.test.ts', 'test/infra/wiring-plan.test.ts', 'test/layout/platforms.test.ts', 'test/layout/generated-types.test.ts']);

describe('the platform list', () => {
  it('is the schema enum, in schema order', () => {
    expect([...PLATFORMS]).toEqual(enumValues(loadSchema(root), 'Platform'));
    expect(PLATFORMS.every(isPlatform)).toBe(true);
    expect([undefined, null, 1, 'google_ads', 'TIKTOK', ''].some(isPlatform)).toBe(false);
  });

  it('is written in one place', () => {
    const files = SOURCE_DIRS.flatMap((d) => sourceFiles(join(root, d), /\.(ts|mts|mjs|tsx)$/, NOT_SOURCE));
    expect(files.length).toBeGreaterThan(300);
    const copies = files.map(fromRoot).filter((f) => !PINNED.has(f) && spellsOutPlatforms(readFileSync(join(root, f), 'utf8')));
    expect(copies).toEqual([]);
  });

  it('the scan sees a copy, as an array or a union, in any order', () => {
    expect(spellsOutPlatforms(`const PLATFORMS: Platform[] = ['GOOGLE_ADS', 'META', 'NAVER', 'KAKAO'];`)).toBe(true);
    expect(spellsOutPlatforms(`export type PlatformName = 'KAKAO' | 'META' | 'NAVER' | "GOOGLE_ADS";`)).toBe(true);
    expect(spellsOutPlatforms(`const FIXED: Record<Platform, string> = { GOOGLE_ADS: 'a', META: 'b', NAVER: 'c', KAKAO: 'd' };`)).toBe(false);
    expect(spellsOutPlatforms(`if (p === 'NAVER' || p === 'KAKAO')`)).toBe(false);
  });
});

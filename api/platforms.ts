// The ad platforms, as one runtime list of the schema's Platform enum (codegen emits enums as string
// unions, so there is no runtime value to derive it from). Read by the APPSYNC_JS resolvers (esbuild
// bundles it in), the Lambdas, the adapters and the local stack's fakes and demo data.
import type { Platform } from './generated/schema-types';

export const PLATFORMS = ['GOOGLE_ADS', 'META', 'NAVER', 'KAKAO'] as const satisfies readonly Platform[];

/** `true` only while PLATFORMS names every Platform: tsc fails on the line below when schema.graphql gains one. */
export type PlatformsCoverSchema = [Exclude<Platform, (typeof PLATFORMS)[number]>] extends [never] ? true : false;
export const platformsCoverSchema: PlatformsCoverSchema = true;

/** Narrows a string (an event field, a decoded syncId) to a Platform. */
export function isPlatform(v: unknown): v is Platform {
  return typeof v === 'string' && PLATFORMS.indexOf(v as Platform) >= 0;
}

// Pipeline functions every domain may put in its pipelines (code beside this file).
import type { PipelineFunctionSpec } from '../../../api/wiring/types.js';

export const sharedFunctions = {
  // First step of every pipeline on owner data; contract in authorizeOwner.ts and docs/ARCHITECTURE.md.
  authorizeOwner: { dataSource: 'teamsTableRead' },
} as const satisfies Record<string, PipelineFunctionSpec>;

export type SharedFunctionName = keyof typeof sharedFunctions;

// The flat wiring of the whole API, from the shared pipeline functions and each domain's declarations.
import type { DomainWiring, FunctionDef, PipelineFunctionSpec, ResolverDef, Wiring } from './types.js';
import { dataSources } from './data-sources.js';
import { sharedFunctions, type SharedFunctionName } from '../../lib/appsync/pipeline/wiring.js';
import { usersTeams } from '../../domains/users-teams/wiring.js';
import { configsCampaigns } from '../../domains/configs-campaigns/wiring.js';
import { credentials } from '../../domains/credentials/wiring.js';
import { sync } from '../../domains/sync/wiring.js';

export type * from './types.js';

const sharedFolder = 'lib/appsync';
/** Each domain's own declarations (domains/<domain>/wiring.ts). */
export const domains: DomainWiring<string, SharedFunctionName>[] = [usersTeams, configsCampaigns, credentials, sync];

/** The deployed names of one declared function: itself, or <name>1..<name>N for a repeated step. */
function stepNames(name: string, spec: PipelineFunctionSpec): string[] {
  return spec.steps ? Array.from({ length: spec.steps }, (_, i) => `${name}${i + 1}`) : [name];
}

function functionDefs(folder: string, specs: Record<string, PipelineFunctionSpec>): FunctionDef[] {
  return Object.entries(specs).flatMap(([name, spec]) =>
    stepNames(name, spec).map((deployed) => ({ name: deployed, dataSource: spec.dataSource, source: `${folder}/pipeline/${name}.ts` })),
  );
}

const allSpecs: Record<string, PipelineFunctionSpec> = Object.assign({}, sharedFunctions, ...domains.map((d) => d.functions));

export const wiring: Wiring = {
  dataSources,
  functions: [functionDefs(sharedFolder, sharedFunctions), ...domains.map((d) => functionDefs(`domains/${d.domain}`, d.functions))].flat(),
  resolvers: domains.flatMap((d) =>
    d.resolvers.map((r): ResolverDef => {
      const source = `domains/${d.domain}/resolvers/${r.typeName}.${r.fieldName}.ts`;
      if (r.kind === 'UNIT') return { ...r, source };
      return { ...r, functions: r.functions.flatMap((f) => stepNames(f, allSpecs[f]!)), source };
    }),
  ),
};

// Users, teams and invitations (issue 5), plus authorizeOwner, the pipeline function every owner-data
// pipeline (configs, credentials, campaigns, sync) starts with. Reads use read-only data sources.
import type { FunctionDef, ResolverDef } from './types.js';

export const functions: FunctionDef[] = [
  { name: 'authorizeOwner', dataSource: 'teamsTableRead' },
];

export const resolvers: ResolverDef[] = [];

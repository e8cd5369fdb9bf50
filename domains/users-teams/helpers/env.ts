// Physical table names from ctx.env (api/tables.ts tableEnv): transactions and batch operations name
// tables explicitly, unlike single-item operations that use the data source's table.
import { internalError } from '../../../lib/appsync/errors';

export type TableEnvVar =
  | 'USERS_TABLE'
  | 'TEAMS_TABLE'
  | 'PLATFORM_CONFIGS_TABLE'
  | 'PLATFORM_CREDENTIALS_TABLE'
  | 'CAMPAIGNS_TABLE';

export function tableFromEnv(env: Record<string, string | undefined>, name: TableEnvVar): string {
  const table = env[name];
  if (!table) {
    return internalError(`${name} is not configured`);
  }
  return table;
}

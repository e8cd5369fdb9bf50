// Platform configs, connected accounts and campaign reads (issue 6): direct DynamoDB APPSYNC_JS
// pipelines, each starting with authorizeOwner (declared by users-teams). No Lambda on these paths.
// Reads use the read-only data sources; only config mutations get the writable configs table.
import type { FunctionDef, ResolverDef } from './types.js';

const ACCOUNT_STEPS = ['listPlatformAccounts1', 'listPlatformAccounts2', 'listPlatformAccounts3', 'listPlatformAccounts4'];
const CAMPAIGN_STEPS = ['listCampaignsPage1', 'listCampaignsPage2', 'listCampaignsPage3', 'listCampaignsPage4', 'listCampaignsPage5'];

export const functions: FunctionDef[] = [
  { name: 'getPlatformConfigSet', dataSource: 'platformConfigsTableRead' },
  { name: 'ensurePlatformConfigSet', dataSource: 'platformConfigsTable' },
  { name: 'putPlatformConfig', dataSource: 'platformConfigsTable' },
  { name: 'updatePlatformConfigEntry', dataSource: 'platformConfigsTable' },
  { name: 'setCurrentPlatformConfigId', dataSource: 'platformConfigsTable' },
  { name: 'removePlatformConfig', dataSource: 'platformConfigsTable' },
  { name: 'removeCurrentPlatformConfig', dataSource: 'platformConfigsTable' },
  ...ACCOUNT_STEPS.map((name) => ({ name, dataSource: 'platformCredentialsTableRead' })),
  { name: 'listCampaignAccounts', dataSource: 'platformCredentialsTableRead' },
  ...CAMPAIGN_STEPS.map((name) => ({ name, dataSource: 'campaignsTableRead' })),
  { name: 'getCampaign', dataSource: 'campaignsTableRead' },
];

function pipeline(typeName: string, fieldName: string, steps: string[]): ResolverDef {
  return { typeName, fieldName, kind: 'PIPELINE', functions: ['authorizeOwner', ...steps] };
}

export const resolvers: ResolverDef[] = [
  pipeline('Query', 'platformConfigs', ['getPlatformConfigSet']),
  pipeline('Mutation', 'createPlatformConfig', ['ensurePlatformConfigSet', 'putPlatformConfig']),
  pipeline('Mutation', 'updatePlatformConfig', ['updatePlatformConfigEntry']),
  pipeline('Mutation', 'setCurrentPlatformConfig', ['setCurrentPlatformConfigId']),
  pipeline('Mutation', 'deletePlatformConfig', ['removePlatformConfig', 'removeCurrentPlatformConfig']),
  pipeline('Query', 'platformAccounts', ACCOUNT_STEPS),
  pipeline('Query', 'campaigns', ['listCampaignAccounts', ...CAMPAIGN_STEPS]),
  pipeline('Query', 'campaign', ['getCampaign']),
  // Filters the daily map the parent Campaign carries; no data-source call.
  { typeName: 'Campaign', fieldName: 'daily', kind: 'UNIT', dataSource: 'none' },
];

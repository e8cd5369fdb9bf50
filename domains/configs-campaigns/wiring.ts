// Platform configs, connected accounts and campaign reads (issue 6): direct DynamoDB APPSYNC_JS
// pipelines, each starting with the shared authorizeOwner. No Lambda on these paths.
// Reads use the read-only data sources; only config mutations get the writable configs table.
import { PLATFORMS } from '../../api/platforms.js';
import type { DomainWiring, FieldResolverSpec } from '../../api/wiring/types.js';
import type { SharedFunctionName } from '../../lib/appsync/pipeline/wiring.js';

const functions = {
  getPlatformConfigSet: { dataSource: 'platformConfigsTableRead' },
  ensurePlatformConfigSet: { dataSource: 'platformConfigsTable' },
  putPlatformConfig: { dataSource: 'platformConfigsTable' },
  updatePlatformConfigEntry: { dataSource: 'platformConfigsTable' },
  setCurrentPlatformConfigId: { dataSource: 'platformConfigsTable' },
  removePlatformConfig: { dataSource: 'platformConfigsTable' },
  removeCurrentPlatformConfig: { dataSource: 'platformConfigsTable' },
  // One platform's partition per step.
  listPlatformAccounts: { dataSource: 'platformCredentialsTableRead', steps: PLATFORMS.length },
  listCampaignAccounts: { dataSource: 'platformCredentialsTableRead' },
  // One DynamoDB Query per step until the page is full (helpers/campaign-page.ts).
  listCampaignsPage: { dataSource: 'campaignsTableRead', steps: 5 },
  getCampaign: { dataSource: 'campaignsTableRead' },
} as const;

type Step = keyof typeof functions | SharedFunctionName;

const resolvers: FieldResolverSpec<Step>[] = [
  { typeName: 'Query', fieldName: 'platformConfigs', kind: 'PIPELINE', functions: ['authorizeOwner', 'getPlatformConfigSet'] },
  { typeName: 'Mutation', fieldName: 'createPlatformConfig', kind: 'PIPELINE', functions: ['authorizeOwner', 'ensurePlatformConfigSet', 'putPlatformConfig'] },
  { typeName: 'Mutation', fieldName: 'updatePlatformConfig', kind: 'PIPELINE', functions: ['authorizeOwner', 'updatePlatformConfigEntry'] },
  { typeName: 'Mutation', fieldName: 'setCurrentPlatformConfig', kind: 'PIPELINE', functions: ['authorizeOwner', 'setCurrentPlatformConfigId'] },
  { typeName: 'Mutation', fieldName: 'deletePlatformConfig', kind: 'PIPELINE', functions: ['authorizeOwner', 'removePlatformConfig', 'removeCurrentPlatformConfig'] },
  { typeName: 'Query', fieldName: 'platformAccounts', kind: 'PIPELINE', functions: ['authorizeOwner', 'listPlatformAccounts'] },
  { typeName: 'Query', fieldName: 'campaigns', kind: 'PIPELINE', functions: ['authorizeOwner', 'listCampaignAccounts', 'listCampaignsPage'] },
  { typeName: 'Query', fieldName: 'campaign', kind: 'PIPELINE', functions: ['authorizeOwner', 'getCampaign'] },
  // Filters the daily map the parent Campaign carries; no data-source call.
  { typeName: 'Campaign', fieldName: 'daily', kind: 'UNIT', dataSource: 'none' },
];

export const configsCampaigns: DomainWiring<keyof typeof functions, SharedFunctionName> = { domain: 'configs-campaigns', functions, resolvers };

import type { Wiring } from './types.js';
import { dataSources } from './data-sources.js';
import * as usersTeams from './users-teams.js';
import * as configsCampaigns from './configs-campaigns.js';
import * as credentials from './credentials.js';
import * as sync from './sync.js';

export type * from './types.js';

const parts = [usersTeams, configsCampaigns, credentials, sync];

export const wiring: Wiring = {
  dataSources,
  // A function shared by several parts (authorizeOwner) is declared once, by users-teams.
  functions: parts.flatMap((p) => p.functions),
  resolvers: parts.flatMap((p) => p.resolvers),
};

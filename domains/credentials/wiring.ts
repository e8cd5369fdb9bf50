// Credentials: three owner-only mutations, each a unit resolver on the credentials Lambda (KMS
// encryption happens there; no pipeline: the owner is the caller, so there is no team check).
// platformAccounts (the read side) belongs to configs-campaigns.
import type { DomainWiring, FieldResolverSpec } from '../../api/wiring/types.js';
import type { SharedFunctionName } from '../../lib/appsync/pipeline/wiring.js';

const resolvers: FieldResolverSpec<never>[] = [
  { typeName: 'Mutation', fieldName: 'connectPlatformAccount', kind: 'UNIT', dataSource: 'credentialsFunction' },
  { typeName: 'Mutation', fieldName: 'disconnectPlatformAccount', kind: 'UNIT', dataSource: 'credentialsFunction' },
  { typeName: 'Mutation', fieldName: 'setPlatformAccountStatus', kind: 'UNIT', dataSource: 'credentialsFunction' },
];

export const credentials: DomainWiring<never, SharedFunctionName> = { domain: 'credentials', functions: {}, resolvers };

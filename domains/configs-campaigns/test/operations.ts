// GraphQL documents of the configs / accounts / campaigns operations, shared by their tests.
export const CREATE = `mutation($input: CreatePlatformConfigInput!) {
  createPlatformConfig(input: $input) { configId name settings createdAt updatedAt } }`;
export const UPDATE = `mutation($input: UpdatePlatformConfigInput!) {
  updatePlatformConfig(input: $input) { configId name settings createdAt updatedAt } }`;
export const SET_CURRENT = `mutation($platform: Platform!, $configId: ID!, $ownerId: ID) {
  setCurrentPlatformConfig(platform: $platform, configId: $configId, ownerId: $ownerId) { ownerId platform currentConfigId configs { configId } } }`;
export const DELETE = `mutation($platform: Platform!, $configId: ID!, $ownerId: ID) {
  deletePlatformConfig(platform: $platform, configId: $configId, ownerId: $ownerId) }`;
export const LIST = `query($platform: Platform!, $ownerId: ID) {
  platformConfigs(platform: $platform, ownerId: $ownerId) { ownerId platform currentConfigId updatedAt configs { configId name settings createdAt updatedAt } } }`;
export const ACCOUNTS = `query($platform: Platform, $ownerId: ID) {
  platformAccounts(platform: $platform, ownerId: $ownerId) { ownerId platform accountId displayName status statusReason createdAt lastSyncAt } }`;
export const CAMPAIGNS = `query($platform: Platform!, $accountId: ID, $ownerId: ID, $status: CampaignStatus, $limit: Int, $nextToken: String) {
  campaigns(platform: $platform, accountId: $accountId, ownerId: $ownerId, status: $status, limit: $limit, nextToken: $nextToken) {
    items { campaignId accountId ownerId platform status updatedAt } nextToken } }`;
export const CAMPAIGN = `query($platform: Platform!, $accountId: ID!, $campaignId: ID!, $ownerId: ID, $from: AWSDate, $to: AWSDate) {
  campaign(platform: $platform, accountId: $accountId, campaignId: $campaignId, ownerId: $ownerId) {
    campaignId ownerId platform accountId name status rawStatus objective budgetMicros currency startDate endDate updatedAt
    metrics { impressions clicks costMicros conversions conversionValueMicros from to }
    daily(from: $from, to: $to) { date impressions clicks costMicros conversions conversionValueMicros vatIncluded provisional } } }`;

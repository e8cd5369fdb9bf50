import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  AWSDate: { input: string; output: string; }
  AWSDateTime: { input: string; output: string; }
  AWSEmail: { input: string; output: string; }
  AWSIPAddress: { input: string; output: string; }
  AWSJSON: { input: string; output: string; }
  AWSPhone: { input: string; output: string; }
  AWSTime: { input: string; output: string; }
  AWSTimestamp: { input: number; output: number; }
  AWSURL: { input: string; output: string; }
};

export type AccountStatus =
  | 'ACTIVE'
  | 'INACTIVE';

export type Campaign = {
  __typename?: 'Campaign';
  accountId: Scalars['ID']['output'];
  budgetMicros?: Maybe<Scalars['Float']['output']>;
  campaignId: Scalars['ID']['output'];
  currency?: Maybe<Scalars['String']['output']>;
  daily: Array<DailyMetric>;
  endDate?: Maybe<Scalars['AWSDate']['output']>;
  metrics?: Maybe<CampaignMetrics>;
  name: Scalars['String']['output'];
  objective?: Maybe<Scalars['String']['output']>;
  ownerId: Scalars['ID']['output'];
  platform: Platform;
  rawStatus?: Maybe<Scalars['String']['output']>;
  startDate?: Maybe<Scalars['AWSDate']['output']>;
  status: CampaignStatus;
  updatedAt: Scalars['AWSDateTime']['output'];
};


export type CampaignDailyArgs = {
  from?: InputMaybe<Scalars['AWSDate']['input']>;
  to?: InputMaybe<Scalars['AWSDate']['input']>;
};

export type CampaignConnection = {
  __typename?: 'CampaignConnection';
  items: Array<Campaign>;
  nextToken?: Maybe<Scalars['String']['output']>;
};

export type CampaignMetrics = {
  __typename?: 'CampaignMetrics';
  clicks: Scalars['Float']['output'];
  /** null with conversions. */
  conversionValueMicros?: Maybe<Scalars['Float']['output']>;
  /** null = unknown: the platform reported no conversions for some day in the range (e.g. a Kakao account without a pixel/SDK conversion report). Never a made-up 0. */
  conversions?: Maybe<Scalars['Float']['output']>;
  costMicros: Scalars['Float']['output'];
  from?: Maybe<Scalars['AWSDate']['output']>;
  impressions: Scalars['Float']['output'];
  to?: Maybe<Scalars['AWSDate']['output']>;
};

export type CampaignStatus =
  | 'ACTIVE'
  | 'ENDED'
  | 'PAUSED'
  | 'REMOVED'
  | 'UNKNOWN';

export type ConnectPlatformAccountInput = {
  accountId: Scalars['ID']['input'];
  /** Write-only: per-platform keys (camelCase), encrypted with KMS and never returned. */
  credentials: Scalars['AWSJSON']['input'];
  displayName?: InputMaybe<Scalars['String']['input']>;
  platform: Platform;
};

export type CreatePlatformConfigInput = {
  /** Make the new config the current one (default: only when there is no current config). */
  makeCurrent?: InputMaybe<Scalars['Boolean']['input']>;
  name: Scalars['String']['input'];
  ownerId?: InputMaybe<Scalars['ID']['input']>;
  platform: Platform;
  settings: Scalars['AWSJSON']['input'];
};

export type DailyMetric = {
  __typename?: 'DailyMetric';
  clicks: Scalars['Float']['output'];
  /** null with conversions. */
  conversionValueMicros?: Maybe<Scalars['Float']['output']>;
  /** null = unknown: the platform reported no conversions for the day. Never a made-up 0. */
  conversions?: Maybe<Scalars['Float']['output']>;
  costMicros: Scalars['Float']['output'];
  /** Date in the account's time zone. */
  date: Scalars['AWSDate']['output'];
  impressions: Scalars['Float']['output'];
  provisional: Scalars['Boolean']['output'];
  vatIncluded: Scalars['Boolean']['output'];
};

export type Invitation = {
  __typename?: 'Invitation';
  email: Scalars['AWSEmail']['output'];
  invitedAt: Scalars['AWSDateTime']['output'];
  invitedBy: Scalars['ID']['output'];
  role: TeamRole;
  teamId: Scalars['ID']['output'];
  teamName: Scalars['String']['output'];
};

export type Mutation = {
  __typename?: 'Mutation';
  acceptInvitation: Team;
  changeMemberRole: TeamMember;
  connectPlatformAccount: PlatformAccount;
  createPlatformConfig: PlatformConfig;
  createTeam: Team;
  declineInvitation: Scalars['ID']['output'];
  deletePlatformConfig: Scalars['ID']['output'];
  deleteTeam: Scalars['ID']['output'];
  /** Deletes the account's stored credentials (the only copy of the secret). Owner only. The account's campaigns are kept and still readable with campaigns(platform, accountId), but are no longer synced and drop out of the all-accounts listing; re-connecting the same accountId resumes syncing. */
  disconnectPlatformAccount: Scalars['ID']['output'];
  inviteMember: Invitation;
  leaveTeam: Scalars['ID']['output'];
  /** Backend only: the sync function reports progress here (IAM). */
  publishSyncStatus?: Maybe<SyncStatus>;
  removeMember: Scalars['ID']['output'];
  setCurrentPlatformConfig: PlatformConfigSet;
  setPlatformAccountStatus: PlatformAccount;
  syncCampaigns: SyncStatus;
  updateMe: User;
  updatePlatformConfig: PlatformConfig;
  updateTeam: Team;
};


export type MutationAcceptInvitationArgs = {
  teamId: Scalars['ID']['input'];
};


export type MutationChangeMemberRoleArgs = {
  role: TeamRole;
  teamId: Scalars['ID']['input'];
  userId: Scalars['ID']['input'];
};


export type MutationConnectPlatformAccountArgs = {
  input: ConnectPlatformAccountInput;
};


export type MutationCreatePlatformConfigArgs = {
  input: CreatePlatformConfigInput;
};


export type MutationCreateTeamArgs = {
  teamName: Scalars['String']['input'];
};


export type MutationDeclineInvitationArgs = {
  teamId: Scalars['ID']['input'];
};


export type MutationDeletePlatformConfigArgs = {
  configId: Scalars['ID']['input'];
  ownerId?: InputMaybe<Scalars['ID']['input']>;
  platform: Platform;
};


export type MutationDeleteTeamArgs = {
  teamId: Scalars['ID']['input'];
};


export type MutationDisconnectPlatformAccountArgs = {
  accountId: Scalars['ID']['input'];
  platform: Platform;
};


export type MutationInviteMemberArgs = {
  email: Scalars['AWSEmail']['input'];
  role: TeamRole;
  teamId: Scalars['ID']['input'];
};


export type MutationLeaveTeamArgs = {
  teamId: Scalars['ID']['input'];
};


export type MutationPublishSyncStatusArgs = {
  input: PublishSyncStatusInput;
};


export type MutationRemoveMemberArgs = {
  teamId: Scalars['ID']['input'];
  userId: Scalars['ID']['input'];
};


export type MutationSetCurrentPlatformConfigArgs = {
  configId: Scalars['ID']['input'];
  ownerId?: InputMaybe<Scalars['ID']['input']>;
  platform: Platform;
};


export type MutationSetPlatformAccountStatusArgs = {
  accountId: Scalars['ID']['input'];
  platform: Platform;
  status: AccountStatus;
};


export type MutationSyncCampaignsArgs = {
  accountId: Scalars['ID']['input'];
  from?: InputMaybe<Scalars['AWSDate']['input']>;
  ownerId?: InputMaybe<Scalars['ID']['input']>;
  platform: Platform;
  to?: InputMaybe<Scalars['AWSDate']['input']>;
};


export type MutationUpdateMeArgs = {
  input: UpdateMeInput;
};


export type MutationUpdatePlatformConfigArgs = {
  input: UpdatePlatformConfigInput;
};


export type MutationUpdateTeamArgs = {
  teamId: Scalars['ID']['input'];
  teamName: Scalars['String']['input'];
};

export type Platform =
  | 'GOOGLE_ADS'
  | 'KAKAO'
  | 'META'
  | 'NAVER';

/** A connected ad account. The stored credentials are write-only and have no field here. */
export type PlatformAccount = {
  __typename?: 'PlatformAccount';
  accountId: Scalars['ID']['output'];
  createdAt: Scalars['AWSDateTime']['output'];
  displayName?: Maybe<Scalars['String']['output']>;
  lastSyncAt?: Maybe<Scalars['AWSDateTime']['output']>;
  ownerId: Scalars['ID']['output'];
  platform: Platform;
  status: AccountStatus;
  statusReason?: Maybe<Scalars['String']['output']>;
};

export type PlatformConfig = {
  __typename?: 'PlatformConfig';
  configId: Scalars['ID']['output'];
  createdAt: Scalars['AWSDateTime']['output'];
  name: Scalars['String']['output'];
  /** Per-platform sync settings (time zone, currency, default date range, accounts to sync). */
  settings: Scalars['AWSJSON']['output'];
  updatedAt: Scalars['AWSDateTime']['output'];
};

export type PlatformConfigSet = {
  __typename?: 'PlatformConfigSet';
  configs: Array<PlatformConfig>;
  currentConfigId?: Maybe<Scalars['ID']['output']>;
  ownerId: Scalars['ID']['output'];
  platform: Platform;
  updatedAt?: Maybe<Scalars['AWSDateTime']['output']>;
};

export type PublishSyncStatusInput = {
  accountId: Scalars['ID']['input'];
  campaignsSynced: Scalars['Int']['input'];
  finishedAt?: InputMaybe<Scalars['AWSDateTime']['input']>;
  message?: InputMaybe<Scalars['String']['input']>;
  ownerId: Scalars['ID']['input'];
  platform: Platform;
  progress: Scalars['Int']['input'];
  startedAt: Scalars['AWSDateTime']['input'];
  state: SyncState;
  syncId: Scalars['ID']['input'];
};

export type Query = {
  __typename?: 'Query';
  campaign?: Maybe<Campaign>;
  /** Newest-updated first within an account; across accounts, account by account. */
  campaigns: CampaignConnection;
  me: User;
  myInvitations: Array<Invitation>;
  myTeams: Array<Team>;
  platformAccounts: Array<PlatformAccount>;
  platformConfigs?: Maybe<PlatformConfigSet>;
  syncStatus?: Maybe<SyncStatus>;
  team?: Maybe<Team>;
  user?: Maybe<User>;
};


export type QueryCampaignArgs = {
  accountId: Scalars['ID']['input'];
  campaignId: Scalars['ID']['input'];
  ownerId?: InputMaybe<Scalars['ID']['input']>;
  platform: Platform;
};


export type QueryCampaignsArgs = {
  accountId?: InputMaybe<Scalars['ID']['input']>;
  limit?: InputMaybe<Scalars['Int']['input']>;
  nextToken?: InputMaybe<Scalars['String']['input']>;
  ownerId?: InputMaybe<Scalars['ID']['input']>;
  platform: Platform;
  status?: InputMaybe<CampaignStatus>;
};


export type QueryPlatformAccountsArgs = {
  ownerId?: InputMaybe<Scalars['ID']['input']>;
  platform?: InputMaybe<Platform>;
};


export type QueryPlatformConfigsArgs = {
  ownerId?: InputMaybe<Scalars['ID']['input']>;
  platform: Platform;
};


export type QuerySyncStatusArgs = {
  syncId: Scalars['ID']['input'];
};


export type QueryTeamArgs = {
  teamId: Scalars['ID']['input'];
};


export type QueryUserArgs = {
  userId: Scalars['ID']['input'];
};

export type Subscription = {
  __typename?: 'Subscription';
  onSyncStatusChanged?: Maybe<SyncStatus>;
};


export type SubscriptionOnSyncStatusChangedArgs = {
  accountId?: InputMaybe<Scalars['ID']['input']>;
  ownerId: Scalars['ID']['input'];
  platform?: InputMaybe<Platform>;
};

export type SyncState =
  | 'FAILED'
  | 'PARTIAL'
  | 'QUEUED'
  | 'RUNNING'
  | 'SUCCEEDED';

export type SyncStatus = {
  __typename?: 'SyncStatus';
  accountId: Scalars['ID']['output'];
  campaignsSynced: Scalars['Int']['output'];
  finishedAt?: Maybe<Scalars['AWSDateTime']['output']>;
  message?: Maybe<Scalars['String']['output']>;
  ownerId: Scalars['ID']['output'];
  platform: Platform;
  /** 0–100 */
  progress: Scalars['Int']['output'];
  startedAt: Scalars['AWSDateTime']['output'];
  state: SyncState;
  syncId: Scalars['ID']['output'];
};

export type Team = {
  __typename?: 'Team';
  createdAt: Scalars['AWSDateTime']['output'];
  members: Array<TeamMember>;
  /** The caller's role in this team. */
  myRole: TeamRole;
  ownerId: Scalars['ID']['output'];
  teamId: Scalars['ID']['output'];
  teamName: Scalars['String']['output'];
};

export type TeamMember = {
  __typename?: 'TeamMember';
  email?: Maybe<Scalars['AWSEmail']['output']>;
  invitedBy?: Maybe<Scalars['ID']['output']>;
  joinedAt: Scalars['AWSDateTime']['output'];
  name?: Maybe<Scalars['String']['output']>;
  role: TeamRole;
  userId: Scalars['ID']['output'];
};

export type TeamRole =
  | 'ADMIN'
  | 'MEMBER'
  | 'OWNER';

export type UpdateMeInput = {
  name: Scalars['String']['input'];
};

export type UpdatePlatformConfigInput = {
  configId: Scalars['ID']['input'];
  name?: InputMaybe<Scalars['String']['input']>;
  ownerId?: InputMaybe<Scalars['ID']['input']>;
  platform: Platform;
  settings?: InputMaybe<Scalars['AWSJSON']['input']>;
};

export type User = {
  __typename?: 'User';
  createdAt: Scalars['AWSDateTime']['output'];
  email: Scalars['AWSEmail']['output'];
  emailVerified: Scalars['Boolean']['output'];
  name?: Maybe<Scalars['String']['output']>;
  updatedAt: Scalars['AWSDateTime']['output'];
  userId: Scalars['ID']['output'];
};



export type ResolverTypeWrapper<T> = Promise<T> | T;


export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;





/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  AWSDate: ResolverTypeWrapper<Scalars['AWSDate']['output']>;
  AWSDateTime: ResolverTypeWrapper<Scalars['AWSDateTime']['output']>;
  AWSEmail: ResolverTypeWrapper<Scalars['AWSEmail']['output']>;
  AWSIPAddress: ResolverTypeWrapper<Scalars['AWSIPAddress']['output']>;
  AWSJSON: ResolverTypeWrapper<Scalars['AWSJSON']['output']>;
  AWSPhone: ResolverTypeWrapper<Scalars['AWSPhone']['output']>;
  AWSTime: ResolverTypeWrapper<Scalars['AWSTime']['output']>;
  AWSTimestamp: ResolverTypeWrapper<Scalars['AWSTimestamp']['output']>;
  AWSURL: ResolverTypeWrapper<Scalars['AWSURL']['output']>;
  AccountStatus: AccountStatus;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Campaign: ResolverTypeWrapper<Campaign>;
  CampaignConnection: ResolverTypeWrapper<CampaignConnection>;
  CampaignMetrics: ResolverTypeWrapper<CampaignMetrics>;
  CampaignStatus: CampaignStatus;
  ConnectPlatformAccountInput: ConnectPlatformAccountInput;
  CreatePlatformConfigInput: CreatePlatformConfigInput;
  DailyMetric: ResolverTypeWrapper<DailyMetric>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  Invitation: ResolverTypeWrapper<Invitation>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Platform: Platform;
  PlatformAccount: ResolverTypeWrapper<PlatformAccount>;
  PlatformConfig: ResolverTypeWrapper<PlatformConfig>;
  PlatformConfigSet: ResolverTypeWrapper<PlatformConfigSet>;
  PublishSyncStatusInput: PublishSyncStatusInput;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  SyncState: SyncState;
  SyncStatus: ResolverTypeWrapper<SyncStatus>;
  Team: ResolverTypeWrapper<Team>;
  TeamMember: ResolverTypeWrapper<TeamMember>;
  TeamRole: TeamRole;
  UpdateMeInput: UpdateMeInput;
  UpdatePlatformConfigInput: UpdatePlatformConfigInput;
  User: ResolverTypeWrapper<User>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  AWSDate: Scalars['AWSDate']['output'];
  AWSDateTime: Scalars['AWSDateTime']['output'];
  AWSEmail: Scalars['AWSEmail']['output'];
  AWSIPAddress: Scalars['AWSIPAddress']['output'];
  AWSJSON: Scalars['AWSJSON']['output'];
  AWSPhone: Scalars['AWSPhone']['output'];
  AWSTime: Scalars['AWSTime']['output'];
  AWSTimestamp: Scalars['AWSTimestamp']['output'];
  AWSURL: Scalars['AWSURL']['output'];
  Boolean: Scalars['Boolean']['output'];
  Campaign: Campaign;
  CampaignConnection: CampaignConnection;
  CampaignMetrics: CampaignMetrics;
  ConnectPlatformAccountInput: ConnectPlatformAccountInput;
  CreatePlatformConfigInput: CreatePlatformConfigInput;
  DailyMetric: DailyMetric;
  Float: Scalars['Float']['output'];
  ID: Scalars['ID']['output'];
  Int: Scalars['Int']['output'];
  Invitation: Invitation;
  Mutation: Record<PropertyKey, never>;
  PlatformAccount: PlatformAccount;
  PlatformConfig: PlatformConfig;
  PlatformConfigSet: PlatformConfigSet;
  PublishSyncStatusInput: PublishSyncStatusInput;
  Query: Record<PropertyKey, never>;
  String: Scalars['String']['output'];
  Subscription: Record<PropertyKey, never>;
  SyncStatus: SyncStatus;
  Team: Team;
  TeamMember: TeamMember;
  UpdateMeInput: UpdateMeInput;
  UpdatePlatformConfigInput: UpdatePlatformConfigInput;
  User: User;
};

export type Aws_Api_KeyDirectiveArgs = { };

export type Aws_Api_KeyDirectiveResolver<Result, Parent, ContextType = any, Args = Aws_Api_KeyDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type Aws_AuthDirectiveArgs = {
  cognito_groups: Array<Scalars['String']['input']>;
};

export type Aws_AuthDirectiveResolver<Result, Parent, ContextType = any, Args = Aws_AuthDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type Aws_Cognito_User_PoolsDirectiveArgs = {
  cognito_groups?: Maybe<Array<Scalars['String']['input']>>;
};

export type Aws_Cognito_User_PoolsDirectiveResolver<Result, Parent, ContextType = any, Args = Aws_Cognito_User_PoolsDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type Aws_IamDirectiveArgs = { };

export type Aws_IamDirectiveResolver<Result, Parent, ContextType = any, Args = Aws_IamDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type Aws_LambdaDirectiveArgs = { };

export type Aws_LambdaDirectiveResolver<Result, Parent, ContextType = any, Args = Aws_LambdaDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type Aws_OidcDirectiveArgs = { };

export type Aws_OidcDirectiveResolver<Result, Parent, ContextType = any, Args = Aws_OidcDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type Aws_SubscribeDirectiveArgs = {
  mutations: Array<Scalars['String']['input']>;
};

export type Aws_SubscribeDirectiveResolver<Result, Parent, ContextType = any, Args = Aws_SubscribeDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export interface AwsDateScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['AWSDate'], any> {
  name: 'AWSDate';
}

export interface AwsDateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['AWSDateTime'], any> {
  name: 'AWSDateTime';
}

export interface AwsEmailScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['AWSEmail'], any> {
  name: 'AWSEmail';
}

export interface AwsipAddressScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['AWSIPAddress'], any> {
  name: 'AWSIPAddress';
}

export interface AwsjsonScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['AWSJSON'], any> {
  name: 'AWSJSON';
}

export interface AwsPhoneScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['AWSPhone'], any> {
  name: 'AWSPhone';
}

export interface AwsTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['AWSTime'], any> {
  name: 'AWSTime';
}

export interface AwsTimestampScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['AWSTimestamp'], any> {
  name: 'AWSTimestamp';
}

export interface AwsurlScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['AWSURL'], any> {
  name: 'AWSURL';
}

export type CampaignResolvers<ContextType = any, ParentType extends ResolversParentTypes['Campaign'] = ResolversParentTypes['Campaign']> = {
  accountId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  budgetMicros?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  campaignId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  currency?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  daily?: Resolver<Array<ResolversTypes['DailyMetric']>, ParentType, ContextType, Partial<CampaignDailyArgs>>;
  endDate?: Resolver<Maybe<ResolversTypes['AWSDate']>, ParentType, ContextType>;
  metrics?: Resolver<Maybe<ResolversTypes['CampaignMetrics']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  objective?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  ownerId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  platform?: Resolver<ResolversTypes['Platform'], ParentType, ContextType>;
  rawStatus?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  startDate?: Resolver<Maybe<ResolversTypes['AWSDate']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['CampaignStatus'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['AWSDateTime'], ParentType, ContextType>;
};

export type CampaignConnectionResolvers<ContextType = any, ParentType extends ResolversParentTypes['CampaignConnection'] = ResolversParentTypes['CampaignConnection']> = {
  items?: Resolver<Array<ResolversTypes['Campaign']>, ParentType, ContextType>;
  nextToken?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type CampaignMetricsResolvers<ContextType = any, ParentType extends ResolversParentTypes['CampaignMetrics'] = ResolversParentTypes['CampaignMetrics']> = {
  clicks?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  conversionValueMicros?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  conversions?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  costMicros?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  from?: Resolver<Maybe<ResolversTypes['AWSDate']>, ParentType, ContextType>;
  impressions?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  to?: Resolver<Maybe<ResolversTypes['AWSDate']>, ParentType, ContextType>;
};

export type DailyMetricResolvers<ContextType = any, ParentType extends ResolversParentTypes['DailyMetric'] = ResolversParentTypes['DailyMetric']> = {
  clicks?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  conversionValueMicros?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  conversions?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  costMicros?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  date?: Resolver<ResolversTypes['AWSDate'], ParentType, ContextType>;
  impressions?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  provisional?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  vatIncluded?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type InvitationResolvers<ContextType = any, ParentType extends ResolversParentTypes['Invitation'] = ResolversParentTypes['Invitation']> = {
  email?: Resolver<ResolversTypes['AWSEmail'], ParentType, ContextType>;
  invitedAt?: Resolver<ResolversTypes['AWSDateTime'], ParentType, ContextType>;
  invitedBy?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  role?: Resolver<ResolversTypes['TeamRole'], ParentType, ContextType>;
  teamId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  teamName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type MutationResolvers<ContextType = any, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  acceptInvitation?: Resolver<ResolversTypes['Team'], ParentType, ContextType, RequireFields<MutationAcceptInvitationArgs, 'teamId'>>;
  changeMemberRole?: Resolver<ResolversTypes['TeamMember'], ParentType, ContextType, RequireFields<MutationChangeMemberRoleArgs, 'role' | 'teamId' | 'userId'>>;
  connectPlatformAccount?: Resolver<ResolversTypes['PlatformAccount'], ParentType, ContextType, RequireFields<MutationConnectPlatformAccountArgs, 'input'>>;
  createPlatformConfig?: Resolver<ResolversTypes['PlatformConfig'], ParentType, ContextType, RequireFields<MutationCreatePlatformConfigArgs, 'input'>>;
  createTeam?: Resolver<ResolversTypes['Team'], ParentType, ContextType, RequireFields<MutationCreateTeamArgs, 'teamName'>>;
  declineInvitation?: Resolver<ResolversTypes['ID'], ParentType, ContextType, RequireFields<MutationDeclineInvitationArgs, 'teamId'>>;
  deletePlatformConfig?: Resolver<ResolversTypes['ID'], ParentType, ContextType, RequireFields<MutationDeletePlatformConfigArgs, 'configId' | 'platform'>>;
  deleteTeam?: Resolver<ResolversTypes['ID'], ParentType, ContextType, RequireFields<MutationDeleteTeamArgs, 'teamId'>>;
  disconnectPlatformAccount?: Resolver<ResolversTypes['ID'], ParentType, ContextType, RequireFields<MutationDisconnectPlatformAccountArgs, 'accountId' | 'platform'>>;
  inviteMember?: Resolver<ResolversTypes['Invitation'], ParentType, ContextType, RequireFields<MutationInviteMemberArgs, 'email' | 'role' | 'teamId'>>;
  leaveTeam?: Resolver<ResolversTypes['ID'], ParentType, ContextType, RequireFields<MutationLeaveTeamArgs, 'teamId'>>;
  publishSyncStatus?: Resolver<Maybe<ResolversTypes['SyncStatus']>, ParentType, ContextType, RequireFields<MutationPublishSyncStatusArgs, 'input'>>;
  removeMember?: Resolver<ResolversTypes['ID'], ParentType, ContextType, RequireFields<MutationRemoveMemberArgs, 'teamId' | 'userId'>>;
  setCurrentPlatformConfig?: Resolver<ResolversTypes['PlatformConfigSet'], ParentType, ContextType, RequireFields<MutationSetCurrentPlatformConfigArgs, 'configId' | 'platform'>>;
  setPlatformAccountStatus?: Resolver<ResolversTypes['PlatformAccount'], ParentType, ContextType, RequireFields<MutationSetPlatformAccountStatusArgs, 'accountId' | 'platform' | 'status'>>;
  syncCampaigns?: Resolver<ResolversTypes['SyncStatus'], ParentType, ContextType, RequireFields<MutationSyncCampaignsArgs, 'accountId' | 'platform'>>;
  updateMe?: Resolver<ResolversTypes['User'], ParentType, ContextType, RequireFields<MutationUpdateMeArgs, 'input'>>;
  updatePlatformConfig?: Resolver<ResolversTypes['PlatformConfig'], ParentType, ContextType, RequireFields<MutationUpdatePlatformConfigArgs, 'input'>>;
  updateTeam?: Resolver<ResolversTypes['Team'], ParentType, ContextType, RequireFields<MutationUpdateTeamArgs, 'teamId' | 'teamName'>>;
};

export type PlatformAccountResolvers<ContextType = any, ParentType extends ResolversParentTypes['PlatformAccount'] = ResolversParentTypes['PlatformAccount']> = {
  accountId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['AWSDateTime'], ParentType, ContextType>;
  displayName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  lastSyncAt?: Resolver<Maybe<ResolversTypes['AWSDateTime']>, ParentType, ContextType>;
  ownerId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  platform?: Resolver<ResolversTypes['Platform'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['AccountStatus'], ParentType, ContextType>;
  statusReason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type PlatformConfigResolvers<ContextType = any, ParentType extends ResolversParentTypes['PlatformConfig'] = ResolversParentTypes['PlatformConfig']> = {
  configId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['AWSDateTime'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  settings?: Resolver<ResolversTypes['AWSJSON'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['AWSDateTime'], ParentType, ContextType>;
};

export type PlatformConfigSetResolvers<ContextType = any, ParentType extends ResolversParentTypes['PlatformConfigSet'] = ResolversParentTypes['PlatformConfigSet']> = {
  configs?: Resolver<Array<ResolversTypes['PlatformConfig']>, ParentType, ContextType>;
  currentConfigId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  ownerId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  platform?: Resolver<ResolversTypes['Platform'], ParentType, ContextType>;
  updatedAt?: Resolver<Maybe<ResolversTypes['AWSDateTime']>, ParentType, ContextType>;
};

export type QueryResolvers<ContextType = any, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  campaign?: Resolver<Maybe<ResolversTypes['Campaign']>, ParentType, ContextType, RequireFields<QueryCampaignArgs, 'accountId' | 'campaignId' | 'platform'>>;
  campaigns?: Resolver<ResolversTypes['CampaignConnection'], ParentType, ContextType, RequireFields<QueryCampaignsArgs, 'platform'>>;
  me?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
  myInvitations?: Resolver<Array<ResolversTypes['Invitation']>, ParentType, ContextType>;
  myTeams?: Resolver<Array<ResolversTypes['Team']>, ParentType, ContextType>;
  platformAccounts?: Resolver<Array<ResolversTypes['PlatformAccount']>, ParentType, ContextType, Partial<QueryPlatformAccountsArgs>>;
  platformConfigs?: Resolver<Maybe<ResolversTypes['PlatformConfigSet']>, ParentType, ContextType, RequireFields<QueryPlatformConfigsArgs, 'platform'>>;
  syncStatus?: Resolver<Maybe<ResolversTypes['SyncStatus']>, ParentType, ContextType, RequireFields<QuerySyncStatusArgs, 'syncId'>>;
  team?: Resolver<Maybe<ResolversTypes['Team']>, ParentType, ContextType, RequireFields<QueryTeamArgs, 'teamId'>>;
  user?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType, RequireFields<QueryUserArgs, 'userId'>>;
};

export type SubscriptionResolvers<ContextType = any, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = {
  onSyncStatusChanged?: SubscriptionResolver<Maybe<ResolversTypes['SyncStatus']>, "onSyncStatusChanged", ParentType, ContextType, RequireFields<SubscriptionOnSyncStatusChangedArgs, 'ownerId'>>;
};

export type SyncStatusResolvers<ContextType = any, ParentType extends ResolversParentTypes['SyncStatus'] = ResolversParentTypes['SyncStatus']> = {
  accountId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  campaignsSynced?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  finishedAt?: Resolver<Maybe<ResolversTypes['AWSDateTime']>, ParentType, ContextType>;
  message?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  ownerId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  platform?: Resolver<ResolversTypes['Platform'], ParentType, ContextType>;
  progress?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  startedAt?: Resolver<ResolversTypes['AWSDateTime'], ParentType, ContextType>;
  state?: Resolver<ResolversTypes['SyncState'], ParentType, ContextType>;
  syncId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type TeamResolvers<ContextType = any, ParentType extends ResolversParentTypes['Team'] = ResolversParentTypes['Team']> = {
  createdAt?: Resolver<ResolversTypes['AWSDateTime'], ParentType, ContextType>;
  members?: Resolver<Array<ResolversTypes['TeamMember']>, ParentType, ContextType>;
  myRole?: Resolver<ResolversTypes['TeamRole'], ParentType, ContextType>;
  ownerId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  teamId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  teamName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type TeamMemberResolvers<ContextType = any, ParentType extends ResolversParentTypes['TeamMember'] = ResolversParentTypes['TeamMember']> = {
  email?: Resolver<Maybe<ResolversTypes['AWSEmail']>, ParentType, ContextType>;
  invitedBy?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  joinedAt?: Resolver<ResolversTypes['AWSDateTime'], ParentType, ContextType>;
  name?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  role?: Resolver<ResolversTypes['TeamRole'], ParentType, ContextType>;
  userId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type UserResolvers<ContextType = any, ParentType extends ResolversParentTypes['User'] = ResolversParentTypes['User']> = {
  createdAt?: Resolver<ResolversTypes['AWSDateTime'], ParentType, ContextType>;
  email?: Resolver<ResolversTypes['AWSEmail'], ParentType, ContextType>;
  emailVerified?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  name?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['AWSDateTime'], ParentType, ContextType>;
  userId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type Resolvers<ContextType = any> = {
  AWSDate?: GraphQLScalarType;
  AWSDateTime?: GraphQLScalarType;
  AWSEmail?: GraphQLScalarType;
  AWSIPAddress?: GraphQLScalarType;
  AWSJSON?: GraphQLScalarType;
  AWSPhone?: GraphQLScalarType;
  AWSTime?: GraphQLScalarType;
  AWSTimestamp?: GraphQLScalarType;
  AWSURL?: GraphQLScalarType;
  Campaign?: CampaignResolvers<ContextType>;
  CampaignConnection?: CampaignConnectionResolvers<ContextType>;
  CampaignMetrics?: CampaignMetricsResolvers<ContextType>;
  DailyMetric?: DailyMetricResolvers<ContextType>;
  Invitation?: InvitationResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  PlatformAccount?: PlatformAccountResolvers<ContextType>;
  PlatformConfig?: PlatformConfigResolvers<ContextType>;
  PlatformConfigSet?: PlatformConfigSetResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  SyncStatus?: SyncStatusResolvers<ContextType>;
  Team?: TeamResolvers<ContextType>;
  TeamMember?: TeamMemberResolvers<ContextType>;
  User?: UserResolvers<ContextType>;
};

export type DirectiveResolvers<ContextType = any> = {
  aws_api_key?: Aws_Api_KeyDirectiveResolver<any, any, ContextType>;
  aws_auth?: Aws_AuthDirectiveResolver<any, any, ContextType>;
  aws_cognito_user_pools?: Aws_Cognito_User_PoolsDirectiveResolver<any, any, ContextType>;
  aws_iam?: Aws_IamDirectiveResolver<any, any, ContextType>;
  aws_lambda?: Aws_LambdaDirectiveResolver<any, any, ContextType>;
  aws_oidc?: Aws_OidcDirectiveResolver<any, any, ContextType>;
  aws_subscribe?: Aws_SubscribeDirectiveResolver<any, any, ContextType>;
};

// AppSync's abuse limits for this API, set identically on the deployed API (infra/) and the local stack.
export const apiLimits = {
  // The deepest legitimate query (team → members → fields, campaigns → items → daily → fields) is 4 levels.
  queryDepthLimit: 10,
  // The widest legitimate query: a 100-campaign page with daily figures resolves about 100 + a few fields.
  resolverCountLimit: 500,
} as const;

/**
 * The longest date range one sync covers: `to` − `from` stays under this many days. Read by the
 * syncCampaigns resolver (the dates a caller sends) and the sync Lambda (the range it resolves), through
 * domains/sync/rules.ts.
 */
export const MAX_SYNC_RANGE_DAYS = 400;

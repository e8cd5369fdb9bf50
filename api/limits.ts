// AppSync's abuse limits for this API, set identically on the deployed API (infra/) and the local stack.
export const apiLimits = {
  // The deepest legitimate query (team → members → fields, campaigns → items → daily → fields) is 4 levels.
  queryDepthLimit: 10,
  // The widest legitimate query: a 100-campaign page with daily figures resolves about 100 + a few fields.
  resolverCountLimit: 500,
} as const;

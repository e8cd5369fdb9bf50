// NONE data source (resolver-reference-none-js.html): no service is called; ctx.result is the request's
// `payload`, unchanged.
import type { DataSourceOutcome } from './types.js';

export function noneDataSource(request: unknown): DataSourceOutcome {
  return { result: typeof request === 'object' && request !== null && !Array.isArray(request) ? (request as { payload?: unknown }).payload : undefined };
}

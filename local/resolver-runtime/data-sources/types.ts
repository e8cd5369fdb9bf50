import type { AppSyncError } from '../types.js';

/** ctx.error as AppSync sets it after a failed data-source call. */
export interface DataSourceError {
  message: string;
  type: string;
  [extra: string]: unknown;
}

/** What a data source hands to the response handler. */
export interface DataSourceOutcome {
  result?: unknown;
  error?: DataSourceError;
  /**
   * The request object itself was unusable (wrong shape): AppSync fails the field without running
   * the response handler.
   */
  fieldError?: AppSyncError;
}

/** What the data source knows about the field it serves (for Lambda conflict handlers and batching). */
export interface DataSourceCallInfo {
  typeName: string;
  fieldName: string;
  arguments: Record<string, unknown>;
  identity: unknown;
  /** Identifies the resolver/function, so pagination tokens are only accepted where they were issued. */
  resolverKey: string;
}

export class RequestShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RequestShapeError';
  }
}

/** AppSync reports an unusable request object as a field error of this type. */
export function requestShapeFieldError(message: string): AppSyncError {
  return { message, errorType: 'MappingTemplate', data: null, errorInfo: null };
}

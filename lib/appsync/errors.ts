// The project's stable errorTypes (docs/ARCHITECTURE.md "Errors"), raised the way AppSync expects:
// util.error(message, errorType, data, errorInfo). Messages are for people and never echo input
// values; errorInfo carries machine-readable details ({ field, reason }).
import { util } from '@aws-appsync/utils';

export type ErrorType =
  | 'Unauthorized'
  | 'NotFound'
  | 'ValidationError'
  | 'Conflict'
  | 'RateLimited'
  | 'PlatformError'
  | 'InternalError';

/** Invalid input: `field` names the argument (dotted for inputs, e.g. "input.name"), `reason` is a stable code. */
export function validationError(message: string, field: string, reason: string): never {
  return util.error(message, 'ValidationError', null, { field, reason });
}

export function notFound(message: string, errorInfo?: Record<string, unknown>): never {
  return util.error(message, 'NotFound', null, errorInfo ?? null);
}

export function conflict(message: string, reason: string, errorInfo?: Record<string, unknown>): never {
  return util.error(message, 'Conflict', null, Object.assign({ reason }, errorInfo ?? {}));
}

/** Same error as util.unauthorized(); kept here so callers import every error from one place. */
export function unauthorized(): never {
  return util.unauthorized();
}

export function internalError(message: string): never {
  return util.error(message, 'InternalError', null, null);
}

/**
 * Raises an InternalError when the data-source call failed. The DynamoDB message goes to the log
 * only (it names tables and expressions, which clients need not see).
 */
export function raiseOnDataSourceError(error: { message: string; type: string } | undefined | null): void {
  if (error) {
    console.error('data source error', error.type, error.message);
    internalError('The request could not be completed');
  }
}

/** True when a single-item write failed its condition expression. */
export function isConditionFailure(error: { message: string; type: string } | undefined | null): boolean {
  return !!error && (error.type === 'DynamoDB:ConditionalCheckFailedException' ||
    error.message.indexOf('ConditionalCheckFailed') >= 0);
}

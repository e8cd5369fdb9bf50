// The one error shape Lambda resolvers throw. The Lambda runtime serializes a thrown error as
// { errorType: err.name, errorMessage: err.message }, which AppSync hands to the resolver's response
// handler as ctx.error (type, message); the resolver re-raises it with util.error. So `name` is the
// stable errorType and `message` is for people — and neither may ever contain a secret value.

export const ERROR_TYPES = [
  'Unauthorized',
  'NotFound',
  'ValidationError',
  'Conflict',
  'RateLimited',
  'PlatformError',
  'InternalError',
] as const;
export type ErrorType = (typeof ERROR_TYPES)[number];

export class AppError extends Error {
  override readonly name: ErrorType;
  constructor(
    type: ErrorType,
    message: string,
    /** Machine-readable details for logs and tests (e.g. { fields: [...] }); identifiers only, never values. */
    readonly info?: Record<string, unknown>,
  ) {
    super(message);
    this.name = type;
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

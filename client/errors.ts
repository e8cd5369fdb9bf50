/** One error of a GraphQL response, in AppSync's shape. */
export interface GraphQLErrorEntry {
  message: string;
  errorType?: string;
  errorInfo?: unknown;
  path?: (string | number)[];
}

/** Thrown by the client for any failed operation; `errorType` is the stable code (Unauthorized, ValidationError, …). */
export class SiveraError extends Error {
  readonly errorType: string;
  readonly errors: GraphQLErrorEntry[];
  readonly data: unknown;

  constructor(errors: GraphQLErrorEntry[], data: unknown = null) {
    const first = errors[0];
    super(first?.message ?? 'Request failed');
    this.name = 'SiveraError';
    this.errorType = first?.errorType ?? 'UnknownError';
    this.errors = errors;
    this.data = data;
  }
}

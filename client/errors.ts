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

/**
 * Thrown by `client.auth` for anything Cognito refuses (`code` is Cognito's exception name:
 * NotAuthorizedException, CodeMismatchException, UsernameExistsException, InvalidPasswordException,
 * EnableSoftwareTokenMFAException, …) and by the client itself: NotSignedIn, TotpRequired (the user has TOTP
 * on and no code was given), UnsupportedChallenge (a sign-in challenge this client does not answer).
 */
export class SiveraAuthError extends Error {
  readonly code: string;
  /** The Cognito challenge that stopped a sign-in (TotpRequired, UnsupportedChallenge). */
  readonly challengeName: string | undefined;

  constructor(code: string, message: string, challengeName?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SiveraAuthError';
    this.code = code;
    this.challengeName = challengeName;
  }

  static from(error: unknown): SiveraAuthError {
    if (error instanceof SiveraAuthError) return error;
    const e = error as { name?: unknown; message?: unknown } | null;
    const code = typeof e?.name === 'string' && e.name !== 'Error' ? e.name : 'NetworkError';
    return new SiveraAuthError(code, typeof e?.message === 'string' ? e.message : String(error), undefined, { cause: error });
  }
}

/**
 * The domain's failures. Every one maps to exactly one HTTP status and problem `type` in
 * `@aftercare/http`; only unexpected errors become 500.
 */
export type ErrorCode =
  | 'validation'
  | 'unauthenticated'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'payload-too-large'
  | 'rate-limited'
  | 'unavailable';

export interface FieldProblem {
  /** Index of the record in a batch, when the request was a batch. */
  index?: number;
  /** Line in an imported file. */
  line?: number;
  field: string;
  reason: string;
}

export abstract class AppError extends Error {
  abstract readonly code: ErrorCode;
}

/** Input that breaks a rule; `errors` names every offending field. */
export class ValidationError extends AppError {
  readonly code = 'validation';
  constructor(
    message: string,
    readonly errors: FieldProblem[],
  ) {
    super(message);
    this.name = 'ValidationError';
  }
}

export class UnauthenticatedError extends AppError {
  readonly code = 'unauthenticated';
  override name = 'UnauthenticatedError';
}

export class ForbiddenError extends AppError {
  readonly code = 'forbidden';
  override name = 'ForbiddenError';
}

export class NotFoundError extends AppError {
  readonly code = 'not-found';
  override name = 'NotFoundError';
}

export class ConflictError extends AppError {
  readonly code = 'conflict';
  override name = 'ConflictError';
}

export class PayloadTooLargeError extends AppError {
  readonly code = 'payload-too-large';
  override name = 'PayloadTooLargeError';
}

export class RateLimitedError extends AppError {
  readonly code = 'rate-limited';
  override name = 'RateLimitedError';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** A dependency (the database) cannot be reached; the caller should retry later. */
export class UnavailableError extends AppError {
  readonly code = 'unavailable';
  override name = 'UnavailableError';
  constructor(
    message: string,
    readonly retryAfterSeconds = 5,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

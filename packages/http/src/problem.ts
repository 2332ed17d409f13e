import { isDatabaseUnavailable } from '@aftercare/db';
import {
  AppError,
  type ErrorCode,
  type FieldProblem,
  RateLimitedError,
  UnavailableError,
  ValidationError,
} from '@aftercare/runtime';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** An RFC 9457 problem document. `type` is stable: clients branch on it, never on `detail`. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldProblem[];
  requestId?: string;
}

type ProblemCode = ErrorCode | 'malformed-request' | 'unsupported-media-type' | 'internal';

// Exhaustive: adding an ErrorCode without a status here does not compile.
const STATUS: Record<ProblemCode, { status: ContentfulStatusCode; title: string }> = {
  validation: { status: 400, title: 'The request has invalid fields' },
  'malformed-request': { status: 400, title: 'The request could not be read' },
  unauthenticated: { status: 401, title: 'Authentication required' },
  forbidden: { status: 403, title: 'Not allowed for this role' },
  'not-found': { status: 404, title: 'Not found' },
  conflict: { status: 409, title: 'Conflict with the current state' },
  'payload-too-large': { status: 413, title: 'Request body too large' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type' },
  'rate-limited': { status: 429, title: 'Too many requests' },
  unavailable: { status: 503, title: 'Service temporarily unavailable' },
  internal: { status: 500, title: 'Internal error' },
};

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function problemType(code: ProblemCode): string {
  return `/problems/${code}`;
}

export interface ProblemResponse {
  problem: Problem;
  headers: Record<string, string>;
  /** Only unexpected failures are logged as errors; a 4xx is the caller's business. */
  unexpected: boolean;
}

/** Turns any thrown value into the problem document we answer with. */
export function toProblem(error: unknown): ProblemResponse {
  const headers: Record<string, string> = {};
  if (!(error instanceof AppError) && isDatabaseUnavailable(error)) {
    error = new UnavailableError('the database cannot be reached; try again shortly', 5, { cause: error });
  }
  if (error instanceof AppError) {
    if (error instanceof RateLimitedError || error instanceof UnavailableError) {
      headers['Retry-After'] = String(error.retryAfterSeconds);
    }
    const problem = build(error.code, error.message);
    if (error instanceof ValidationError) problem.errors = error.errors;
    return { problem, headers, unexpected: error.code === 'unavailable' };
  }
  if (isDataException(error)) {
    // Validation should have caught it; if a value still reaches the database and is refused as
    // data (SQLSTATE class 22), it is the caller's value, not our outage.
    const code = (error as { code: string }).code;
    return {
      problem: build('validation', `a value in the request cannot be stored (database error ${code})`),
      headers,
      unexpected: true,
    };
  }
  if (error instanceof HTTPException) {
    const code: ProblemCode =
      error.status === 413
        ? 'payload-too-large'
        : error.status === 415
          ? 'unsupported-media-type'
          : 'malformed-request';
    return { problem: build(code, error.message || STATUS[code].title), headers, unexpected: false };
  }
  return {
    problem: build('internal', 'something went wrong on our side; the request id helps us find it'),
    headers,
    unexpected: true,
  };
}

export function build(code: ProblemCode, detail: string): Problem {
  const { status, title } = STATUS[code];
  return { type: problemType(code), title, status, detail };
}

// The data exceptions a caller's value causes (bad text, out-of-range number or time); others in
// class 22, such as division by zero, are our bugs and stay 500.
const INPUT_DATA_EXCEPTIONS = new Set(['22001', '22003', '22007', '22008', '22021', '22P02', '22P05']);

function isDataException(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && INPUT_DATA_EXCEPTIONS.has(code);
}

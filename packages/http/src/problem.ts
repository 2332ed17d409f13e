import { isDatabaseUnavailable } from '@aftercare/db';
import {
  AppError,
  type ErrorCode,
  type FieldProblem,
  RateLimitedError,
  UnavailableError,
  ValidationError,
} from '@aftercare/runtime';
import { z } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** An RFC 9457 problem document. `type` is stable: clients branch on it, never on `detail`. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldProblem[];
  /** How many field problems there were in all, when `errors` lists only the first ones. */
  errorCount?: number;
  requestId?: string;
}

export type ProblemCode =
  | ErrorCode
  | 'malformed-request'
  | 'unsupported-media-type'
  | 'method-not-allowed'
  | 'internal';

/** A batch of 5,000 bad records could name 55,000 problems; the first ones are enough to act on. */
export const MAX_LISTED_ERRORS = 1_000;

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
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
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
    if (error instanceof ValidationError) {
      problem.errors = error.errors.slice(0, MAX_LISTED_ERRORS);
      problem.errorCount = error.errors.length;
    }
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

/**
 * The one way a problem leaves the process: JSON body, problem+json type, the request id.
 * @example return problemResponse(build('not-found', 'no route'), { requestId: c.get('requestId') });
 */
export function problemResponse(
  problem: Problem,
  options: { requestId?: string | undefined; headers?: Record<string, string> } = {},
): Response {
  const body = options.requestId ? { ...problem, requestId: options.requestId } : problem;
  return new Response(JSON.stringify(body), {
    status: problem.status,
    headers: { ...options.headers, 'Content-Type': PROBLEM_CONTENT_TYPE },
  });
}

/** The problem document as a schema, so /openapi.json describes every error answer exactly. */
export const problemSchema = z
  .object({
    type: z.string().openapi({ example: '/problems/validation', description: 'stable; branch on this' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().openapi({ description: 'for people; may change' }),
    errors: z
      .array(
        z.object({
          index: z.number().int().optional().openapi({ description: 'the record in a batch' }),
          line: z.number().int().optional().openapi({ description: 'the line in an imported file' }),
          field: z.string(),
          reason: z.string(),
        }),
      )
      .optional()
      .openapi({ description: `every invalid field, the first ${MAX_LISTED_ERRORS} when there are more` }),
    errorCount: z.number().int().optional().openapi({ description: 'how many field problems in all' }),
    requestId: z.string().optional(),
  })
  .openapi('Problem');

const problemContent = { content: { [PROBLEM_CONTENT_TYPE]: { schema: problemSchema } } };

const RESPONSE_TEXT = {
  400: 'Invalid input; `errors` names every bad field (and record index in a batch)',
  401: 'Missing, unknown, revoked or expired token',
  403: 'The token’s role may not do this',
  404: 'Not found',
  409: 'Conflicts with the current state',
  413: 'Body larger than the limit',
  415: 'A media type this operation does not take',
  429: 'Too many requests; retry after Retry-After seconds',
  503: 'Database unreachable or not ready; retry after Retry-After seconds',
} as const;
type ErrorStatus = keyof typeof RESPONSE_TEXT;
type ErrorResponse = { description: string } & typeof problemContent;

/**
 * OpenAPI error responses, all with the problem schema. Every operation gets 400, 401, 403, 429 and
 * 503 from `apiRoute`; name the others it can answer.
 * @example responses: { 200: {...}, ...errorResponses(404, 409) }
 */
export function errorResponses<S extends ErrorStatus>(...statuses: S[]) {
  const entries = statuses.map((status): [S, ErrorResponse] => [
    status,
    { description: RESPONSE_TEXT[status], ...problemContent },
  ]);
  // Object.fromEntries cannot keep the key type; the entries are exactly the statuses asked for.
  return Object.fromEntries(entries) as Record<S, ErrorResponse>;
}

// The data exceptions a caller's value causes (bad text, out-of-range number or time); others in
// class 22, such as division by zero, are our bugs and stay 500.
const INPUT_DATA_EXCEPTIONS = new Set(['22001', '22003', '22007', '22008', '22021', '22P02', '22P05']);

function isDataException(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && INPUT_DATA_EXCEPTIONS.has(code);
}

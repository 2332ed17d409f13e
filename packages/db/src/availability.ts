// Connection-level failures: the database is down, restarting or unreachable. Anything else
// (a constraint, a syntax error) is our bug or the caller's input, not an outage.
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
]);

const UNAVAILABLE_MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error/i,
  /connection.*closed/i,
  /PGlite is closed/i,
];

/** Whether an error means "the database cannot be reached right now" (answer 503, try again). */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const { code, message } = current as { code?: string; message?: string };
    if (code && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true;
    if (message && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message))) return true;
    if (current instanceof AggregateError)
      return current.errors.some((inner) => isDatabaseUnavailable(inner));
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

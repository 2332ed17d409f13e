import type { z } from 'zod';

/**
 * An event that does not match the catalogue: an unknown type or a payload its schema rejects. At
 * write it is our bug; at read it means writer and reader run different catalogues (a deploy mismatch).
 */
export class EventSchemaError extends Error {
  constructor(
    readonly eventType: string,
    readonly problems: string[],
  ) {
    super(`event ${eventType} does not match the catalogue: ${problems.join('; ')}`);
    this.name = 'EventSchemaError';
  }
}

/** One line per issue, `path: message`, for the error message and logs. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`);
}

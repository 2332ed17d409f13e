import { type FieldProblem, ValidationError } from '@aftercare/runtime';
import type { z } from 'zod';

/**
 * Maps zod issues to field problems. In a batch (`{ items: [...] }`) the record's index is its own
 * property and `field` is the path inside the record, so a client can point at the bad cell.
 */
export function toFieldProblems(issues: z.core.$ZodIssue[]): FieldProblem[] {
  return issues.map((issue) => {
    const path = [...issue.path];
    if (path[0] === 'items' && typeof path[1] === 'number') {
      return { index: path[1], field: path.slice(2).join('.') || '(record)', reason: issue.message };
    }
    return { field: path.join('.') || '(body)', reason: issue.message };
  });
}

export function validationError(issues: z.core.$ZodIssue[], where = 'request'): ValidationError {
  const errors = toFieldProblems(issues);
  const count = errors.length === 1 ? 'one field is' : `${errors.length} fields are`;
  return new ValidationError(`${count} invalid in the ${where}`, errors);
}

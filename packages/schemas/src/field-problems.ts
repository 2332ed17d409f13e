import { type FieldProblem, ValidationError } from '@aftercare/runtime';
import type { z } from 'zod';

/**
 * Maps zod issues to field problems. In a batch (`{ items: [...] }`) the record's index is its own
 * property and `field` is the path inside the record, so a client can point at the bad cell. An
 * unknown key is named itself (`color`), not the object that holds it.
 * @example toFieldProblems(schema.safeParse(body).error!.issues) // [{ index: 3, field: 'phone', reason: '...' }]
 */
export function toFieldProblems(issues: readonly z.core.$ZodIssue[]): FieldProblem[] {
  return issues.flatMap((issue) => {
    const path = [...issue.path];
    const leaves =
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) => ({ path: [...path, key], reason: 'is not a field we know' }))
        : [{ path, reason: issue.message }];
    return leaves.map(({ path: where, reason }) => {
      if (where[0] === 'items' && typeof where[1] === 'number') {
        return { index: where[1], field: where.slice(2).join('.') || '(record)', reason };
      }
      return { field: where.join('.') || '(whole)', reason };
    });
  });
}

/**
 * The ValidationError for a failed parse; `where` names the part of the request (body, query string).
 * @example throw validationError(result.error.issues, 'query string');
 */
export function validationError(issues: readonly z.core.$ZodIssue[], where = 'request'): ValidationError {
  const errors = toFieldProblems(issues);
  const count = errors.length === 1 ? 'one field is' : `${errors.length} fields are`;
  return new ValidationError(`${count} invalid in the ${where}`, errors);
}

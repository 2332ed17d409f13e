import { z } from '@hono/zod-openapi';
import { filterText } from './fields.js';

/**
 * The envelope every list answers: `{ items, nextCursor }`.
 * @example const customerPage = pageOf(customerOutput, 'CustomerPage');
 */
export function pageOf<T extends z.ZodType>(item: T, name: string) {
  return z
    .object({
      items: z.array(item),
      nextCursor: z
        .string()
        .nullable()
        .openapi({ description: 'pass as `cursor` for the next page; null at the end' }),
    })
    .openapi(name);
}

/**
 * `limit` in a list's query string: decimal digits only (no `0x10`, `1e2` or ` 5`), 1 to `max`.
 * @example z.strictObject({ limit: listLimit(), cursor: listCursor })
 */
export function listLimit(max = 500, fallback = 50) {
  return z
    .string()
    .regex(/^\d{1,6}$/, { error: 'expected a whole number written in digits' })
    .transform(Number)
    .pipe(
      z
        .number()
        .min(1, { error: 'must be at least 1' })
        .max(max, { error: `must be at most ${max}` }),
    )
    .optional()
    .transform((value) => value ?? fallback)
    .openapi({ type: 'integer', minimum: 1, maximum: max, default: fallback });
}

/** `cursor` in a list's query string: the previous page's `nextCursor`. */
export const listCursor = filterText(200)
  .optional()
  .openapi({ description: 'nextCursor of the previous page of the same list' });

import { z } from 'zod';

/** Longest text accepted; the scorer reads only the first `MAX_SCORED_CHARS` of it. */
export const MAX_TEXT_LENGTH = 1_000_000;

/**
 * One text to score, as the `aftercare score` NDJSON input and the HTTP route take it.
 *
 * @example
 * scoreItemSchema.parse({ text: '送餐太慢了', rating: 2 });
 */
export const scoreItemSchema = z.object({
  text: z.string().max(MAX_TEXT_LENGTH),
  lang: z.enum(['en', 'zh']).optional(),
  rating: z.number().int().min(1).max(5).optional(),
});

export type ScoreItem = z.infer<typeof scoreItemSchema>;

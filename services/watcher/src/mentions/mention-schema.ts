import { externalRef, isoDateTime, plainText } from '@aftercare/schemas';
import { z } from '@hono/zod-openapi';

/** Longest mention text kept: a long review, not a pasted page. */
export const MAX_MENTION_TEXT = 10_000;
/** Most mentions in one request. */
export const MAX_MENTIONS_PER_REQUEST = 10_000;

// Posts carry line breaks and tabs, and `<3` or `>_<`; they are stored and shown as text, never as
// markup. Other control characters and half surrogate pairs are not text.
const CONTROL_BUT_WHITESPACE = /(?![\t\n\r])\p{Cc}/u;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const mentionText = z
  .string({ error: 'expected a string' })
  .trim()
  .min(1, { error: 'must not be empty' })
  .max(MAX_MENTION_TEXT, { error: `must be at most ${MAX_MENTION_TEXT} characters` })
  .refine((value) => !CONTROL_BUT_WHITESPACE.test(value), { error: 'must be text: no control characters' })
  .refine((value) => !LONE_SURROGATE.test(value) && !value.includes('\uFFFD'), {
    error: 'must be valid UTF-8 text',
  });

export const mentionInput = z
  .strictObject({
    source: z
      .string({ error: 'expected a source such as weibo or review_site' })
      .regex(/^[a-z][a-z0-9_]{0,31}$/, { error: 'expected a source such as weibo or review_site' }),
    externalId: z
      .string({ error: 'expected the post’s id at its source' })
      .trim()
      .min(1, { error: 'must not be empty' })
      .max(200, { error: 'must be at most 200 characters' })
      .refine((value) => !CONTROL_BUT_WHITESPACE.test(value) && !LONE_SURROGATE.test(value), {
        error: 'must be text without control characters',
      }),
    text: mentionText,
    occurredAt: isoDateTime,
    author: plainText(200).optional(),
    rating: z.number({ error: 'expected 1 to 5' }).int({ error: 'expected 1 to 5' }).min(1).max(5).optional(),
    lang: z.enum(['en', 'zh'], { error: 'expected en or zh' }).optional(),
    sku: externalRef.optional(),
    productName: plainText(200).optional(),
    orderRef: externalRef.optional(),
    region: plainText(100).optional(),
    city: plainText(100).optional(),
  })
  .openapi('MentionInput');
export type MentionInput = z.output<typeof mentionInput>;

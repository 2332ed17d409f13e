import type { AppContext } from '@aftercare/runtime';
import { scoreItemSchema } from '@aftercare/scoring';
import { z } from '@hono/zod-openapi';
import { errorResponses } from '../problem.js';
import { apiRoute } from '../route.js';
import { createRouter } from '../router.js';

export const MAX_SCORE_BATCH = 1_000;

const scoreRequest = z
  .strictObject({
    items: z
      .array(scoreItemSchema.strict())
      .min(1, { error: 'send at least one text' })
      .max(MAX_SCORE_BATCH, { error: `at most ${MAX_SCORE_BATCH} texts a request` }),
  })
  .openapi('TextScoreRequest');

const textScore = z
  .object({
    label: z.enum(['negative', 'neutral', 'positive']),
    score: z.number(),
    comparative: z.number(),
    lang: z.enum(['en', 'zh']),
    topics: z.array(z.enum(['quality', 'logistics', 'service', 'advertising', 'other'])),
    complaint: z.boolean().openapi({ description: 'negative and about the purchase, not merely negative' }),
    terms: z.array(z.string()).openapi({ description: 'the words and phrases that decided it' }),
    truncated: z
      .boolean()
      .optional()
      .openapi({ description: 'only the first part of a very long text was read' }),
  })
  .openapi('TextScore');

/** POST /v1/text/score: the scorer the watcher and scheduler use, for any authenticated caller. */
export function textScoreRoutes(ctx: Pick<AppContext, 'scorer'>) {
  const router = createRouter();
  router.openapi(
    apiRoute({
      method: 'post',
      path: '/text/score',
      roles: 'any',
      tags: ['Text'],
      summary: `Score up to ${MAX_SCORE_BATCH} texts: sentiment, complaint, topics and the terms that decided`,
      description:
        'English and Chinese (Traditional is read as Simplified); the language is detected per text unless ' +
        '`lang` is given; a 1-5 `rating` is combined with the text. Answers one result per item, in order.',
      request: { body: { required: true, content: { 'application/json': { schema: scoreRequest } } } },
      responses: {
        200: {
          description: 'One score per item, in order',
          content: { 'application/json': { schema: z.object({ items: z.array(textScore) }) } },
        },
        ...errorResponses(413, 415),
      },
    }),
    (c) => {
      const { items } = c.req.valid('json');
      return c.json({ items: items.map(({ text, ...options }) => ctx.scorer.score(text, options)) }, 200);
    },
  );
  return router;
}

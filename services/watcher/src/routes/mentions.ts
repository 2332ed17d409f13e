import { apiRoute, createRouter, errorResponses } from '@aftercare/http';
import type { AppContext } from '@aftercare/runtime';
import { externalRef, pageOf } from '@aftercare/schemas';
import { z } from '@hono/zod-openapi';
import { addAliases, aliasesOutput, aliasInput, listAliases } from '../mentions/aliases.js';
import { listMentions, mentionFilters, mentionOutput } from '../mentions/find-mentions.js';
import { ingestMentions } from '../mentions/ingest.js';
import { MAX_MENTIONS_PER_REQUEST, mentionInput } from '../mentions/mention-schema.js';
import { readNdjsonLines } from '../mentions/read-lines.js';

const mentionBatch = z
  .strictObject({
    // Each item is checked on its own (see MentionInput), so one bad post never refuses the batch.
    items: z.array(z.unknown().openapi({ description: 'a MentionInput' })).max(MAX_MENTIONS_PER_REQUEST, {
      error: `at most ${MAX_MENTIONS_PER_REQUEST} mentions in one request`,
    }),
  })
  .openapi('MentionBatch');

const ingestAnswer = z
  .object({
    accepted: z.number().int().openapi({ description: 'new mentions kept, scored and on the map' }),
    duplicates: z
      .number()
      .int()
      .openapi({ description: 'seen before (same source and externalId), counted once' }),
    rejected: z.array(
      z.object({
        index: z.number().int().openapi({ description: 'the item’s position; for NDJSON, its line from 0' }),
        field: z.string(),
        reason: z.string(),
      }),
    ),
  })
  .openapi('MentionIngestResult');

const READERS = ['supervisor', 'marketing'] as const;
const json = <T extends z.ZodType>(schema: T) => ({ 'application/json': { schema } });
const skuParam = z.object({ sku: externalRef });

/**
 * POST /v1/mentions (social posts and reviews in, as JSON items or an NDJSON stream), GET
 * /v1/mentions, and the aliases mentions are matched by: /v1/products/{sku}/aliases.
 */
export function mentionRoutes(ctx: AppContext) {
  const router = createRouter();
  // Items are checked one by one in the handler; the schema is published for clients all the same.
  router.openAPIRegistry.register('MentionInput', mentionInput);
  router.openapi(
    apiRoute({
      method: 'post',
      path: '/mentions',
      roles: ['ingest'],
      tags: ['Watcher'],
      summary:
        'Take up to 10,000 mentions in: each scored, attributed to a product and region, on the risk map',
      description:
        'JSON `{"items": [...]}` or an NDJSON body (`application/x-ndjson`, one mention a line). Each ' +
        'mention is checked on its own: valid ones are kept, bad ones are named in `rejected`, unlike the ' +
        'all-or-nothing reference batches. A mention seen before (same `source` and `externalId`, ever) ' +
        'counts once.',
      request: {
        body: {
          // Not `required`: with it, the JSON check would also run on (and refuse) an NDJSON body.
          // The media-type gate still insists on one of the two, and a JSON body must hold `items`.
          required: false,
          content: {
            'application/json': { schema: mentionBatch },
            'application/x-ndjson': {
              schema: z.string().openapi({ description: 'one MentionInput a line' }),
            },
          },
        },
      },
      responses: {
        202: { description: 'Taken in', content: { 'application/json': { schema: ingestAnswer } } },
        ...errorResponses(413, 415),
      },
    }),
    async (c) => {
      const ndjson = (c.req.header('content-type') ?? '').toLowerCase().startsWith('application/x-ndjson');
      const lines = ndjson
        ? readNdjsonLines(new Uint8Array(await c.req.arrayBuffer()))
        : (c.req.valid('json') as { items: unknown[] }).items.map((value, index) => ({ index, value }));
      return c.json(await ingestMentions(ctx, lines), 202);
    },
  );
  router.openapi(
    apiRoute({
      method: 'get',
      path: '/mentions',
      roles: READERS,
      tags: ['Watcher'],
      summary: 'Mentions, newest first; `attributed=false` shows what the matcher misses',
      request: { query: mentionFilters },
      responses: {
        200: { description: 'A page of mentions', content: json(pageOf(mentionOutput, 'MentionPage')) },
      },
    }),
    async (c) => c.json(await listMentions(ctx, c.req.valid('query')), 200),
  );
  router.openapi(
    apiRoute({
      method: 'post',
      path: '/products/{sku}/aliases',
      roles: READERS,
      tags: ['Watcher'],
      summary: 'Add other names of a product (in any language), matched in mentions from now on',
      request: { params: skuParam, body: { required: true, content: json(aliasInput) } },
      responses: {
        200: { description: 'The product’s aliases', content: json(aliasesOutput) },
        ...errorResponses(404, 409, 413, 415),
      },
    }),
    async (c) => {
      const { sku } = c.req.valid('param');
      const { aliases } = c.req.valid('json');
      return c.json(await addAliases(ctx, { sku, aliases, actor: c.var.principal.actor }), 200);
    },
  );
  router.openapi(
    apiRoute({
      method: 'get',
      path: '/products/{sku}/aliases',
      roles: READERS,
      tags: ['Watcher'],
      summary: 'A product’s aliases',
      request: { params: skuParam },
      responses: {
        200: { description: 'The product’s aliases', content: json(aliasesOutput) },
        ...errorResponses(404),
      },
    }),
    async (c) => c.json(await listAliases(ctx, c.req.valid('param').sku), 200),
  );
  return router;
}

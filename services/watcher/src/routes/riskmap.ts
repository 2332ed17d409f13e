import { apiRoute, createRouter, errorResponses } from '@aftercare/http';
import type { AppContext } from '@aftercare/runtime';
import { externalRef, filterText } from '@aftercare/schemas';
import { z } from '@hono/zod-openapi';
import { mentionOutput } from '../mentions/find-mentions.js';
import {
  cellEvidenceQuery,
  readCellEvidence,
  readRiskMap,
  riskCellOutput,
  riskMapQuery,
} from '../riskmap/read-map.js';

const READERS = ['supervisor', 'marketing'] as const;
const json = <T extends z.ZodType>(schema: T) => ({ 'application/json': { schema } });

const riskMap = z
  .object({
    from: z.string(),
    to: z.string(),
    granularity: z.enum(['hour', 'day']),
    items: z.array(riskCellOutput),
    nextCursor: z
      .string()
      .nullable()
      .openapi({ description: 'pass as `cursor` for the next page; null at the end' }),
  })
  .openapi('RiskMap');

const cellEvidence = z
  .object({
    sku: z.string(),
    productName: z.string(),
    region: z.string(),
    from: z.string(),
    to: z.string(),
    granularity: z.enum(['hour', 'day']),
    windows: z.array(riskCellOutput),
    topTerms: z.array(z.object({ term: z.string(), count: z.number().int() })),
    topics: z.record(z.string(), z.number().int()),
    samples: z.array(mentionOutput),
  })
  .openapi('RiskCellEvidence');

/** GET /v1/riskmap and /v1/riskmap/cells/{sku}/{region}: the complaint risk map and its evidence. */
export function riskMapRoutes(ctx: AppContext) {
  const router = createRouter();
  router.openapi(
    apiRoute({
      method: 'get',
      path: '/riskmap',
      roles: READERS,
      tags: ['Watcher'],
      summary:
        'The complaint risk map: cells (product x region x hour or day) with risk, trend and counts, riskiest first',
      request: { query: riskMapQuery },
      responses: { 200: { description: 'The map', content: json(riskMap) } },
    }),
    async (c) => c.json(await readRiskMap(ctx, c.req.valid('query')), 200),
  );
  router.openapi(
    apiRoute({
      method: 'get',
      path: '/riskmap/cells/{sku}/{region}',
      roles: READERS,
      tags: ['Watcher'],
      summary:
        'The evidence behind one product in one region: counts over time, top terms, topics, the latest negative mentions',
      request: {
        params: z.object({
          sku: externalRef,
          region: filterText(100).openapi({ description: '`unknown` for no region' }),
        }),
        query: cellEvidenceQuery,
      },
      responses: {
        200: { description: 'The evidence', content: json(cellEvidence) },
        ...errorResponses(404),
      },
    }),
    async (c) => {
      const { sku, region } = c.req.valid('param');
      return c.json(await readCellEvidence(ctx, { sku, region, query: c.req.valid('query') }), 200);
    },
  );
  return router;
}

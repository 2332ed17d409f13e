import { apiRoute, createRouter, errorResponses } from '@aftercare/http';
import type { AppContext } from '@aftercare/runtime';
import { pageOf } from '@aftercare/schemas';
import { listProducts, upsertProducts } from '../products.js';
import { batchOf, batchResult, MAX_BATCH, productFilters, productInput, productOutput } from '../schemas.js';
import { BATCH_DESCRIPTION, READERS, WRITERS } from './roles.js';

/** POST and GET /v1/products. */
export function productRoutes(ctx: AppContext) {
  const router = createRouter();
  router.openapi(
    apiRoute({
      method: 'post',
      path: '/products',
      roles: WRITERS,
      tags: ['Product'],
      summary: `Upsert up to ${MAX_BATCH} products by their SKU (all or nothing, idempotent)`,
      description: BATCH_DESCRIPTION,
      request: {
        body: {
          required: true,
          content: { 'application/json': { schema: batchOf(productInput, 'ProductBatch') } },
        },
      },
      responses: {
        200: { description: 'Written', content: { 'application/json': { schema: batchResult } } },
        ...errorResponses(413, 415),
      },
    }),
    async (c) => {
      const { items } = c.req.valid('json');
      const result = await upsertProducts(ctx, { records: items, actor: c.var.principal.actor });
      return c.json(result, 200);
    },
  );
  router.openapi(
    apiRoute({
      method: 'get',
      path: '/products',
      roles: READERS,
      tags: ['Product'],
      summary: 'List products, oldest first, a page at a time',
      description:
        'Filter: `category` (exact). Page with `limit` (1-500, default 50) and `cursor` (the previous ' +
        'page’s `nextCursor`; a cursor of another list is refused). Unknown parameters are refused with their name.',
      request: { query: productFilters },
      responses: {
        200: {
          description: 'A page',
          content: { 'application/json': { schema: pageOf(productOutput, 'ProductPage') } },
        },
      },
    }),
    async (c) => c.json(await listProducts(ctx, c.req.valid('query')), 200),
  );
  return router;
}

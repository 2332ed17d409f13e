import { apiRoute, createRouter, errorResponses } from '@aftercare/http';
import type { AppContext } from '@aftercare/runtime';
import { pageOf } from '@aftercare/schemas';
import { listOrders, upsertOrders } from '../orders.js';
import { batchOf, batchResult, MAX_BATCH, orderFilters, orderInput, orderOutput } from '../schemas.js';
import { BATCH_DESCRIPTION, READERS, WRITERS } from './roles.js';

/** POST and GET /v1/orders. */
export function orderRoutes(ctx: AppContext) {
  const router = createRouter();
  router.openapi(
    apiRoute({
      method: 'post',
      path: '/orders',
      roles: WRITERS,
      tags: ['Order'],
      summary: `Upsert up to ${MAX_BATCH} orders by their external ref (all or nothing, idempotent)`,
      description: `${BATCH_DESCRIPTION} Every order must name a customer and a product already held.`,
      request: {
        body: {
          required: true,
          content: { 'application/json': { schema: batchOf(orderInput, 'OrderBatch') } },
        },
      },
      responses: {
        200: { description: 'Written', content: { 'application/json': { schema: batchResult } } },
        ...errorResponses(413, 415),
      },
    }),
    async (c) => {
      const { items } = c.req.valid('json');
      const result = await upsertOrders(ctx, { records: items, actor: c.var.principal.actor });
      return c.json(result, 200);
    },
  );
  router.openapi(
    apiRoute({
      method: 'get',
      path: '/orders',
      roles: READERS,
      tags: ['Order'],
      summary: 'List orders, oldest first, a page at a time',
      description:
        'Filters, combined with AND: `customerRef` (the customer’s external ref), `sku`, `region`, ' +
        '`status`, and a purchase window `purchasedFrom` (inclusive) to `purchasedTo` (exclusive), ISO ' +
        '8601 with an offset. Page with `limit` (1-500, default 50) and `cursor` (the previous page’s ' +
        '`nextCursor`; a cursor of another list is refused). Unknown parameters are refused with their name.',
      request: { query: orderFilters },
      responses: {
        200: {
          description: 'A page',
          content: { 'application/json': { schema: pageOf(orderOutput, 'OrderPage') } },
        },
      },
    }),
    async (c) => c.json(await listOrders(ctx, c.req.valid('query')), 200),
  );
  return router;
}

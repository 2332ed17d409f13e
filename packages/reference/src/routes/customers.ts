import { apiRoute, createRouter, errorResponses } from '@aftercare/http';
import { type AppContext, NotFoundError } from '@aftercare/runtime';
import { filterText, pageOf } from '@aftercare/schemas';
import { z } from '@hono/zod-openapi';
import { findCustomer, listCustomers, upsertCustomers } from '../customers.js';
import {
  batchOf,
  batchResult,
  customerFilters,
  customerInput,
  customerOutput,
  MAX_BATCH,
} from '../schemas.js';
import { BATCH_DESCRIPTION, READERS, WRITERS } from './roles.js';

/** POST and GET /v1/customers, GET /v1/customers/{externalRef}. */
export function customerRoutes(ctx: AppContext) {
  const router = createRouter();
  router.openapi(
    apiRoute({
      method: 'post',
      path: '/customers',
      roles: WRITERS,
      tags: ['Customer'],
      summary: `Upsert up to ${MAX_BATCH} customers by their external ref (all or nothing, idempotent)`,
      description:
        `${BATCH_DESCRIPTION} A consent channel’s time and source change only when that channel does. ` +
        'A customer whose data was erased is left as it is and counted unchanged, so a feed cannot bring ' +
        'the personal data back.',
      request: {
        body: {
          required: true,
          content: { 'application/json': { schema: batchOf(customerInput, 'CustomerBatch') } },
        },
      },
      responses: {
        200: { description: 'Written', content: { 'application/json': { schema: batchResult } } },
        ...errorResponses(413, 415),
      },
    }),
    async (c) => {
      const { items } = c.req.valid('json');
      const result = await upsertCustomers(ctx, { records: items, actor: c.var.principal.actor });
      return c.json(result, 200);
    },
  );
  router.openapi(
    apiRoute({
      method: 'get',
      path: '/customers',
      roles: READERS,
      tags: ['Customer'],
      summary: 'List customers, oldest first, a page at a time',
      description:
        'Filters: `region` (exact) and `tier` (regular or vip), combined with AND. Page with `limit` ' +
        '(1-500, default 50) and `cursor` (the previous page’s `nextCursor`; a cursor of another list is ' +
        'refused). Unknown parameters are refused with their name.',
      request: { query: customerFilters },
      responses: {
        200: {
          description: 'A page',
          content: { 'application/json': { schema: pageOf(customerOutput, 'CustomerPage') } },
        },
      },
    }),
    async (c) => c.json(await listCustomers(ctx, c.req.valid('query')), 200),
  );
  router.openapi(
    apiRoute({
      method: 'get',
      path: '/customers/{externalRef}',
      roles: READERS,
      tags: ['Customer'],
      summary: 'One customer by the caller’s external ref',
      request: { params: z.object({ externalRef: filterText(128) }) },
      responses: {
        200: { description: 'The customer', content: { 'application/json': { schema: customerOutput } } },
        ...errorResponses(404),
      },
    }),
    async (c) => {
      const { externalRef } = c.req.valid('param');
      const customer = await findCustomer(ctx, externalRef);
      if (!customer) throw new NotFoundError(`no customer with externalRef ${externalRef}`);
      return c.json(customer, 200);
    },
  );
  return router;
}

import { createRouter, type HttpEnv, requireRole } from '@aftercare/http';
import type { AppContext } from '@aftercare/runtime';
import { NotFoundError } from '@aftercare/runtime';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { WriteContext } from './batch.js';
import { findCustomer, listCustomers, upsertCustomers } from './customers.js';
import { filterText } from './fields.js';
import { listOrders, upsertOrders } from './orders.js';
import { listProducts, upsertProducts } from './products.js';
import {
  batchOf,
  batchResult,
  customerFilters,
  customerInput,
  customerOutput,
  MAX_BATCH,
  orderFilters,
  orderInput,
  orderOutput,
  pageOf,
  productFilters,
  productInput,
  productOutput,
} from './schemas.js';

// Machines feed reference data; people read it. Admin may do both.
const WRITERS = ['ingest'] as const;
const READERS = ['supervisor', 'agent', 'marketing'] as const;

const problem = { content: { 'application/problem+json': { schema: z.object({}).passthrough() } } };
const errorResponses = {
  400: { description: 'Invalid input; `errors` lists every bad record index, field and reason', ...problem },
  401: { description: 'Missing, unknown, revoked or expired token', ...problem },
  403: { description: 'The token’s role may not do this', ...problem },
  413: { description: 'Body larger than the limit', ...problem },
  429: { description: 'Too many requests', ...problem },
  503: { description: 'Database unreachable; retry after the Retry-After seconds', ...problem },
};

interface Resource<In extends z.ZodType, Out extends z.ZodType, F extends z.ZodType> {
  path: string;
  tag: string;
  input: In;
  output: Out;
  filters: F;
  upsert: (write: WriteContext, items: z.output<In>[]) => Promise<z.output<typeof batchResult>>;
  list: (
    write: WriteContext,
    filters: z.output<F>,
  ) => Promise<{ items: z.output<Out>[]; nextCursor: string | null }>;
}

/** POST a batch (upsert by external ref) and GET a filtered page, the same shape for every resource. */
function mountResource<In extends z.ZodType, Out extends z.ZodType, F extends z.ZodType>(
  router: OpenAPIHono<HttpEnv>,
  ctx: AppContext,
  resource: Resource<In, Out, F>,
) {
  const { path, tag } = resource;
  const batch = batchOf(resource.input, `${tag}Batch`);
  router.use(path, async (c, next) =>
    c.req.method === 'POST' ? requireRole(...WRITERS)(c, next) : requireRole(...READERS)(c, next),
  );
  router.openapi(
    createRoute({
      method: 'post',
      path,
      tags: [tag],
      summary: `Upsert up to ${MAX_BATCH} ${path.slice(1)} by their external ref (all or nothing, idempotent)`,
      description:
        'Each record replaces the stored one with the same key: optional fields left out are cleared. ' +
        'A batch with any invalid record is rejected whole, with every bad record’s index, field and reason. ' +
        'Sending the same batch again changes nothing and answers it as unchanged.',
      request: { body: { required: true, content: { 'application/json': { schema: batch } } } },
      responses: {
        200: { description: 'Written', content: { 'application/json': { schema: batchResult } } },
        ...errorResponses,
      },
    }),
    async (c) => {
      const { items } = c.req.valid('json') as { items: z.output<In>[] };
      const result = await resource.upsert(
        { db: ctx.db, clock: ctx.clock, actor: c.var.principal.actor },
        items,
      );
      return c.json(result, 200);
    },
  );
  router.openapi(
    createRoute({
      method: 'get',
      path,
      tags: [tag],
      summary: `List ${path.slice(1)}, oldest first, a page at a time`,
      request: { query: resource.filters as never },
      responses: {
        200: {
          description: 'A page',
          content: { 'application/json': { schema: pageOf(resource.output, `${tag}Page`) } },
        },
        ...errorResponses,
      },
    }),
    async (c) => {
      const filters = c.req.valid('query' as never) as z.output<F>;
      return c.json(
        await resource.list({ db: ctx.db, clock: ctx.clock, actor: c.var.principal.actor }, filters),
        200,
      );
    },
  );
}

/** /v1/customers, /v1/products and /v1/orders. */
export function referenceRoutes(ctx: AppContext) {
  const router = createRouter();
  mountResource(router, ctx, {
    path: '/customers',
    tag: 'Customer',
    input: customerInput,
    output: customerOutput,
    filters: customerFilters,
    upsert: (write, items) => upsertCustomers(write, items),
    list: listCustomers,
  });
  mountResource(router, ctx, {
    path: '/products',
    tag: 'Product',
    input: productInput,
    output: productOutput,
    filters: productFilters,
    upsert: upsertProducts,
    list: listProducts,
  });
  mountResource(router, ctx, {
    path: '/orders',
    tag: 'Order',
    input: orderInput,
    output: orderOutput,
    filters: orderFilters,
    upsert: upsertOrders,
    list: listOrders,
  });

  router.use('/customers/:externalRef', requireRole(...READERS));
  router.openapi(
    createRoute({
      method: 'get',
      path: '/customers/{externalRef}',
      tags: ['Customer'],
      summary: 'One customer by the caller’s external ref',
      request: { params: z.object({ externalRef: filterText(128) }) },
      responses: {
        200: { description: 'The customer', content: { 'application/json': { schema: customerOutput } } },
        404: { description: 'No such customer', ...problem },
        ...errorResponses,
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

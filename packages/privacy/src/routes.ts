import { apiRoute, createRouter, errorResponses } from '@aftercare/http';
import type { AppContext } from '@aftercare/runtime';
import { filterText } from '@aftercare/schemas';
import { z } from '@hono/zod-openapi';
import { eraseCustomerData } from './erase-customer-data.js';
import { exportCustomerData } from './export-customer-data.js';
import { checkOwners, type PersonalDataOwner } from './owner.js';

const customerParams = z.object({
  externalRef: filterText(128).openapi({ description: 'the shop’s id for the customer', example: 'C000042' }),
});

const customerDataExport = z
  .object({
    customer: z.object({
      id: z.string().openapi({ example: 'cus_42' }),
      externalRef: z.string(),
      erasedAt: z.string().nullable(),
    }),
    exportedAt: z.string(),
    sections: z.record(z.string(), z.record(z.string(), z.unknown())).openapi({
      description: 'one section per owner of customer data, e.g. `reference` (customer, orders)',
    }),
  })
  .openapi('CustomerDataExport');

const customerErasure = z
  .object({
    customerId: z.string().openapi({ example: 'cus_42' }),
    externalRef: z.string(),
    erasedAt: z.string().openapi({ description: 'this erasure, or the first one when it was erased before' }),
    erasedNow: z.boolean().openapi({ description: 'false when an earlier request had erased it already' }),
    changed: z
      .record(z.string(), z.record(z.string(), z.number().int()))
      .openapi({ description: 'rows changed per owner and table' }),
  })
  .openapi('CustomerErasure');

/**
 * GET /v1/customers/{externalRef}/export and POST /v1/customers/{externalRef}/erase, over the
 * owners the composition root registers.
 * @example routes.route('/', privacyRoutes(ctx, [...PLATFORM_PERSONAL_DATA, ...serviceOwners]));
 */
export function privacyRoutes(ctx: AppContext, owners: readonly PersonalDataOwner[]) {
  checkOwners(owners);
  const router = createRouter();
  router.openapi(
    apiRoute({
      method: 'get',
      path: '/customers/{externalRef}/export',
      roles: ['supervisor'],
      tags: ['Privacy'],
      summary: 'Everything we hold about one customer, as one JSON document (access request)',
      description:
        'Answers a PIPL / GDPR access request: the customer and every record each owner of customer ' +
        'data holds about them (orders today; complaints, callbacks and messages as they land). Never cached.',
      request: { params: customerParams },
      responses: {
        200: { description: 'The export', content: { 'application/json': { schema: customerDataExport } } },
        ...errorResponses(404),
      },
    }),
    async (c) => {
      const { externalRef } = c.req.valid('param');
      return c.json(await exportCustomerData(ctx, { owners, externalRef }), 200);
    },
  );
  router.openapi(
    apiRoute({
      method: 'post',
      path: '/customers/{externalRef}/erase',
      roles: ['admin'],
      tags: ['Privacy'],
      summary: 'Erase one customer’s personal data (erasure request); idempotent',
      description:
        'Replaces the name with `erased`, clears phone and e-mail, turns every consent off (source ' +
        '`erased`) in every owner’s tables, in one transaction with an audit entry and a ' +
        '`customer.erased@1` event. Ids, region, tier, orders and counts stay, so reports still add up. ' +
        'Later upserts of the customer leave the erased record as it is. Takes no body; calling it ' +
        'again changes nothing and answers the first erasure’s time.',
      request: { params: customerParams },
      responses: {
        200: {
          description: 'Erased (now or before)',
          content: { 'application/json': { schema: customerErasure } },
        },
        ...errorResponses(404, 415),
      },
    }),
    async (c) => {
      const { externalRef } = c.req.valid('param');
      const erasure = await eraseCustomerData(ctx, { owners, externalRef, actor: c.var.principal.actor });
      return c.json(erasure, 200);
    },
  );
  return router;
}

import { apiRoute, createRouter, errorResponses } from '@aftercare/http';
import type { AppContext } from '@aftercare/runtime';
import { z } from '@hono/zod-openapi';
import { listPolicies, policyInput, policyOutput, putPolicies } from '../policies/policies.js';

const MANAGERS = ['supervisor'] as const;
const policies = z.object({ items: z.array(policyOutput) }).openapi('SlaPolicies');

/** GET and PUT /v1/sla-policies: the SLA targets per level and category, versioned. */
export function slaPolicyRoutes(ctx: AppContext) {
  const router = createRouter();
  router.openapi(
    apiRoute({
      method: 'get',
      path: '/sla-policies',
      roles: MANAGERS,
      tags: ['SLA'],
      summary: 'The SLA policies in force (minutes), one per level and category; `*` is a level’s catch-all',
      responses: { 200: { description: 'Policies', content: { 'application/json': { schema: policies } } } },
    }),
    async (c) => c.json({ items: await listPolicies(ctx) }, 200),
  );
  router.openapi(
    apiRoute({
      method: 'put',
      path: '/sla-policies',
      roles: MANAGERS,
      tags: ['SLA'],
      summary: 'Put new versions of policies in force; running complaints keep the targets they started with',
      request: {
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z.strictObject({ items: z.array(policyInput).min(1).max(50) }).openapi('SlaPolicyPut'),
            },
          },
        },
      },
      responses: {
        200: {
          description: 'The policies now in force',
          content: { 'application/json': { schema: policies } },
        },
        ...errorResponses(413, 415),
      },
    }),
    async (c) => {
      const { items } = c.req.valid('json');
      return c.json({ items: await putPolicies(ctx, { items, actor: c.var.principal.actor }) }, 200);
    },
  );
  return router;
}

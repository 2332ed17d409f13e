import { apiRoute, createRouter, errorResponses } from '@aftercare/http';
import type { AppContext } from '@aftercare/runtime';
import { pageOf } from '@aftercare/schemas';
import { z } from '@hono/zod-openapi';
import {
  alertDetailOutput,
  alertFilters,
  alertOutput,
  alertRowId,
  getAlert,
  listAlerts,
} from '../alerts/find-alerts.js';
import { acknowledgeAlert, acknowledgeInput, dismissAlert, dismissInput } from '../alerts/handle-alert.js';

const READERS = ['supervisor', 'marketing'] as const;
const json = <T extends z.ZodType>(schema: T) => ({ 'application/json': { schema } });
const alertParam = z.object({ id: z.string().openapi({ example: 'alr_12' }) });

/** GET /v1/alerts, GET /v1/alerts/{id}, POST /v1/alerts/{id}/acknowledge and /dismiss. */
export function alertRoutes(ctx: AppContext) {
  const router = createRouter();
  router.openapi(
    apiRoute({
      method: 'get',
      path: '/alerts',
      roles: READERS,
      tags: ['Watcher'],
      summary: 'Risk alerts (spikes and quality), newest first, by status, kind, product and region',
      request: { query: alertFilters },
      responses: {
        200: { description: 'A page of alerts', content: json(pageOf(alertOutput, 'RiskAlertPage')) },
      },
    }),
    async (c) => c.json(await listAlerts(ctx, c.req.valid('query')), 200),
  );
  router.openapi(
    apiRoute({
      method: 'get',
      path: '/alerts/{id}',
      roles: READERS,
      tags: ['Watcher'],
      summary: 'One alert, its evidence and the sample mentions behind it',
      request: { params: alertParam },
      responses: {
        200: { description: 'The alert', content: json(alertDetailOutput) },
        ...errorResponses(404),
      },
    }),
    async (c) => c.json(await getAlert(ctx, alertRowId(c.req.valid('param').id)), 200),
  );
  router.openapi(
    apiRoute({
      method: 'post',
      path: '/alerts/{id}/acknowledge',
      roles: READERS,
      tags: ['Watcher'],
      summary: 'Take an open alert on (who, when and why are recorded); it stays live until its cell calms',
      request: { params: alertParam, body: { content: json(acknowledgeInput), required: false } },
      responses: {
        200: { description: 'The alert, acknowledged', content: json(alertDetailOutput) },
        ...errorResponses(404, 409),
      },
    }),
    async (c) => {
      const id = alertRowId(c.req.valid('param').id);
      const { reason } = c.req.valid('json') ?? {};
      return c.json(await acknowledgeAlert(ctx, { id, actor: c.var.principal.actor, reason }), 200);
    },
  );
  router.openapi(
    apiRoute({
      method: 'post',
      path: '/alerts/{id}/dismiss',
      roles: READERS,
      tags: ['Watcher'],
      summary: 'Dismiss an open or acknowledged alert as not a real problem, with the reason',
      request: { params: alertParam, body: { content: json(dismissInput), required: true } },
      responses: {
        200: { description: 'The alert, dismissed', content: json(alertDetailOutput) },
        ...errorResponses(404, 409),
      },
    }),
    async (c) => {
      const id = alertRowId(c.req.valid('param').id);
      const { reason } = c.req.valid('json');
      return c.json(await dismissAlert(ctx, { id, actor: c.var.principal.actor, reason }), 200);
    },
  );
  return router;
}

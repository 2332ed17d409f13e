import { apiRoute, createRouter, errorResponses } from '@aftercare/http';
import { type AppContext, NotFoundError } from '@aftercare/runtime';
import { pageOf } from '@aftercare/schemas';
import { z } from '@hono/zod-openapi';
import {
  acknowledgeEscalation,
  escalationFilters,
  escalationOutput,
  listEscalations,
} from '../escalations/find-escalations.js';

const STAFF = ['agent', 'supervisor'] as const;
const escalationParam = z.object({ id: z.string().openapi({ example: 'esc_12' }) });

function escalationRowId(id: string): number {
  const match = /^esc_(\d{1,15})$/.exec(id);
  if (!match) throw new NotFoundError(`no escalation ${id}; ids look like esc_12`);
  return Number(match[1]);
}

/** GET /v1/escalations and POST /v1/escalations/{id}/acknowledge. */
export function escalationRoutes(ctx: AppContext) {
  const router = createRouter();
  router.openapi(
    apiRoute({
      method: 'get',
      path: '/escalations',
      roles: STAFF,
      tags: ['SLA'],
      summary: 'Escalations of breached clocks, newest first, by case, assignee and status',
      request: { query: escalationFilters },
      responses: {
        200: {
          description: 'A page of escalations',
          content: { 'application/json': { schema: pageOf(escalationOutput, 'EscalationPage') } },
        },
      },
    }),
    async (c) => c.json(await listEscalations(ctx, c.req.valid('query')), 200),
  );
  router.openapi(
    apiRoute({
      method: 'post',
      path: '/escalations/{id}/acknowledge',
      roles: STAFF,
      tags: ['SLA'],
      summary: 'Take an escalation on (its assignee, or a supervisor): its reminders stop',
      request: { params: escalationParam },
      responses: {
        200: {
          description: 'The escalation, acknowledged',
          content: { 'application/json': { schema: escalationOutput } },
        },
        ...errorResponses(404, 409),
      },
    }),
    async (c) => {
      const id = escalationRowId(c.req.valid('param').id);
      const { actor, role, userId } = c.var.principal;
      return c.json(await acknowledgeEscalation(ctx, { id, caller: { actor, role, userId } }), 200);
    },
  );
  return router;
}

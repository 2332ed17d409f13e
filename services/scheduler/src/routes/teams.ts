import { apiRoute, createRouter, errorResponses } from '@aftercare/http';
import type { AppContext } from '@aftercare/runtime';
import { pageOf } from '@aftercare/schemas';
import { z } from '@hono/zod-openapi';
import { listStaff, putStaff, staffFilters, staffInput, staffOutput } from '../staff/staff.js';
import { listTeams, putTeam, teamInput, teamOutput } from '../staff/teams.js';

const MANAGERS = ['supervisor'] as const;
const json = <T extends z.ZodType>(schema: T) => ({ 'application/json': { schema } });

/** /v1/teams and /v1/staff: the care teams, their calendars and supervisors, and the people in them. */
export function teamRoutes(ctx: AppContext) {
  const router = createRouter();
  router.openapi(
    apiRoute({
      method: 'post',
      path: '/teams',
      roles: MANAGERS,
      tags: ['Teams'],
      summary: 'Create or replace a team by key: its business calendar and supervisor',
      request: { body: { required: true, content: json(teamInput) } },
      responses: {
        200: { description: 'The team', content: json(teamOutput) },
        ...errorResponses(413, 415),
      },
    }),
    async (c) => c.json(await putTeam(ctx, { team: c.req.valid('json'), actor: c.var.principal.actor }), 200),
  );
  router.openapi(
    apiRoute({
      method: 'get',
      path: '/teams',
      roles: ['agent', 'supervisor'],
      tags: ['Teams'],
      summary: 'Every team, with its calendar, supervisor and head count',
      responses: {
        200: {
          description: 'Teams',
          content: json(z.object({ items: z.array(teamOutput) }).openapi('Teams')),
        },
      },
    }),
    async (c) => c.json({ items: await listTeams(ctx) }, 200),
  );
  router.openapi(
    apiRoute({
      method: 'post',
      path: '/staff',
      roles: MANAGERS,
      tags: ['Teams'],
      summary: 'Create or update a member of staff by e-mail: role, team, position, phone, working hours',
      description:
        'Positions are the rungs of the escalation chain (supervisor, team lead, duty manager, head of ' +
        'care). A supervisor manages agents and supervisors; other roles need an admin.',
      request: { body: { required: true, content: json(staffInput) } },
      responses: {
        200: { description: 'The member of staff', content: json(staffOutput) },
        ...errorResponses(413, 415),
      },
    }),
    async (c) => {
      const { actor, role } = c.var.principal;
      return c.json(await putStaff(ctx, { staff: c.req.valid('json'), caller: { actor, role } }), 200);
    },
  );
  router.openapi(
    apiRoute({
      method: 'get',
      path: '/staff',
      roles: MANAGERS,
      tags: ['Teams'],
      summary: 'Staff by team and position, with whether each is on duty now',
      request: { query: staffFilters },
      responses: { 200: { description: 'A page of staff', content: json(pageOf(staffOutput, 'StaffPage')) } },
    }),
    async (c) => c.json(await listStaff(ctx, c.req.valid('query')), 200),
  );
  return router;
}

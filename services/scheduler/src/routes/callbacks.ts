import { apiRoute, createRouter, errorResponses } from '@aftercare/http';
import type { AppContext } from '@aftercare/runtime';
import { pageOf } from '@aftercare/schemas';
import { z } from '@hono/zod-openapi';
import { claimCallback, claimNextCallback, renewCallback } from '../callbacks/claim.js';
import { completeCallback } from '../callbacks/complete.js';
import { getCallback, getCallbackDetail, listCallbacks } from '../callbacks/find.js';
import { callbackRowId } from '../callbacks/ids.js';
import { callbackCompletion, callbackDetail, callbackFilters, callbackOutput } from '../callbacks/schemas.js';

const AGENTS = ['agent'] as const;
const READERS = ['agent', 'supervisor'] as const;
const callbackParam = z.object({ id: z.string().max(32).openapi({ example: 'cb_42' }) });
const json = { 'application/json': { schema: callbackOutput } };

/** The callback queue: claim (next or one), renew, complete; list and read with the customer card. */
export function callbackRoutes(ctx: AppContext) {
  const router = createRouter();
  const agentOf = (principal: { actor: string; userId?: number | undefined }) => ({
    actor: principal.actor,
    userId: principal.userId,
  });
  router.openapi(
    apiRoute({
      method: 'post',
      path: '/callbacks/claim',
      roles: AGENTS,
      tags: ['Callbacks'],
      summary: 'Claim the most urgent due callback that fits the customer’s calling hours',
      description:
        'Order: level (1 first, none last), post-resolution callbacks before others, VIP, then due time; ' +
        'only customers whose local time is within calling hours (09:00-20:00). The claim is a lease of ' +
        '15 minutes (renew it while the call goes on); a lapsed claim returns to the queue. No body; 204 ' +
        'when nothing is due.',
      responses: {
        200: { description: 'Claimed', content: json },
        204: { description: 'Nothing is due' },
      },
    }),
    async (c) => {
      const row = await claimNextCallback(ctx, agentOf(c.var.principal));
      if (!row) return c.body(null, 204);
      return c.json(await getCallback(ctx, row.id), 200);
    },
  );
  router.openapi(
    apiRoute({
      method: 'post',
      path: '/callbacks/{id}/claim',
      roles: AGENTS,
      tags: ['Callbacks'],
      summary: 'Claim one callback whatever its due time (picked from a list, or the customer calling in)',
      description:
        'A finished callback, or one another agent holds, answers 409. The holder claiming again renews.',
      request: { params: callbackParam },
      responses: { 200: { description: 'Claimed', content: json }, ...errorResponses(404, 409) },
    }),
    async (c) => {
      const id = callbackRowId(c.req.valid('param').id);
      await claimCallback(ctx, { id, agent: agentOf(c.var.principal) });
      return c.json(await getCallback(ctx, id), 200);
    },
  );
  router.openapi(
    apiRoute({
      method: 'post',
      path: '/callbacks/{id}/renew',
      roles: AGENTS,
      tags: ['Callbacks'],
      summary: 'Extend the lease while the call goes on (the holder only; 409 for anyone else)',
      request: { params: callbackParam },
      responses: { 200: { description: 'Renewed', content: json }, ...errorResponses(404, 409) },
    }),
    async (c) => {
      const id = callbackRowId(c.req.valid('param').id);
      await renewCallback(ctx, { id, agent: agentOf(c.var.principal) });
      return c.json(await getCallback(ctx, id), 200);
    },
  );
  router.openapi(
    apiRoute({
      method: 'post',
      path: '/callbacks/{id}/complete',
      roles: AGENTS,
      tags: ['Callbacks'],
      summary: 'Record how the call went: the outcome, a note and (when reached) the answers',
      description:
        'reached (answers checked against the callback’s questionnaire version), wrong_number and refused ' +
        'finish it; no_answer and busy retry it 2 hours later within its window, until its attempts run out ' +
        '(unreachable); call_later offers it again at callAt (in the future). Only the agent holding the ' +
        'lease may complete (409 for anyone else); a 4xx changes nothing.',
      request: {
        params: callbackParam,
        body: { required: true, content: { 'application/json': { schema: callbackCompletion } } },
      },
      responses: {
        200: { description: 'The callback after the call', content: json },
        ...errorResponses(404, 409, 413, 415),
      },
    }),
    async (c) => {
      const id = callbackRowId(c.req.valid('param').id);
      await completeCallback(ctx, { id, agent: agentOf(c.var.principal), input: c.req.valid('json') });
      return c.json(await getCallback(ctx, id), 200);
    },
  );
  router.openapi(
    apiRoute({
      method: 'get',
      path: '/callbacks',
      roles: READERS,
      tags: ['Callbacks'],
      summary: 'List callbacks, oldest first, a page at a time',
      description:
        'Filters: `customerRef`, `complaintId`, `planId`, `kind`, `status`, `agent` (token:5 or usr_3), ' +
        '`dueFrom` (inclusive), `dueTo` (exclusive), combined with AND; `limit` and `cursor` page.',
      request: { query: callbackFilters },
      responses: {
        200: {
          description: 'A page',
          content: { 'application/json': { schema: pageOf(callbackOutput, 'CallbackPage') } },
        },
      },
    }),
    async (c) => c.json(await listCallbacks(ctx, c.req.valid('query')), 200),
  );
  router.openapi(
    apiRoute({
      method: 'get',
      path: '/callbacks/{id}',
      roles: READERS,
      tags: ['Callbacks'],
      summary: 'One callback with its answers and the customer card the agent calls from',
      request: { params: callbackParam },
      responses: {
        200: { description: 'The callback', content: { 'application/json': { schema: callbackDetail } } },
        ...errorResponses(404),
      },
    }),
    async (c) => c.json(await getCallbackDetail(ctx, callbackRowId(c.req.valid('param').id)), 200),
  );
  return router;
}

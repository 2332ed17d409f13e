import { apiRoute, createRouter, errorResponses } from '@aftercare/http';
import { type AppContext, ValidationError } from '@aftercare/runtime';
import { pageOf, plainText, toFieldProblems } from '@aftercare/schemas';
import { z } from '@hono/zod-openapi';
import { applyComplaintEvent } from '../complaints/apply-event.js';
import { caseEventInput } from '../complaints/events-schema.js';
import {
  getComplaint,
  getComplaintDetail,
  getComplaints,
  listComplaints,
} from '../complaints/find-complaints.js';
import { complaintRowId } from '../complaints/ids.js';
import { type OpenOutcome, openComplaints } from '../complaints/open-complaints.js';
import { regradeCase } from '../complaints/regrade.js';
import {
  type ComplaintInput,
  complaintBatch,
  complaintDetail,
  complaintFilters,
  complaintInput,
  complaintOutput,
  MAX_COMPLAINT_BATCH,
} from '../complaints/schemas.js';

// Helpdesks feed complaints; agents and supervisors also take them by phone. Admin may do all.
const INTAKE = ['ingest', 'agent', 'supervisor'] as const;
const READERS = ['agent', 'supervisor'] as const;

const batchAnswer = z
  .object({
    items: z.array(
      z.object({
        index: z.number().int(),
        status: z.enum(['created', 'merged', 'existing', 'rejected']),
        complaint: complaintOutput.optional(),
        errors: z.array(z.object({ field: z.string(), reason: z.string() })).optional(),
      }),
    ),
  })
  .openapi('ComplaintBatchResult');

/** POST /v1/complaints (+ /batch), GET /v1/complaints and /v1/complaints/{id}. */
export function complaintRoutes(ctx: AppContext) {
  const router = createRouter();
  router.openapi(
    apiRoute({
      method: 'post',
      path: '/complaints',
      roles: INTAKE,
      tags: ['Complaints'],
      summary: 'Take a complaint in: graded, routed, its SLA clocks started; idempotent on externalRef',
      description:
        'A retry with the same externalRef answers the complaint it made (200). A duplicate (same customer, ' +
        'same order, or same SKU without an order, same category, while one is open) merges into the open ' +
        'complaint and answers it with `merged: true` (200). A new complaint answers 201.',
      request: { body: { required: true, content: { 'application/json': { schema: complaintInput } } } },
      responses: {
        201: { description: 'Taken in', content: { 'application/json': { schema: complaintOutput } } },
        200: {
          description: 'A retry, or a duplicate merged',
          content: { 'application/json': { schema: complaintOutput } },
        },
        ...errorResponses(413, 415),
      },
    }),
    async (c) => {
      const item = c.req.valid('json');
      const [outcome] = await openComplaints(ctx, { items: [item], actor: c.var.principal.actor });
      if (!outcome || outcome.status === 'rejected') {
        throw new ValidationError('the complaint was not taken in', outcome?.errors ?? []);
      }
      const complaint = await getComplaint(ctx, { id: outcome.complaintId, merged: outcome.merged });
      return outcome.status === 'created' ? c.json(complaint, 201) : c.json(complaint, 200);
    },
  );
  router.openapi(
    apiRoute({
      method: 'post',
      path: '/complaints/batch',
      roles: INTAKE,
      tags: ['Complaints'],
      summary: `Take in up to ${MAX_COMPLAINT_BATCH} complaints (a backfill); answers per item`,
      description:
        'Each item is taken in as by POST /v1/complaints; an invalid item is rejected with its fields and the others go on.',
      request: { body: { required: true, content: { 'application/json': { schema: complaintBatch } } } },
      responses: {
        200: {
          description: 'One answer per item, in order',
          content: { 'application/json': { schema: batchAnswer } },
        },
        ...errorResponses(413, 415),
      },
    }),
    async (c) => {
      const { items } = c.req.valid('json');
      const parsed = items.map((item) => complaintInput.safeParse(item));
      const valid: ComplaintInput[] = parsed.flatMap((result) => (result.success ? [result.data] : []));
      const outcomes = await openComplaints(ctx, { items: valid, actor: c.var.principal.actor });
      const complaints = await getComplaints(
        ctx,
        outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [] : [outcome.complaintId])),
      );
      let next = 0;
      const answers = parsed.map((result, index) => {
        if (!result.success) {
          return { index, status: 'rejected' as const, errors: toFieldProblems(result.error.issues) };
        }
        const outcome: OpenOutcome = outcomes[next++]!;
        if (outcome.status === 'rejected') return { index, status: outcome.status, errors: outcome.errors };
        const complaint = complaints.get(outcome.complaintId)!;
        return { index, status: outcome.status, complaint: { ...complaint, merged: outcome.merged } };
      });
      return c.json({ items: answers }, 200);
    },
  );
  router.openapi(
    apiRoute({
      method: 'get',
      path: '/complaints',
      roles: READERS,
      tags: ['Complaints'],
      summary: 'List complaints, oldest first, a page at a time',
      description:
        'Filters: `status`, `level`, `category`, `team`, `customerRef`, `sku`, `breached` (a clock ran out), ' +
        'combined with AND; `limit` and `cursor` page.',
      request: { query: complaintFilters },
      responses: {
        200: {
          description: 'A page',
          content: { 'application/json': { schema: pageOf(complaintOutput, 'ComplaintPage') } },
        },
      },
    }),
    async (c) => c.json(await listComplaints(ctx, c.req.valid('query')), 200),
  );
  router.openapi(
    apiRoute({
      method: 'get',
      path: '/complaints/{id}',
      roles: READERS,
      tags: ['Complaints'],
      summary: 'One complaint with its clocks and full history',
      request: { params: z.object({ id: z.string().max(32) }) },
      responses: {
        200: { description: 'The complaint', content: { 'application/json': { schema: complaintDetail } } },
        ...errorResponses(404),
      },
    }),
    async (c) => c.json(await getComplaintDetail(ctx, complaintRowId(c.req.valid('param').id)), 200),
  );
  router.openapi(
    apiRoute({
      method: 'post',
      path: '/complaints/{id}/events',
      roles: INTAKE,
      tags: ['Complaints'],
      summary: 'Move a complaint: first contact, waiting on the customer, resolved, ...; its clocks follow',
      description:
        'first_contact and solution_proposed meet their clocks (breached when late) and first contact starts ' +
        'the progress-update clock; progress_update restarts it; waiting_customer pauses every running clock ' +
        'and customer_replied resumes them with the time they had left; marked_complex gives the solution ' +
        'clock the complex target and records a task to tell the customer (done by the next progress_update, ' +
        'solution_proposed or resolved); internal_request starts the ' +
        'internal-reply clock until internal_reply; resolved stops them and starts the confirmation and ' +
        'satisfaction-callback clocks; confirmation_sent meets the confirmation; reopened and closed follow. ' +
        'An event that does not fit the state, or dated before the last one, is a 409 that changes nothing.',
      request: {
        params: z.object({ id: z.string().max(32) }),
        body: { required: true, content: { 'application/json': { schema: caseEventInput } } },
      },
      responses: {
        200: {
          description: 'The complaint after the event',
          content: { 'application/json': { schema: complaintDetail } },
        },
        ...errorResponses(404, 409, 413, 415),
      },
    }),
    async (c) => {
      const id = complaintRowId(c.req.valid('param').id);
      await applyComplaintEvent(ctx, { id, event: c.req.valid('json'), actor: c.var.principal.actor });
      return c.json(await getComplaintDetail(ctx, id), 200);
    },
  );
  router.openapi(
    apiRoute({
      method: 'post',
      path: '/complaints/{id}/grade',
      roles: ['supervisor'],
      tags: ['Complaints'],
      summary: 'Regrade an open complaint; its running clocks follow the new level from now',
      description:
        'The earlier reasons stay, followed by the regrade (who, and the note). A clock is then due at its ' +
        'start plus the new level’s target, never before now. A resolved or closed complaint answers 409.',
      request: {
        params: z.object({ id: z.string().max(32) }),
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z
                .strictObject({
                  level: z.union([z.literal(1), z.literal(2), z.literal(3)], { error: 'expected 1, 2 or 3' }),
                  note: plainText(2_000).optional(),
                })
                .openapi('ComplaintRegrade'),
            },
          },
        },
      },
      responses: {
        200: {
          description: 'The complaint, regraded',
          content: { 'application/json': { schema: complaintDetail } },
        },
        ...errorResponses(404, 409, 413, 415),
      },
    }),
    async (c) => {
      const id = complaintRowId(c.req.valid('param').id);
      const { level, note } = c.req.valid('json');
      await regradeCase(ctx, { id, level, note, actor: c.var.principal.actor });
      return c.json(await getComplaintDetail(ctx, id), 200);
    },
  );
  return router;
}

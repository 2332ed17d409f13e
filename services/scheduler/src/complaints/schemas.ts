import { CLOCK_KINDS, COMPLAINT_CATEGORIES, COMPLAINT_CHANNELS } from '@aftercare/events';
import { externalRef, filterText, isoDateTime, listCursor, listLimit, plainText } from '@aftercare/schemas';
import { z } from '@hono/zod-openapi';
import { userRef } from '../staff/ids.js';

// The vocabulary is the event catalogue's: the API and the events name things the same way.
export const CHANNELS = COMPLAINT_CHANNELS;
export const CATEGORIES = COMPLAINT_CATEGORIES;
export const STATUSES = ['open', 'waiting_customer', 'resolved', 'closed'] as const;
export const CLOCK_STATES = ['running', 'paused', 'met', 'breached', 'cancelled'] as const;

/** Longest complaint text taken in; a helpdesk transcript longer than this is a paste, not a complaint. */
export const MAX_TEXT = 10_000;
export const MAX_COMPLAINT_BATCH = 1_000;

export const complaintInput = z
  .strictObject({
    externalRef: externalRef.openapi({
      description: 'the caller’s id for the complaint; a retry matches on it',
    }),
    customerRef: externalRef,
    orderRef: externalRef.optional(),
    sku: externalRef
      .optional()
      .openapi({ description: 'the product, when there is no order (or to be precise)' }),
    channel: z.enum(CHANNELS, { error: `expected one of ${CHANNELS.join(', ')}` }),
    category: z
      .enum(CATEGORIES, { error: `expected one of ${CATEGORIES.join(', ')}` })
      .optional()
      .openapi({ description: 'read from the text when left out' }),
    text: plainText(MAX_TEXT),
    team: plainText(64).optional().openapi({ description: 'routed by category when left out' }),
    assignee: userRef.optional().openapi({
      description:
        'the owner; routing picks the least-loaded agent on duty (level 1: a duty manager) when left out',
    }),
    openedAt: isoDateTime.optional().openapi({
      description: 'defaults to now; a past time backfills history (up to COMPLAINT_BACKFILL_MAX_DAYS)',
    }),
  })
  .openapi('ComplaintInput');
export type ComplaintInput = z.output<typeof complaintInput>;

export const complaintBatch = z
  .strictObject({
    items: z
      .array(z.unknown())
      .min(1, { error: 'a batch needs at least one complaint' })
      .max(MAX_COMPLAINT_BATCH, { error: `a batch holds at most ${MAX_COMPLAINT_BATCH} complaints` }),
  })
  .openapi('ComplaintBatch');

const clockOutput = z
  .object({
    kind: z.enum(CLOCK_KINDS),
    dueAt: z.string(),
    state: z.enum(CLOCK_STATES),
  })
  .openapi('ComplaintClock');

export const complaintOutput = z
  .object({
    id: z.string().openapi({ example: 'cmp_42' }),
    externalRef: z.string(),
    customerRef: z.string(),
    orderRef: z.string().nullable(),
    sku: z.string().nullable(),
    channel: z.enum(CHANNELS),
    category: z.enum(CATEGORIES),
    categoryInferred: z.boolean(),
    text: z.string(),
    team: z.string(),
    assignee: z.string().nullable().openapi({ example: 'usr_7', description: 'null: in the team’s queue' }),
    level: z.union([z.literal(1), z.literal(2), z.literal(3)]),
    levelReasons: z.array(z.object({ code: z.string(), detail: z.string() })),
    status: z.enum(STATUSES),
    merged: z
      .boolean()
      .openapi({ description: 'this request was a duplicate merged into an open complaint' }),
    mergedCount: z.number().int(),
    openedAt: z.string(),
    clocks: z.array(clockOutput),
  })
  .openapi('Complaint');
export type ComplaintOutput = z.output<typeof complaintOutput>;

export const complaintDetail = complaintOutput
  .extend({
    tasks: z
      .array(
        z.object({
          kind: z.enum(['inform_customer_complex']),
          dueAt: z.string(),
          status: z.enum(['open', 'done']),
          doneAt: z.string().nullable(),
        }),
      )
      .openapi({
        description:
          'what no clock covers: a complex case’s customer is to be told it takes longer (done by the next progress update, the solution or the resolution)',
      }),
    history: z.array(
      z.object({
        at: z.string(),
        type: z.string(),
        actor: z.string(),
        note: z.string().nullable(),
        details: z.record(z.string(), z.unknown()),
      }),
    ),
  })
  .openapi('ComplaintDetail');

export const complaintFilters = z.strictObject({
  status: z.enum(STATUSES).optional(),
  level: z.enum(['1', '2', '3'], { error: 'expected 1, 2 or 3' }).optional(),
  category: z.enum(CATEGORIES).optional(),
  team: filterText(64).optional(),
  assignee: userRef.optional(),
  customerRef: filterText(128).optional(),
  sku: filterText(128).optional(),
  breached: z.enum(['true', 'false'], { error: 'expected true or false' }).optional(),
  limit: listLimit(),
  cursor: listCursor,
});
export type ComplaintFilters = z.output<typeof complaintFilters>;

import { isoDateTime, plainText } from '@aftercare/schemas';
import { z } from '@hono/zod-openapi';
import { userRef } from '../staff/ids.js';

export const CASE_EVENT_TYPES = [
  'first_contact',
  'solution_proposed',
  'progress_update',
  'waiting_customer',
  'customer_replied',
  'marked_complex',
  'internal_request',
  'internal_reply',
  'resolved',
  'confirmation_sent',
  'reopened',
  'closed',
  'assigned',
] as const;
export type CaseEventType = (typeof CASE_EVENT_TYPES)[number];

export const caseEventInput = z
  .strictObject({
    type: z.enum(CASE_EVENT_TYPES, { error: `expected one of ${CASE_EVENT_TYPES.join(', ')}` }),
    at: isoDateTime
      .optional()
      .openapi({ description: 'when it happened; defaults to now, never in the future' }),
    note: plainText(2_000).optional(),
    department: plainText(64)
      .optional()
      .openapi({ description: 'for internal_request: who is asked to help' }),
    assignee: userRef.optional().openapi({ description: 'for assigned: the new owner' }),
  })
  .refine((event) => event.type !== 'internal_request' || event.department !== undefined, {
    path: ['department'],
    error: 'an internal request names the department asked',
  })
  .refine((event) => event.type !== 'assigned' || event.assignee !== undefined, {
    path: ['assignee'],
    error: 'an assignment names the new owner',
  })
  .openapi('ComplaintEventInput');
export type CaseEventInput = z.output<typeof caseEventInput>;

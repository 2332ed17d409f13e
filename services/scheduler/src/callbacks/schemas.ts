import type { CallbackKind, CallbackOutcome, CallbackStatus } from '@aftercare/db';
import { filterText, isoDateTime, listCursor, listLimit, plainText } from '@aftercare/schemas';
import { z } from '@hono/zod-openapi';

export const CALLBACK_KINDS = [
  'confirmation',
  'satisfaction',
  'periodic',
  'proactive',
  'follow_up',
] as const satisfies readonly CallbackKind[];
export const CALLBACK_STATUSES = [
  'pending',
  'claimed',
  'completed',
  'unreachable',
  'cancelled',
] as const satisfies readonly CallbackStatus[];
export const CALLBACK_OUTCOMES = [
  'reached',
  'no_answer',
  'busy',
  'wrong_number',
  'call_later',
  'refused',
] as const satisfies readonly CallbackOutcome[];

const answerValue = z
  .union([z.number(), z.string().max(64), z.array(z.string().max(64)).max(20)], {
    error: 'expected a scale point (a number), an option id, or a list of option ids',
  })
  .openapi({ description: 'a scale point, or the chosen option id (a list when several may be chosen)' });

export const callbackCompletion = z
  .strictObject({
    outcome: z
      .enum(CALLBACK_OUTCOMES, { error: `expected one of ${CALLBACK_OUTCOMES.join(', ')}` })
      .openapi({ description: 'how the call went' }),
    answers: z
      .array(
        z.strictObject({
          questionId: z.string({ error: 'expected a question id' }).max(64),
          text: plainText(4_000)
            .optional()
            .openapi({ description: 'what the customer said (open questions)' }),
          value: answerValue.optional(),
        }),
        { error: 'expected a list of answers' },
      )
      .max(30, { error: 'at most 30 answers' })
      .optional()
      .openapi({
        description: 'required for reached: one per question answered, the required ones at least',
      }),
    callAt: isoDateTime.optional().openapi({ description: 'for call_later: when to call, in the future' }),
    note: plainText(2_000).optional(),
  })
  .openapi('CallbackCompletion');
export type CallbackCompletion = z.output<typeof callbackCompletion>;

const questionOut = z.object({
  id: z.string(),
  kind: z.enum(['open', 'scale', 'choice']),
  text: z.string().openapi({ description: "in the customer's locale" }),
  required: z.boolean(),
  min: z.number().int().optional(),
  max: z.number().int().optional(),
  multiple: z.boolean().optional(),
  options: z.array(z.object({ id: z.string(), text: z.string() })).optional(),
});

export const callbackOutput = z
  .object({
    id: z.string().openapi({ example: 'cb_42' }),
    customerRef: z.string(),
    complaintId: z.string().nullable(),
    planId: z.string().nullable(),
    kind: z.enum(CALLBACK_KINDS),
    dueAt: z.string(),
    windowEnd: z.string(),
    status: z.enum(CALLBACK_STATUSES).openapi({
      description: 'a claim whose lease ran out shows as pending: any agent may take it',
    }),
    attempts: z.number().int().openapi({ description: 'calls that did not reach the customer' }),
    maxAttempts: z.number().int(),
    nextAttemptAt: z.string().nullable(),
    level: z.number().int().nullable(),
    vip: z.boolean(),
    agent: z.string().nullable().openapi({ description: 'who holds it, or last held it' }),
    leaseExpiresAt: z.string().nullable(),
    outcome: z.enum(CALLBACK_OUTCOMES).nullable(),
    note: z.string().nullable(),
    followUp: z.string().nullable().openapi({
      description: 'what a dissatisfied answer set off: complaint_reopened, or follow_up_planned: cb_N',
    }),
    callAt: z.string().nullable(),
    createdAt: z.string(),
    completedAt: z.string().nullable(),
    questionnaire: z.object({ id: z.string(), version: z.number().int(), questions: z.array(questionOut) }),
  })
  .openapi('Callback');
export type CallbackOutput = z.output<typeof callbackOutput>;

const answerOut = z.object({
  questionId: z.string(),
  text: z.string().nullable(),
  value: z.unknown().nullable(),
  answeredAt: z.string(),
});

export const callbackDetail = callbackOutput
  .extend({
    answers: z.array(answerOut),
    customer: z.object({
      ref: z.string(),
      name: z.string(),
      phone: z.string().nullable(),
      email: z.string().nullable(),
      locale: z.string(),
      timeZone: z.string(),
      localTime: z
        .string()
        .openapi({ description: "the customer's wall-clock time now", example: '2026-03-02T10:15' }),
      region: z.string(),
      tier: z.enum(['regular', 'vip']),
      consents: z.object({ sms: z.boolean(), email: z.boolean(), call: z.boolean() }),
      recentOrders: z.array(
        z.object({
          ref: z.string(),
          sku: z.string(),
          product: z.string(),
          purchasedAt: z.string(),
          amount: z.string(),
          status: z.string(),
        }),
      ),
      complaints: z.array(
        z.object({
          id: z.string(),
          status: z.string(),
          level: z.number().int(),
          category: z.string(),
          text: z.string(),
          openedAt: z.string(),
          resolvedAt: z.string().nullable(),
        }),
      ),
      earlierCallbacks: z.array(
        z.object({
          id: z.string(),
          kind: z.enum(CALLBACK_KINDS),
          status: z.enum(CALLBACK_STATUSES),
          outcome: z.enum(CALLBACK_OUTCOMES).nullable(),
          note: z.string().nullable(),
          completedAt: z.string().nullable(),
          answers: z.array(answerOut),
        }),
      ),
    }),
  })
  .openapi('CallbackDetail');
export type CallbackDetail = z.output<typeof callbackDetail>;

export const callbackFilters = z.strictObject({
  customerRef: filterText(128).optional(),
  complaintId: z
    .string()
    .regex(/^cmp_\d{1,15}$/, { error: 'expected a complaint id like cmp_42' })
    .optional(),
  planId: z
    .string()
    .regex(/^pln_\d{1,15}$/, { error: 'expected a plan id like pln_7' })
    .optional(),
  kind: z.enum(CALLBACK_KINDS, { error: `expected one of ${CALLBACK_KINDS.join(', ')}` }).optional(),
  status: z.enum(CALLBACK_STATUSES, { error: `expected one of ${CALLBACK_STATUSES.join(', ')}` }).optional(),
  agent: filterText(128).optional().openapi({ description: 'the actor (token:5) or person (usr_3)' }),
  dueFrom: isoDateTime.optional(),
  dueTo: isoDateTime.optional(),
  limit: listLimit(),
  cursor: listCursor,
});
export type CallbackFilters = z.output<typeof callbackFilters>;

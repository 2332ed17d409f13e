import { z } from 'zod';

import { customerId, instant } from './fields.js';

/** The complaint vocabulary every reader of these events shares; the scheduler's API uses it too. */
export const COMPLAINT_CATEGORIES = ['quality', 'logistics', 'service', 'advertising', 'other'] as const;
export const COMPLAINT_CHANNELS = ['phone', 'chat', 'email', 'social', 'marketplace'] as const;
export const CLOCK_KINDS = [
  'first_contact',
  'solution',
  'progress_update',
  'confirmation',
  'satisfaction_callback',
  'internal_reply',
] as const;

const complaintId = z.string().regex(/^cmp_\d+$/, { error: 'expected a complaint id like cmp_42' });
const category = z.enum(COMPLAINT_CATEGORIES);
const level = z.union([z.literal(1), z.literal(2), z.literal(3)]);
const reasons = z.array(z.strictObject({ code: z.string(), detail: z.string() }));
const clockKind = z.enum(CLOCK_KINDS);

/** A moment in a clock's life that people must hear of: which clock, when it was due, whose case. */
const clockMoment = z.strictObject({
  complaintId,
  clock: clockKind,
  dueAt: instant,
  level,
  team: z.string(),
  at: instant,
});

/** Events the scheduler (complaints, clocks, escalations) emits. */
export const SCHEDULER_EVENTS = {
  /** A new complaint was taken in and graded; the watcher counts it toward its product's risk. */
  'complaint.opened@1': z.strictObject({
    complaintId,
    customerId,
    /** The SKU the complaint is about, when known (from the order or given). */
    sku: z.string().nullable(),
    region: z.string().nullable(),
    category,
    level,
    channel: z.enum(COMPLAINT_CHANNELS),
    team: z.string(),
    openedAt: instant,
  }),
  /**
   * A customer's open answer on a callback, scored: the watcher counts it as a mention (source
   * `callback`) on the risk map, so what customers say on the phone weighs with what they post.
   */
  'callback.answered@1': z.strictObject({
    callbackId: z.string().regex(/^cb_\d+$/, { error: 'expected a callback id like cb_42' }),
    complaintId: complaintId.nullable(),
    customerRef: z.string(),
    sku: z.string().nullable(),
    region: z.string().nullable(),
    questionId: z.string(),
    text: z.string(),
    lang: z.enum(['en', 'zh']),
    label: z.enum(['negative', 'neutral', 'positive']),
    score: z.number(),
    topics: z.array(z.string()),
    answeredAt: instant,
  }),
  /** A complaint's level was set or changed (at intake, or by a supervisor's regrade). */
  'complaint.graded@1': z.strictObject({
    complaintId,
    level,
    previousLevel: level.nullable(),
    reasons,
    by: z.string(),
    at: instant,
  }),
  /** A duplicate (same customer, order or SKU, category) reached an open complaint and merged into it. */
  'complaint.merged@1': z.strictObject({
    complaintId,
    externalRef: z.string(),
    at: instant,
  }),
  /** A clock will run out soon (its warning lead time before the due time). */
  'complaint.clock_warning@1': clockMoment,
  /** A clock ran out before its step was done. */
  'complaint.breached@1': clockMoment,
  /**
   * A breached clock reached a rung of its escalation chain: a person is to be reminded at `remindAt`
   * (now, or the start of their next shift when `deferred`; a level 1 case never waits). The notifier
   * sends the reminder.
   */
  'complaint.escalated@1': z.strictObject({
    escalationId: z.string().regex(/^esc_\d+$/),
    complaintId,
    clock: clockKind,
    step: z.number().int().min(1),
    position: z.enum(['supervisor', 'team_lead', 'duty_manager', 'head_of_care']),
    /** The person (`usr_3`); null when nobody holds this rung or any above it. */
    assigneeId: z.string().nullable(),
    level,
    team: z.string(),
    remindAt: instant,
    deferred: z.boolean(),
    at: instant,
  }),
  /** The person an escalation was assigned to (or a supervisor) took it on: no more reminders for it. */
  'complaint.escalation_acknowledged@1': z.strictObject({
    escalationId: z.string().regex(/^esc_\d+$/),
    complaintId,
    by: z.string(),
    at: instant,
  }),
  /** The case was resolved; the post-resolution confirmation and satisfaction callback follow. */
  'complaint.resolved@1': z.strictObject({ complaintId, customerId, category, level, at: instant }),
  /** A resolved case was opened again (the customer came back). */
  'complaint.reopened@1': z.strictObject({ complaintId, at: instant }),
  /** The case is finished for good. */
  'complaint.closed@1': z.strictObject({ complaintId, at: instant }),
} as const;

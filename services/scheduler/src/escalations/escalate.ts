import type { ClockKind, Database } from '@aftercare/db';
import type { EventWriter } from '@aftercare/events';
import type { Kysely } from 'kysely';
import { cancelDeadlines } from '../clocks/deadlines.js';
import { complaintId } from '../complaints/ids.js';
import { userPublicId } from '../staff/ids.js';
import { ESCALATION_RUNGS, escalationDelayMinutes, firstRung, rungFor } from './chain.js';
import { pickEscalationTarget } from './pick-assignee.js';

/** The breached clock an escalation step acts on, as the deadline handler read it (locked). */
export interface BreachedClock {
  id: number;
  complaintId: number;
  kind: ClockKind;
  dueAt: Date;
  level: 1 | 2 | 3;
  team: string;
}

export const escalationPublicId = (id: number) => `esc_${id}`;

const MINUTE = 60_000;
// How late a breach may be recorded and still escalate at once; later ones wait this long first.
const LATE_BREACH_GRACE_MS = MINUTE;

/** The columns a `BreachedClock` is read from: `complaint_clocks` joined with its `complaints`. */
export const BREACHED_CLOCK_COLUMNS = [
  'complaint_clocks.id',
  'complaint_clocks.complaint_id',
  'complaint_clocks.kind',
  'complaint_clocks.due_at',
  'complaints.level',
  'complaints.team',
] as const;

/** A row of `BREACHED_CLOCK_COLUMNS` as the escalation works with it. */
export function toBreachedClock(row: {
  id: number;
  complaint_id: number;
  kind: ClockKind;
  due_at: Date;
  level: 1 | 2 | 3;
  team: string;
}): BreachedClock {
  return {
    id: row.id,
    complaintId: row.complaint_id,
    kind: row.kind,
    dueAt: row.due_at,
    level: row.level,
    team: row.team,
  };
}

/**
 * Records step `step` of a breached clock's escalation in the caller's transaction (which holds the
 * clock's lock): the person on that rung (see `pickEscalationTarget`), a history entry, and
 * `complaint.escalated@1`; then schedules the next step while the chain goes on. One row per clock
 * and step, so a replayed step records nothing twice.
 * @returns false when the step was already recorded.
 */
export async function escalateClock(
  trx: Kysely<Database>,
  { events, afterMinutes }: { events: EventWriter; afterMinutes: readonly number[] },
  { clock, step, now }: { clock: BreachedClock; step: number; now: Date },
): Promise<boolean> {
  const rung = rungFor(clock.level, step);
  if (rung > ESCALATION_RUNGS.length) return false;
  const target = await pickEscalationTarget(trx, { rung, team: clock.team, level: clock.level, now });
  // A rung nobody holds passes the step to the one above: the next step starts past it.
  const reached = ESCALATION_RUNGS.indexOf(target.position) + 1;
  const row = await trx
    .insertInto('escalations')
    .values({
      complaint_id: clock.complaintId,
      clock_id: clock.id,
      step: reached,
      position: target.position,
      assignee_id: target.assigneeId,
      status: 'open',
      created_at: now,
      remind_at: target.remindAt,
      deferred: target.deferred,
    })
    .onConflict((oc) => oc.columns(['clock_id', 'step']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!row) return false;

  const payload = {
    escalationId: escalationPublicId(row.id),
    complaintId: complaintId(clock.complaintId),
    clock: clock.kind,
    step: reached,
    position: target.position,
    assigneeId: target.assigneeId === null ? null : userPublicId(target.assigneeId),
    level: clock.level,
    team: clock.team,
    remindAt: target.remindAt.toISOString(),
    deferred: target.deferred,
    at: now.toISOString(),
  };
  await trx
    .insertInto('complaint_history')
    .values({
      complaint_id: clock.complaintId,
      at: now,
      type: 'escalated',
      actor: 'sla',
      note: null,
      details: JSON.stringify(payload),
    })
    .execute();
  await events.append(trx, {
    type: 'complaint.escalated@1',
    aggregateType: 'complaint',
    aggregateId: payload.complaintId,
    payload,
  });

  // The next rung's wait starts when this one hears of it: a reminder deferred to 09:00 is not
  // followed by three more at 09:00.
  const heard = target.remindAt > now ? target.remindAt : now;
  await scheduleStep(trx, clock, { rung: reached + 1, after: heard }, afterMinutes);
  return true;
}

/**
 * The start of a clock's escalation, in the transaction that records its breach: the first rung
 * hears of it at once when it is due at once (the default), an escalation within seconds of the
 * breach rather than a poll later. A breach recorded late (the clock was started already overdue by
 * a backdated case event, or the worker was down) waits a grace minute first, so the history sent
 * right after it can settle the clock before anyone is told.
 */
export async function startEscalation(
  trx: Kysely<Database>,
  deps: { events: EventWriter; afterMinutes: readonly number[] },
  { clock, now }: { clock: BreachedClock; now: Date },
): Promise<void> {
  const rung = firstRung(clock.level);
  const delay = escalationDelayMinutes({ level: clock.level, rung }, deps.afterMinutes) ?? 0;
  let dueAt = clock.dueAt.getTime() + delay * MINUTE;
  if (now.getTime() - clock.dueAt.getTime() > LATE_BREACH_GRACE_MS) {
    dueAt = Math.max(dueAt, now.getTime() + LATE_BREACH_GRACE_MS);
  }
  if (dueAt <= now.getTime()) await escalateClock(trx, deps, { clock, step: rung, now });
  else await insertSteps(trx, [{ clock_id: clock.id, step: `escalate:${rung}`, due_at: new Date(dueAt) }]);
}

/**
 * The first escalation step of clocks already breached when their complaint arrived (a backfill past
 * its target): the same grace as a breach recorded late (or the first rung's delay, if longer), so
 * history the helpdesk sends right after (a first contact, the resolution) settles them first, and
 * an open case still overdue escalates.
 */
export async function scheduleLateArrivalEscalations(
  trx: Kysely<Database>,
  clockIds: readonly number[],
  { now, afterMinutes }: { now: Date; afterMinutes: readonly number[] },
): Promise<void> {
  const dueAt = new Date(now.getTime() + Math.max(LATE_BREACH_GRACE_MS, (afterMinutes[0] ?? 0) * MINUTE));
  await insertSteps(
    trx,
    clockIds.map((id) => ({ clock_id: id, step: 'escalate:1' as const, due_at: dueAt })),
  );
}

/** Schedules rung `rung` of a clock's escalation, its delay after `after`, if the chain goes that far. */
async function scheduleStep(
  trx: Kysely<Database>,
  clock: BreachedClock,
  { rung, after }: { rung: number; after: Date },
  afterMinutes: readonly number[],
): Promise<void> {
  const delay = escalationDelayMinutes({ level: clock.level, rung }, afterMinutes);
  if (delay === undefined) return;
  const dueAt = new Date(after.getTime() + delay * MINUTE);
  await insertSteps(trx, [{ clock_id: clock.id, step: `escalate:${rung}`, due_at: dueAt }]);
}

/** Escalation steps as deadline rows; a step already there (a replay) stays as it is. */
async function insertSteps(
  trx: Kysely<Database>,
  rows: readonly { clock_id: number; step: `escalate:${number}`; due_at: Date }[],
): Promise<void> {
  if (rows.length === 0) return;
  await trx
    .insertInto('clock_deadlines')
    .values([...rows])
    .onConflict((oc) => oc.columns(['clock_id', 'step']).doNothing())
    .execute();
}

/**
 * Ends the escalation of clocks whose work is done (a late first contact) or whose case resolved:
 * marks them settled, drops their steps still to come, and resolves their open escalations. In the
 * caller's transaction, after the clock rows are locked (clock before deadline rows, as everywhere).
 */
export async function settleEscalations(
  trx: Kysely<Database>,
  clockIds: readonly number[],
  now: Date,
): Promise<void> {
  if (clockIds.length === 0) return;
  await trx
    .updateTable('complaint_clocks')
    .set({ settled_at: now })
    .where('id', 'in', clockIds)
    .where('settled_at', 'is', null)
    .execute();
  await cancelDeadlines(trx, clockIds);
  await trx
    .updateTable('escalations')
    .set({ status: 'resolved', resolved_at: now })
    .where('clock_id', 'in', clockIds)
    .where('status', 'in', ['open', 'acknowledged'])
    .execute();
}

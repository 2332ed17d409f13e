import type { ClockKind, ComplaintStatus, Database } from '@aftercare/db';
import type { AppContext } from '@aftercare/runtime';
import type { Kysely } from 'kysely';
import { complaintId } from '../complaints/ids.js';
import {
  BREACHED_CLOCK_COLUMNS,
  escalateClock,
  startEscalation,
  toBreachedClock,
} from '../escalations/escalate.js';
import { type ClockDeadlineRow, clockDeadlineQueue } from './deadline-queue.js';

/**
 * The case statuses in which a breached clock keeps climbing: the case's own clocks while it is
 * worked, the confirmation and satisfaction callback after it was resolved (their work comes then).
 */
const ESCALATING_WHILE: Record<ClockKind, readonly ComplaintStatus[]> = {
  first_contact: ['open', 'waiting_customer'],
  solution: ['open', 'waiting_customer'],
  progress_update: ['open', 'waiting_customer'],
  internal_reply: ['open', 'waiting_customer'],
  confirmation: ['resolved'],
  satisfaction_callback: ['resolved'],
};

export type HandleDeadlineContext = Pick<AppContext, 'db' | 'clock' | 'events' | 'config'>;

/**
 * What became of a claimed deadline: `warned` / `breached` recorded it; `skipped` found the clock
 * no longer running (met, paused, cancelled, breached by another step) or moved later; `lost` found
 * the lease gone (another worker holds the row, or the clock was rescheduled) and did nothing.
 */
export type DeadlineOutcome = 'warned' | 'breached' | 'escalated' | 'skipped' | 'lost';

/**
 * Records one claimed step of a clock, in one transaction with the row's completion: the clock row
 * is locked, the deadline completed under the lease it was claimed with (`row.leased_by`), and only
 * then is anything written, so a step is recorded once however many replicas claim it and whatever
 * crashes in between.
 * - `warning`: `complaint.clock_warning@1` and a `clock_warning` history entry (actor `sla`);
 * - `breach`: the clock `breached` with `ended_at`, `complaint.breached@1` and a `breached` entry,
 *   and the first step of its escalation (at once, or scheduled by ESCALATION_AFTER_MINUTES);
 * - `escalate:N`: step N of the escalation of a clock still breached, unsettled, on an unfinished case.
 * @example
 * const [row] = await clockDeadlineQueue(ctx).claim('scheduler-1/0', 1);
 * if (row) await handleDeadline(ctx, row); // 'warned' | 'breached' | 'skipped' | 'lost'
 */
export async function handleDeadline(
  ctx: HandleDeadlineContext,
  row: ClockDeadlineRow,
): Promise<DeadlineOutcome> {
  const workerId = row.leased_by;
  if (workerId === null) return 'lost';
  const queue = clockDeadlineQueue(ctx);
  return ctx.db.transaction().execute(async (trx) => {
    // Clock first, then the deadline row: writers that change both (pause, resume, meet) must take
    // them in this order too, so none waits on another in a cycle. It also serialises two steps of
    // one clock.
    const clock = await trx
      .selectFrom('complaint_clocks')
      .innerJoin('complaints', 'complaints.id', 'complaint_clocks.complaint_id')
      .select([
        ...BREACHED_CLOCK_COLUMNS,
        'complaint_clocks.state',
        'complaint_clocks.settled_at',
        'complaints.status',
      ])
      .where('complaint_clocks.id', '=', row.clock_id)
      .forUpdate('complaint_clocks')
      .executeTakeFirst();
    // Completing under our lease is the guard against a replay: once done (or taken over after an
    // expired lease, or reset by a reschedule) this fails and nothing below runs again.
    if (!(await queue.complete(row.id, workerId, trx))) return 'lost';
    if (!clock) return 'skipped';
    const now = ctx.clock.now();
    const afterMinutes = ctx.config.scheduler.escalationAfterMinutes;
    const breached = toBreachedClock(clock);

    if (row.step.startsWith('escalate:')) {
      const stillBreached =
        clock.state === 'breached' &&
        clock.settled_at === null &&
        ESCALATING_WHILE[clock.kind].includes(clock.status);
      if (!stillBreached) return 'skipped';
      const step = Number(row.step.slice('escalate:'.length));
      const done = await escalateClock(
        trx,
        { events: ctx.events, afterMinutes },
        { clock: breached, step, now },
      );
      return done ? 'escalated' : 'skipped';
    }
    if (clock.state !== 'running') return 'skipped';

    // A clock moved later is rescheduled through `scheduleDeadlines`, which resets this row; a stale
    // step that still got here must not breach a clock that has time left.
    if (row.step === 'breach' && clock.due_at.getTime() > now.getTime()) return 'skipped';

    const payload = {
      complaintId: complaintId(clock.complaint_id),
      clock: clock.kind,
      dueAt: clock.due_at.toISOString(),
      level: clock.level,
      team: clock.team,
      at: now.toISOString(),
    };
    const details = { clock: clock.kind, clockId: clock.id, dueAt: payload.dueAt, step: row.step };
    const aggregate = { aggregateType: 'complaint', aggregateId: payload.complaintId } as const;

    if (row.step === 'warning') {
      await addHistory(trx, clock.complaint_id, now, 'clock_warning', details);
      await ctx.events.append(trx, { type: 'complaint.clock_warning@1', ...aggregate, payload });
      return 'warned';
    }
    if (row.step === 'breach') {
      await trx
        .updateTable('complaint_clocks')
        .set({ state: 'breached', ended_at: now })
        .where('id', '=', clock.id)
        .execute();
      await addHistory(trx, clock.complaint_id, now, 'breached', details);
      await ctx.events.append(trx, { type: 'complaint.breached@1', ...aggregate, payload });
      await startEscalation(trx, { events: ctx.events, afterMinutes }, { clock: breached, now });
      return 'breached';
    }
    return 'skipped';
  });
}

function addHistory(
  trx: Kysely<Database>,
  complaintRowId: number,
  at: Date,
  type: 'clock_warning' | 'breached',
  details: Record<string, unknown>,
) {
  return trx
    .insertInto('complaint_history')
    .values({
      complaint_id: complaintRowId,
      at,
      type,
      actor: 'sla',
      note: null,
      details: JSON.stringify(details),
    })
    .execute();
}

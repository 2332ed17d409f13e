import type { Database } from '@aftercare/db';
import { type Kysely, sql } from 'kysely';
import { ALWAYS_OPEN, type BusinessCalendar } from '../calendar/index.js';
import { warningTime } from '../complaints/clock-time.js';

/**
 * A running clock's moments of attention: a warning `warningLeadMs` of counted time before `dueAt`
 * (on the clock's calendar; calendar time when none is given), and the breach.
 */
export interface DeadlineRequest {
  clockId: number;
  dueAt: Date;
  warningLeadMs: number;
  calendar?: BusinessCalendar | undefined;
}

/**
 * Schedules the warning and breach steps of running clocks, in the caller's transaction. A clock
 * scheduled again (resumed after a pause) gets its steps moved, not duplicated. A warning that would
 * fall before `now` is left out: the breach is what matters then.
 * @example await scheduleDeadlines(trx, [{ clockId: 7, dueAt, warningLeadMs: 15 * 60_000 }], now);
 */
export async function scheduleDeadlines(
  trx: Kysely<Database>,
  requests: readonly DeadlineRequest[],
  now: Date,
): Promise<void> {
  await insertSteps(trx, requests, now)
    ?.onConflict((conflict) =>
      conflict.columns(['clock_id', 'step']).doUpdateSet((eb) => ({
        due_at: eb.ref('excluded.due_at'),
        state: 'pending',
        attempts: 0,
        lease_expires_at: null,
        leased_by: null,
        last_error: null,
      })),
    )
    .execute();
}

/**
 * `scheduleDeadlines` for clocks created in this same transaction, which have no steps to move: a
 * plain insert, without the conflict check that costs each row an index probe (intake schedules
 * thousands at once).
 * @example await insertNewDeadlines(trx, [{ clockId: 7, dueAt, warningLeadMs: 15 * 60_000 }], now);
 */
export async function insertNewDeadlines(
  trx: Kysely<Database>,
  requests: readonly DeadlineRequest[],
  now: Date,
): Promise<void> {
  await insertSteps(trx, requests, now)?.execute();
}

// One array per column through unnest: three bind parameters however many steps, where a VALUES
// list costs a parameter and a parsed expression per column of every row.
function insertSteps(trx: Kysely<Database>, requests: readonly DeadlineRequest[], now: Date) {
  const clockIds: number[] = [];
  const steps: ('warning' | 'breach')[] = [];
  const dueAts: Date[] = [];
  for (const { clockId, dueAt, warningLeadMs, calendar } of requests) {
    const warningAt = warningTime(calendar ?? ALWAYS_OPEN, dueAt, warningLeadMs, now);
    if (warningAt) {
      clockIds.push(clockId);
      steps.push('warning');
      dueAts.push(warningAt);
    }
    clockIds.push(clockId);
    steps.push('breach');
    dueAts.push(dueAt);
  }
  if (clockIds.length === 0) return undefined;
  return trx
    .insertInto('clock_deadlines')
    .columns(['clock_id', 'step', 'due_at'])
    .expression(sql`select * from unnest(${clockIds}::bigint[], ${steps}::text[], ${dueAts}::timestamptz[])`);
}

/** Drops the steps still to come of clocks that stopped (met, paused, cancelled). */
export async function cancelDeadlines(trx: Kysely<Database>, clockIds: readonly number[]): Promise<void> {
  if (clockIds.length === 0) return;
  await trx
    .updateTable('clock_deadlines')
    .set({ state: 'done', lease_expires_at: null, leased_by: null })
    .where('clock_id', 'in', clockIds)
    .where('state', '=', 'pending')
    .execute();
}

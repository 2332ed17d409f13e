import type { Database } from '@aftercare/db';
import type { Kysely } from 'kysely';

/** A running clock's moments of attention: a warning `warningLeadMs` before `dueAt`, and the breach. */
export interface DeadlineRequest {
  clockId: number;
  dueAt: Date;
  warningLeadMs: number;
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
  const rows = requests.flatMap(({ clockId, dueAt, warningLeadMs }) => {
    const warningAt = new Date(dueAt.getTime() - warningLeadMs);
    return [
      ...(warningAt > now ? [{ clock_id: clockId, step: 'warning' as const, due_at: warningAt }] : []),
      { clock_id: clockId, step: 'breach' as const, due_at: dueAt },
    ];
  });
  if (rows.length === 0) return;
  await trx
    .insertInto('clock_deadlines')
    .values(rows)
    .onConflict((conflict) =>
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

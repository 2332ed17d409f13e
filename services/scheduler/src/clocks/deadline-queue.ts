import type { ClockDeadlinesTable } from '@aftercare/db';
import { createWorkQueue, type WorkQueue } from '@aftercare/jobs';
import type { DbContext } from '@aftercare/runtime';
import type { Selectable } from 'kysely';

/** One row of `clock_deadlines` as the work queue hands it out (leased to `leased_by`). */
export type ClockDeadlineRow = Selectable<ClockDeadlinesTable>;

/** How long a claim holds a deadline: far above a handler (one short transaction). */
export const DEADLINE_LEASE_MS = 30_000;

/**
 * The work queue over `clock_deadlines`. A step that keeps failing (a bug, a bad row) is retried a
 * few times within a minute or so and then left `dead` with its error for a person to look at.
 * @example const [row] = await clockDeadlineQueue(ctx).claim('scheduler-1/0', 10);
 */
export function clockDeadlineQueue(ctx: DbContext): WorkQueue<ClockDeadlineRow> {
  return createWorkQueue<ClockDeadlineRow>(ctx, {
    table: 'clock_deadlines',
    leaseMs: DEADLINE_LEASE_MS,
    maxAttempts: 5,
    backoff: { baseMs: 1_000, maxMs: 30_000 },
  });
}

import { workLoopWorker } from '@aftercare/jobs';
import type { AppContext, Worker } from '@aftercare/runtime';
import { clockDeadlineQueue } from './deadline-queue.js';
import { handleDeadline } from './handle-deadline.js';

// A deadline falls due by time passing, not by a NOTIFY, so the poll interval bounds how late a
// breach is seen (the issue allows 5 s): never sleep longer than this whatever WORKER_POLL_MS says.
const MAX_POLL_MS = 1_000;

export interface ClockDeadlineWorkerOptions {
  /** Claim loops in this process. Default 2. */
  concurrency?: number;
  /** Deadlines claimed per statement. Default 20. */
  batchSize?: number;
  /** Default `<host>-<pid>`. */
  workerId?: string;
}

/**
 * The scheduler's `work:clock_deadlines` worker: claims due warning and breach steps and records
 * each once (`handleDeadline`), polling at most every second (less if WORKER_POLL_MS is lower):
 * deadlines fall due by time passing, so no NOTIFY could wake it sooner. Run it under
 * `superviseWorkers`.
 * @example return { name: 'scheduler', routes, workers: [clockDeadlineWorker(ctx)] };
 */
export function clockDeadlineWorker(
  ctx: Pick<AppContext, 'db' | 'clock' | 'events' | 'logger' | 'config' | 'engine'>,
  options: ClockDeadlineWorkerOptions = {},
): Worker {
  const queue = clockDeadlineQueue(ctx);
  const logger = ctx.logger.child({ worker: 'work:clock_deadlines' });
  return workLoopWorker(ctx, {
    // The handler completes its row in the transaction that records the step (so it is recorded once).
    queue,
    handlerCompletes: true,
    pollMs: Math.min(ctx.config.jobs.pollIntervalMs, MAX_POLL_MS),
    concurrency: options.concurrency ?? 2,
    batchSize: options.batchSize ?? 20,
    ...(options.workerId ? { workerId: options.workerId } : {}),
    handler: async (row) => {
      const outcome = await handleDeadline(ctx, row);
      if (outcome === 'lost')
        logger.warn({ id: row.id, step: row.step }, 'deadline lease lost; not recorded');
    },
  });
}

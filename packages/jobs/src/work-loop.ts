import type { Logger } from '@aftercare/logger';
import type { Worker } from '@aftercare/runtime';
import { type Listen, Sleeper } from './sleeper.js';
import type { WorkQueue, WorkRow } from './work-queue.js';

export interface WorkLoopOptions<Row extends WorkRow> {
  queue: WorkQueue<Row>;
  /** Does the work of one row; a throw schedules a retry (or `dead`). Must tolerate re-runs. */
  handler: (row: Row, signal: AbortSignal) => Promise<void>;
  /** Names this process (unique, e.g. host + pid); loop `i` leases rows as `<workerId>/<i>`. */
  workerId: string;
  signal: AbortSignal;
  /** Longest sleep when there is no work and no wake-up. Default 1 s. */
  pollMs?: number;
  /** Rows claimed per statement. Default 10. */
  batchSize?: number;
  /** Claim loops in this process; they share one LISTEN connection. Default 1. */
  concurrency?: number;
  /** `DatabaseHandle.listen` on a real server so an enqueue wakes workers at once; omit to poll. */
  listen?: Listen;
  logger?: Logger;
}

/**
 * Claims due rows, runs the handler on each, completes or fails it, and sleeps when the queue is
 * empty. Resolves once `signal` aborts and the rows in hand are finished or released.
 * @example
 * await runWorkLoop({ queue, workerId: 'scheduler-1', signal, listen: database.listen,
 *   handler: (row) => placeCallback(ctx, row) });
 */
export async function runWorkLoop<Row extends WorkRow>(options: WorkLoopOptions<Row>): Promise<void> {
  const { queue } = options;
  const sleepers = Array.from({ length: options.concurrency ?? 1 }, () => new Sleeper());
  let unlisten: (() => Promise<void>) | undefined;
  if (options.listen) {
    try {
      unlisten = await options.listen(queue.channel, () => {
        for (const sleeper of sleepers) sleeper.wake();
      });
    } catch (error) {
      // Polling still delivers every row, only later; not worth failing the worker over.
      options.logger?.warn({ err: error, channel: queue.channel }, 'listen failed; polling only');
    }
  }
  try {
    await Promise.all(
      sleepers.map((sleeper, index) => claimLoop(options, sleeper, `${options.workerId}/${index}`)),
    );
  } finally {
    await unlisten?.();
  }
}

async function claimLoop<Row extends WorkRow>(
  options: WorkLoopOptions<Row>,
  sleeper: Sleeper,
  workerId: string,
): Promise<void> {
  const { queue, signal, logger } = options;
  const pollMs = options.pollMs ?? 1_000;
  const batchSize = options.batchSize ?? 10;
  while (!signal.aborted) {
    let rows: Row[];
    try {
      rows = await queue.claim(workerId, batchSize);
    } catch (error) {
      logger?.error({ err: error, table: queue.table }, 'claim failed');
      await sleeper.sleep(pollMs, signal);
      continue;
    }
    for (const row of rows) {
      if (signal.aborted) {
        await queue.release(row.id, workerId).catch(() => {});
        continue;
      }
      await runOne(options, row, workerId);
    }
    // A full batch means more is probably due: claim again without sleeping.
    if (rows.length < batchSize) await sleeper.sleep(pollMs, signal);
  }
}

async function runOne<Row extends WorkRow>(options: WorkLoopOptions<Row>, row: Row, workerId: string) {
  const { queue, signal, logger } = options;
  try {
    await options.handler(row, signal);
  } catch (error) {
    try {
      if (signal.aborted) {
        // Stopping, not failing: hand the row back without spending an attempt.
        await queue.release(row.id, workerId);
      } else {
        const outcome = await queue.fail(row.id, workerId, error);
        const details = { err: error, table: queue.table, id: row.id, outcome };
        if (outcome?.state === 'dead') logger?.error(details, 'work item failed for the last time');
        else logger?.warn(details, 'work item failed; will retry');
      }
    } catch (recordError) {
      // The lease expires and another worker retries the row; nothing is lost.
      logger?.error({ err: recordError, table: queue.table, id: row.id }, 'could not record failure');
    }
    return;
  }
  try {
    const completed = await queue.complete(row.id, workerId);
    if (!completed) logger?.warn({ table: queue.table, id: row.id }, 'lease lost before completion');
  } catch (error) {
    logger?.error({ err: error, table: queue.table, id: row.id }, 'could not complete work item');
  }
}

/** The loop as a service `Worker` named after its table. */
export function workLoopWorker<Row extends WorkRow>(options: Omit<WorkLoopOptions<Row>, 'signal'>): Worker {
  return { name: `work:${options.queue.table}`, run: (signal) => runWorkLoop({ ...options, signal }) };
}

import type { AppContext, Worker } from '@aftercare/runtime';
import { processId } from './process-id.js';
import { type Listen, Sleeper } from './sleeper.js';
import type { WorkQueue, WorkRow } from './work-queue.js';

export interface WorkLoopOptions<Row extends WorkRow> {
  queue: WorkQueue<Row>;
  /** Does the work of one row; a throw schedules a retry (or `dead`). Must tolerate re-runs. */
  handler: (row: Row, signal: AbortSignal) => Promise<void>;
  /**
   * Does the work of a whole claimed batch at once (set-based), then the rows complete in one
   * statement. When it throws, the batch falls back to `handler` row by row, so one bad row is
   * retried alone and never holds the others back. Must tolerate re-runs.
   */
  batchHandler?: (rows: Row[], signal: AbortSignal) => Promise<void>;
  /** Names this process (unique, e.g. host + pid); loop `i` leases rows as `<workerId>/<i>`. */
  workerId: string;
  signal: AbortSignal;
  /** Longest sleep when there is no work and no wake-up. Default `config.jobs.pollIntervalMs`. */
  pollMs?: number;
  /** Rows claimed per statement. Default 10. */
  batchSize?: number;
  /** Claim loops in this process; they share one LISTEN connection. Default 1. */
  concurrency?: number;
  /** `engine.listen`, so an enqueue wakes workers at once; omit to poll only. */
  listen?: Listen;
  /**
   * The handler completes its row itself, with `queue.complete(id, row.leased_by, trx)` in the
   * transaction that does the work, so the effect and the completion commit together (exactly once).
   * The loop then only fails or releases rows whose handler threw. Default false.
   */
  handlerCompletes?: boolean;
}

/** What the loop needs from the context: where to log and the default poll interval. */
export type WorkLoopContext = Pick<AppContext, 'logger' | 'config'>;

/**
 * Claims due rows, runs the handler on each, completes or fails it, and sleeps when the queue is
 * empty. Resolves once `signal` aborts and the rows in hand are finished or released.
 * @example
 * await runWorkLoop(ctx, { queue, workerId: 'scheduler-1', signal, listen: ctx.engine.listen,
 *   handler: (row) => placeCallback(ctx, row) });
 */
export async function runWorkLoop<Row extends WorkRow>(
  ctx: WorkLoopContext,
  options: WorkLoopOptions<Row>,
): Promise<void> {
  const { queue } = options;
  const { logger } = ctx;
  const pollMs = options.pollMs ?? ctx.config.jobs.pollIntervalMs;
  const sleepers = Array.from({ length: options.concurrency ?? 1 }, () => new Sleeper());
  let unlisten: (() => Promise<void>) | undefined;
  if (options.listen) {
    try {
      unlisten = await options.listen(queue.channel, () => {
        for (const sleeper of sleepers) sleeper.wake();
      });
    } catch (error) {
      // Polling still delivers every row, only later; not worth failing the worker over.
      logger.warn({ err: error, channel: queue.channel }, 'listen failed; polling only');
    }
  }
  try {
    await Promise.all(
      sleepers.map((sleeper, index) =>
        claimLoop(ctx, { ...options, pollMs }, sleeper, `${options.workerId}/${index}`),
      ),
    );
  } finally {
    await unlisten?.();
  }
}

async function claimLoop<Row extends WorkRow>(
  ctx: WorkLoopContext,
  options: WorkLoopOptions<Row> & { pollMs: number },
  sleeper: Sleeper,
  workerId: string,
): Promise<void> {
  const { queue, signal, pollMs } = options;
  const { logger } = ctx;
  const batchSize = options.batchSize ?? 10;
  while (!signal.aborted) {
    let rows: Row[];
    try {
      rows = await queue.claim(workerId, batchSize);
    } catch (error) {
      logger.error({ err: error, table: queue.table }, 'claim failed');
      await sleeper.sleep(pollMs, signal);
      continue;
    }
    if (
      options.batchHandler &&
      rows.length > 0 &&
      !signal.aborted &&
      (await runBatch(ctx, options, rows, workerId))
    ) {
      if (rows.length < batchSize) await sleeper.sleep(pollMs, signal);
      continue;
    }
    for (const row of rows) {
      if (signal.aborted) {
        await queue.release(row.id, workerId).catch(() => {});
        continue;
      }
      await runOne(ctx, options, row, workerId);
    }
    // A full batch means more is probably due: claim again without sleeping.
    if (rows.length < batchSize) await sleeper.sleep(pollMs, signal);
  }
}

/** Runs the batch handler; false when it threw, so the rows are handled one by one instead. */
async function runBatch<Row extends WorkRow>(
  ctx: WorkLoopContext,
  options: WorkLoopOptions<Row>,
  rows: Row[],
  workerId: string,
): Promise<boolean> {
  const { queue, signal } = options;
  try {
    await options.batchHandler!(rows, signal);
  } catch (error) {
    ctx.logger.warn(
      { err: error, table: queue.table, rows: rows.length },
      'batch failed; handling its rows one by one',
    );
    return false;
  }
  if (options.handlerCompletes) return true;
  try {
    const completed = await queue.completeMany(
      rows.map((row) => row.id),
      workerId,
    );
    if (completed.length < rows.length) {
      ctx.logger.warn(
        { table: queue.table, lost: rows.length - completed.length },
        'leases lost before completion',
      );
    }
  } catch (error) {
    // The leases expire and another worker redoes the batch, which the handler tolerates.
    ctx.logger.error({ err: error, table: queue.table, rows: rows.length }, 'could not complete work items');
  }
  return true;
}

async function runOne<Row extends WorkRow>(
  ctx: WorkLoopContext,
  options: WorkLoopOptions<Row>,
  row: Row,
  workerId: string,
) {
  const { queue, signal } = options;
  const { logger } = ctx;
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
        if (outcome?.state === 'dead') logger.error(details, 'work item failed for the last time');
        else logger.warn(details, 'work item failed; will retry');
      }
    } catch (recordError) {
      // The lease expires and another worker retries the row; nothing is lost.
      logger.error({ err: recordError, table: queue.table, id: row.id }, 'could not record failure');
    }
    return;
  }
  if (options.handlerCompletes) return;
  try {
    const completed = await queue.complete(row.id, workerId);
    if (!completed) logger.warn({ table: queue.table, id: row.id }, 'lease lost before completion');
  } catch (error) {
    logger.error({ err: error, table: queue.table, id: row.id }, 'could not complete work item');
  }
}

/** What the worker adapter needs: the loop's context plus the engine whose LISTEN wakes it. */
export type WorkLoopWorkerContext = Pick<AppContext, 'logger' | 'config' | 'engine'>;

export interface WorkLoopWorkerOptions<Row extends WorkRow>
  extends Omit<WorkLoopOptions<Row>, 'signal' | 'workerId' | 'listen'> {
  /** Default `<host>-<pid>`. */
  workerId?: string;
  /** Default `ctx.engine.listen`; `false` polls only. */
  listen?: Listen | false;
}

/**
 * The loop as a service `Worker` named `work:<table>`, logging through a child of `ctx.logger` and
 * woken by `ctx.engine.listen`. Run it under `superviseWorkers`.
 * @example
 * workLoopWorker(ctx, { queue: callbacks, concurrency: 4, handler: (row) => placeCallback(ctx, row) });
 */
export function workLoopWorker<Row extends WorkRow>(
  ctx: WorkLoopWorkerContext,
  options: WorkLoopWorkerOptions<Row>,
): Worker {
  const name = `work:${options.queue.table}`;
  const logger = ctx.logger.child({ worker: name });
  const { listen = ctx.engine.listen, workerId = processId(), ...rest } = options;
  return {
    name,
    run: (signal) =>
      runWorkLoop(
        { logger, config: ctx.config },
        { ...rest, workerId, signal, listen: listen === false ? undefined : listen },
      ),
  };
}

import type { RiskCellChangesTable } from '@aftercare/db';
import { createWorkQueue, workLoopWorker } from '@aftercare/jobs';
import type { AppContext, Worker } from '@aftercare/runtime';
import type { Selectable } from 'kysely';
import { evaluateCell } from './evaluate-cell.js';

type ChangeRow = Selectable<RiskCellChangesTable>;

// Changes are due when written, so the poll bounds how soon a spike is scored (the issue allows 5 s).
const MAX_POLL_MS = 1_000;

/** The work table of changed hour cells. */
export function riskCellChangeQueue(ctx: Pick<AppContext, 'db' | 'clock'>) {
  return createWorkQueue<ChangeRow>(ctx, {
    table: 'risk_cell_changes',
    leaseMs: 30_000,
    maxAttempts: 5,
    backoff: { baseMs: 1_000, maxMs: 30_000 },
  });
}

/**
 * The watcher's `work:risk_cell_changes` worker: scores each hour cell (and its day) whose counts
 * changed, within a second or so of the mentions' commit. Run it under `superviseWorkers`.
 */
export function riskEvaluatorWorker(
  ctx: Pick<AppContext, 'db' | 'clock' | 'logger' | 'config' | 'engine' | 'events'>,
  options: { workerId?: string } = {},
): Worker {
  return workLoopWorker(ctx, {
    queue: riskCellChangeQueue(ctx),
    pollMs: Math.min(ctx.config.jobs.pollIntervalMs, MAX_POLL_MS),
    concurrency: 2,
    batchSize: 50,
    ...(options.workerId ? { workerId: options.workerId } : {}),
    handler: (row) => evaluateCell(ctx, row),
  });
}

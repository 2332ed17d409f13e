import type { RiskCellChangesTable } from '@aftercare/db';
import { createWorkQueue, workLoopWorker } from '@aftercare/jobs';
import type { AppContext, Worker } from '@aftercare/runtime';
import type { Selectable } from 'kysely';
import { evaluateCell, evaluateCells } from './evaluate-cells.js';

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
 * The watcher's `work:risk_cell_changes` worker: scores the hour cells (and their days) whose
 * counts changed, and steps their alert detectors, within a moment of the mentions' commit (ingest
 * wakes it). Run it under `superviseWorkers`.
 */
export function riskEvaluatorWorker(
  ctx: Pick<AppContext, 'db' | 'clock' | 'logger' | 'config' | 'engine' | 'events'>,
  options: { workerId?: string; batchSize?: number } = {},
): Worker {
  return workLoopWorker(ctx, {
    queue: riskCellChangeQueue(ctx),
    pollMs: Math.min(ctx.config.jobs.pollIntervalMs, MAX_POLL_MS),
    concurrency: 2,
    // Set-based: a batch costs a handful of statements, so a large one keeps up with the stream.
    batchSize: options.batchSize ?? 500,
    ...(options.workerId ? { workerId: options.workerId } : {}),
    batchHandler: (rows) => evaluateCells(ctx, rows),
    handler: (row) => evaluateCell(ctx, row),
  });
}

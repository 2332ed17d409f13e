/**
 * Periodic jobs: a cron tick only wakes a plain function; which replica runs the tick is decided in
 * the database, so any number of replicas run each tick of a job exactly once between them.
 */
import type { DbContext } from '@aftercare/runtime';
import { describeError } from './work-queue.js';

export interface PeriodicJob {
  /** Unique; the key of the job's row in `periodic_jobs`. */
  name: string;
  /** node-cron expression; a sixth leading field gives seconds (`* * * * * *` = every second). */
  cron: string;
  /** IANA zone the expression is read in; default the process zone. */
  timezone?: string;
  /**
   * The work, e.g. `(signal) => runPlanCallbacks(ctx, signal)`; stop early when `signal` aborts.
   * `tick` is the scheduled time this run stands for (plan by it, not by the time it started).
   */
  run(signal: AbortSignal, tick: Date): Promise<void>;
}

/** `ran` / `failed`: this replica had the tick; `skipped`: another replica had it (or we are stopping). */
export type TickOutcome = 'ran' | 'failed' | 'skipped';

/** The tick a cron firing stands for: its scheduled time to the second, equal on every replica. */
export function tickOf(scheduledAt: Date): Date {
  return new Date(Math.floor(scheduledAt.getTime() / 1_000) * 1_000);
}

export interface TickInput {
  job: PeriodicJob;
  /** The scheduled time this run stands for (`tickOf` the cron firing). */
  tick: Date;
  /** Names this replica in `periodic_jobs.last_runner`. */
  runner: string;
  signal: AbortSignal;
}

/**
 * Runs `job` for `tick` if this replica is the first to claim that tick, recording start, finish and
 * error in `periodic_jobs`. The scheduler calls it on every cron firing; tests call it directly.
 * @example
 * await runPeriodicTickOnce(ctx, { job, tick: new Date('2026-01-01T00:00:00Z'), runner: 'replica-a', signal });
 */
export async function runPeriodicTickOnce(ctx: DbContext, input: TickInput): Promise<TickOutcome> {
  const { db, clock } = ctx;
  const { job, tick, runner, signal } = input;
  if (signal.aborted) return 'skipped';
  if (!(await claimTick(ctx, { name: job.name, tick, runner }))) return 'skipped';
  let error: unknown;
  try {
    await job.run(signal, tick);
  } catch (caught) {
    error = caught;
  }
  // Matched on tick and runner so a late finish never overwrites the record of a newer tick.
  await db
    .updateTable('periodic_jobs')
    .set({ last_finished_at: clock.now(), last_error: error === undefined ? null : describeError(error) })
    .where('name', '=', job.name)
    .where('last_tick_at', '=', tick)
    .where('last_runner', '=', runner)
    .execute();
  return error === undefined ? 'ran' : 'failed';
}

export interface ClaimTickInput {
  /** The job's name (its row in `periodic_jobs`). */
  name: string;
  tick: Date;
  runner: string;
}

/**
 * Moves the job's last tick forward to `tick`; true only for the one replica whose update won.
 * @example if (await claimTick(ctx, { name: 'plan-callbacks', tick, runner: 'replica-a' })) await plan();
 */
export async function claimTick(ctx: DbContext, input: ClaimTickInput): Promise<boolean> {
  const { db, clock } = ctx;
  const { name, tick, runner } = input;
  await db
    .insertInto('periodic_jobs')
    .values({ name })
    .onConflict((conflict) => conflict.column('name').doNothing())
    .execute();
  // The row lock serialises competing replicas; the loser re-reads the winner's tick and matches nothing.
  const claimed = await db
    .updateTable('periodic_jobs')
    .set({ last_tick_at: tick, last_started_at: clock.now(), last_runner: runner })
    .where('name', '=', name)
    .where((eb) => eb.or([eb('last_tick_at', 'is', null), eb('last_tick_at', '<', tick)]))
    .returning('name')
    .executeTakeFirst();
  return claimed !== undefined;
}

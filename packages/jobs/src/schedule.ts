import type { AppContext, Worker } from '@aftercare/runtime';
import { createTask, type ScheduledTask, validate } from 'node-cron';
import { type PeriodicJob, runPeriodicTickOnce, tickOf } from './periodic.js';
import { processId } from './process-id.js';

/** What the scheduler needs: the database and time for the tick guard, and where to log. */
export type SchedulerContext = Pick<AppContext, 'db' | 'clock' | 'logger'>;

export interface SchedulerOptions {
  /** Names this replica in `periodic_jobs.last_runner`. Default `<host>-<pid>`. */
  runner?: string;
  jobs: readonly PeriodicJob[];
}

export interface Scheduler {
  /** Stops every cron task, aborts running jobs and waits for them to return. */
  stop(): Promise<void>;
}

/**
 * Starts one node-cron task per job; each firing runs the job through the per-tick guard, so across
 * replicas a tick runs once. Throws on an invalid cron expression before starting anything.
 * @example
 * const scheduler = startScheduler(ctx, { runner: 'scheduler-1', jobs: [
 *   { name: 'plan-callbacks', cron: '0 * * * *', run: (signal) => runPlanCallbacks(ctx, signal) }] });
 * await scheduler.stop();
 */
export function startScheduler(ctx: SchedulerContext, options: SchedulerOptions): Scheduler {
  const { logger } = ctx;
  const runner = options.runner ?? processId();
  for (const job of options.jobs) {
    if (!validate(job.cron)) throw new Error(`invalid cron expression for ${job.name}: ${job.cron}`);
  }
  const names = new Set(options.jobs.map((job) => job.name));
  if (names.size !== options.jobs.length) throw new Error('periodic job names must be unique');

  const stopping = new AbortController();
  const running = new Set<Promise<unknown>>();
  const cronLogger = {
    info: () => {},
    debug: () => {},
    warn: (message: string) => logger.warn({ component: 'cron' }, message),
    error: (message: string | Error) => logger.error({ component: 'cron', err: message }, 'cron error'),
  };

  const tasks: ScheduledTask[] = options.jobs.map((job) => {
    const task = createTask(
      job.cron,
      // node-cron reports the slot it fired for, so every replica derives the same tick.
      ({ date }) => {
        const tick = tickOf(date);
        const run = runPeriodicTickOnce(ctx, { job, tick, runner, signal: stopping.signal }).then(
          (outcome) => {
            if (outcome === 'failed') logger.error({ job: job.name, tick }, 'periodic job failed');
          },
          (error: unknown) => logger.error({ err: error, job: job.name, tick }, 'periodic tick failed'),
        );
        running.add(run);
        return run.finally(() => running.delete(run));
      },
      // noOverlap: a tick that fires while this replica still runs the last one is left to others.
      { name: job.name, timezone: job.timezone, noOverlap: true, logger: cronLogger },
    );
    task.start();
    return task;
  });

  return {
    async stop() {
      stopping.abort();
      await Promise.all(tasks.map((task) => task.destroy()));
      await Promise.allSettled([...running]);
    },
  };
}

export interface SchedulerWorkerOptions extends SchedulerOptions {
  /** The worker is named `cron:<name>`; one per service, so the health board tells them apart. */
  name: string;
}

/**
 * The scheduler as a service `Worker` named `cron:<name>`, logging through a child of `ctx.logger`:
 * runs until its signal aborts, then stops cleanly. Run it under `superviseWorkers`.
 * @example
 * schedulerWorker(ctx, { name: 'scheduler', jobs: [{ name: 'plan-periodic-callbacks',
 *   cron: '0 0 * * * *', run: (signal, tick) => runPlanCallbacks(ctx, signal, tick) }] });
 */
export function schedulerWorker(ctx: SchedulerContext, options: SchedulerWorkerOptions): Worker {
  const name = `cron:${options.name}`;
  const logger = ctx.logger.child({ worker: name });
  return {
    name,
    async run(signal) {
      const scheduler = startScheduler({ ...ctx, logger }, options);
      await new Promise<void>((resolve) => {
        if (signal.aborted) resolve();
        else signal.addEventListener('abort', () => resolve(), { once: true });
      });
      await scheduler.stop();
    },
  };
}

import type { AftercareConfig } from '@aftercare/config';
import { createContext, type OwnedContext } from '@aftercare/context';
import type { DatabaseHandle } from '@aftercare/db';
import { createHttpApp, createMetricsRegistry, listen } from '@aftercare/http';
import { superviseWorkers } from '@aftercare/jobs';
import type { Clock } from '@aftercare/runtime';
import type { Target } from './target-names.js';
import { modulesFor } from './targets.js';

export interface RunningAftercare {
  url: string;
  ctx: OwnedContext;
  /** Starts the workers of a process started with `deferWorkers` (once; later calls do nothing). */
  startWorkers(): void;
  /** Drains HTTP, stops workers and closes the database, within the configured timeout. */
  stop(): Promise<void>;
}

/**
 * Starts one process: the database, the HTTP app of the target's modules, and their workers
 * (with `deferWorkers`, when `startWorkers()` says so: the demo seeds first, as the embedded engine
 * runs every statement in this one thread and workers catching up on the seed's rows would only
 * slow it down).
 * @example const running = await startAftercare(config, { target: 'all' }); await running.stop();
 */
export async function startAftercare(
  config: AftercareConfig,
  options: { target: Target; clock?: Clock; opening?: Promise<DatabaseHandle>; deferWorkers?: boolean },
): Promise<RunningAftercare> {
  const ctx = await createContext(config, { clock: options.clock, opening: options.opening });
  try {
    const modules = modulesFor(options.target, ctx);
    const app = createHttpApp(ctx, modules, createMetricsRegistry());
    const server = await listen(app, config.http.host, config.http.port);

    // Supervised: a worker that crashes is restarted with backoff, and one that keeps crashing
    // turns /readyz red and shows in /metrics, instead of dying with one log line.
    let workers: ReturnType<typeof superviseWorkers> | undefined;
    const startWorkers = () => {
      workers ??= superviseWorkers(
        ctx,
        modules.flatMap((module) => module.workers),
      );
    };
    if (!options.deferWorkers) startWorkers();
    ctx.logger.info(
      { url: server.url, target: options.target, database: ctx.engine.kind },
      'aftercare started',
    );

    let stopped: Promise<void> | undefined;
    const stop = () => {
      stopped ??= (async () => {
        const deadline = config.shutdownTimeoutMs;
        // New requests are refused first, so nothing starts that the closing database cannot finish.
        await server.close(Math.floor(deadline * 0.6));
        if (workers) await settleWithin(workers.stop(), Math.floor(deadline * 0.3));
        await ctx.close();
        ctx.logger.info('aftercare stopped');
      })();
      return stopped;
    };
    return { url: server.url, ctx, startWorkers, stop };
  } catch (error) {
    await ctx.close();
    throw error;
  }
}

/** Waits for `work` at most `ms`; the timer never outlives it, so it cannot hold the process open. */
async function settleWithin(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

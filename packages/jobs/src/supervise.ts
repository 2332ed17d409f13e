/**
 * Keeps a process's workers running: a worker that crashes is logged, restarted after a jittered
 * exponential backoff, and reported on the health board, so /readyz and /metrics show a worker that
 * keeps crashing instead of a process that looks fine while doing nothing.
 */
import type { AppContext, Worker, WorkerHealth } from '@aftercare/runtime';
import { type BackoffOptions, backoffDelay } from './backoff.js';
import { describeError } from './work-queue.js';

/** Where the supervisor logs crashes and reports each worker's state. */
export type SupervisorContext = Pick<AppContext, 'logger' | 'health'>;

export interface SuperviseOptions {
  /** Wait before restart number n: `min(maxMs, baseMs * 2^(n-1))`, equal jitter. Default 1 s to 60 s. */
  backoff?: Omit<BackoffOptions, 'jitter'>;
  /** Consecutive crashes after which a worker is reported `failing` (and /readyz answers 503). Default 3. */
  failingAfter?: number;
  /** A run that lasts this long counts as healthy and clears the crash count. Default 60 s. */
  healthyAfterMs?: number;
  /** Waits out a backoff, returning early when `signal` aborts; tests record or shorten it. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Source of randomness for the jitter, in [0, 1); tests pin it. */
  random?: () => number;
}

export interface Supervisor {
  /** Aborts every worker, waits for each to return and reports them `stopped`. */
  stop(): Promise<void>;
}

/**
 * Runs each worker's `run(signal)` and restarts it when it throws or returns while the process is
 * not stopping (both are crashes). Every crash is logged as an error and reported to `ctx.health`:
 * `restarting` while waiting out the backoff, `failing` once it crashed `failingAfter` times in a row.
 * A failing worker is still restarted, but stays `failing` until a run lasts `healthyAfterMs`, so the
 * board does not flap between crashes.
 * @example
 * const supervisor = superviseWorkers(ctx, service.workers);
 * ctx.shutdown.addEventListener('abort', () => void supervisor.stop());
 */
export function superviseWorkers(
  ctx: SupervisorContext,
  workers: readonly Worker[],
  options: SuperviseOptions = {},
): Supervisor {
  const names = workers.map((worker) => worker.name);
  const duplicate = names.find((name, index) => names.indexOf(name) !== index);
  // The health board is keyed by name: two workers of one name would hide each other's state.
  if (duplicate !== undefined) throw new Error(`two workers are named ${duplicate}`);

  const stopping = new AbortController();
  const settings = {
    backoff: options.backoff ?? { baseMs: 1_000, maxMs: 60_000 },
    failingAfter: options.failingAfter ?? 3,
    healthyAfterMs: options.healthyAfterMs ?? 60_000,
    sleep: options.sleep ?? sleep,
    random: options.random ?? Math.random,
  };
  const runs = workers.map((worker) => superviseOne(ctx, worker, stopping.signal, settings));
  return {
    async stop() {
      stopping.abort();
      await Promise.all(runs);
    },
  };
}

async function superviseOne(
  ctx: SupervisorContext,
  worker: Worker,
  signal: AbortSignal,
  settings: Required<SuperviseOptions>,
): Promise<void> {
  const logger = ctx.logger.child({ worker: worker.name });
  let health: WorkerHealth = {
    name: worker.name,
    state: 'running',
    restarts: 0,
    consecutiveCrashes: 0,
    lastError: null,
  };
  const report = (change: Partial<WorkerHealth>) => {
    health = { ...health, ...change };
    ctx.health.reportWorker(health);
  };
  report({});

  while (!signal.aborted) {
    const healthy = setTimeout(() => {
      if (health.consecutiveCrashes === 0) return;
      logger.info({ crashes: health.consecutiveCrashes }, 'worker healthy again');
      report({ state: 'running', consecutiveCrashes: 0 });
    }, settings.healthyAfterMs);
    let error: unknown;
    try {
      // Promise.resolve().then: a worker that throws before returning a promise is a crash too.
      await Promise.resolve().then(() => worker.run(signal));
      if (!signal.aborted) error = new Error('worker returned while the process was running');
    } catch (caught) {
      // Stopping: a throw on the way out is worth a line, not a restart.
      if (signal.aborted) logger.error({ err: caught }, 'worker failed while stopping');
      else error = caught;
    } finally {
      clearTimeout(healthy);
    }
    if (signal.aborted) break;
    const crashes = health.consecutiveCrashes + 1;
    const failing = crashes >= settings.failingAfter;
    const waitMs = backoffDelay(settings.backoff, crashes, settings.random);
    report({
      state: failing ? 'failing' : 'restarting',
      restarts: health.restarts + 1,
      consecutiveCrashes: crashes,
      lastError: describeError(error),
    });
    logger.error({ err: error, crashes, waitMs, failing }, 'worker crashed; restarting after backoff');
    await settings.sleep(waitMs, signal);
    if (signal.aborted) break;
    if (!failing) report({ state: 'running' });
  }
  report({ state: 'stopped' });
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

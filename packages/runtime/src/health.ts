/** How a background worker is doing, as /readyz and /metrics report it. */
export type WorkerState = 'running' | 'restarting' | 'failing' | 'stopped';

export interface WorkerHealth {
  name: string;
  state: WorkerState;
  /** Restarts since the process started. */
  restarts: number;
  /** Crashes in a row without a healthy run between them. */
  consecutiveCrashes: number;
  lastError: string | null;
}

/**
 * The process's own view of its readiness: start-up work that holds it not ready (seeding the demo
 * data), and every worker's state. One per process, in the context.
 */
export class HealthBoard {
  readonly #holds = new Map<number, string>();
  readonly #workers = new Map<string, WorkerHealth>();
  #nextHold = 0;

  /**
   * Marks the process not ready, with a reason, until the returned function is called.
   * @example const release = ctx.health.hold('seeding the demo data'); try { ... } finally { release(); }
   */
  hold(reason: string): () => void {
    const id = this.#nextHold++;
    this.#holds.set(id, reason);
    return () => {
      this.#holds.delete(id);
    };
  }

  reportWorker(health: WorkerHealth): void {
    this.#workers.set(health.name, { ...health });
  }

  holds(): string[] {
    return [...this.#holds.values()];
  }

  workers(): WorkerHealth[] {
    return [...this.#workers.values()].map((worker) => ({ ...worker }));
  }

  /**
   * Why the process is not ready, or an empty list when it is. Public (/readyz needs no token), so
   * it names a failing worker but never its error, which may quote a provider's reply or a
   * customer's address; the error is in the (masked) log.
   */
  notReadyReasons(): string[] {
    const failing = this.workers()
      .filter((worker) => worker.state === 'failing')
      .map((worker) => `worker ${worker.name} keeps crashing (its errors are in the log)`);
    return [...this.holds(), ...failing];
  }
}

/**
 * Lets a worker loop sleep until its poll interval passes, a wake-up arrives or its signal aborts.
 * A wake-up that arrives while the loop is busy is kept, so the next sleep returns at once and a
 * NOTIFY sent between a claim and the sleep is never lost.
 */
export class Sleeper {
  #pending = false;
  #resolve: (() => void) | undefined;

  wake(): void {
    const resolve = this.#resolve;
    if (resolve) {
      this.#resolve = undefined;
      resolve();
    } else {
      this.#pending = true;
    }
  }

  sleep(ms: number, signal: AbortSignal): Promise<void> {
    if (this.#pending || signal.aborted) {
      this.#pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.#resolve = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
      this.#resolve = done;
    });
  }
}

/** Registers `onNotify` for NOTIFY on a channel; resolves to a function that stops listening. */
export type Listen = (channel: string, onNotify: () => void) => Promise<() => Promise<void>>;

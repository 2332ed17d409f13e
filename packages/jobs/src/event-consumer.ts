import type { Logger } from '@aftercare/logger';
import type { Worker } from '@aftercare/runtime';
import { type ConsumeOptions, consumeEvents } from './events.js';
import { Sleeper } from './sleeper.js';

export interface EventConsumerOptions extends ConsumeOptions {
  /** Sleep when caught up. Default 1 s. */
  pollMs?: number;
  /** Longest wait between retries of a failing batch. Default 60 s. */
  maxRetryMs?: number;
  logger?: Logger;
}

/**
 * Runs `consumeEvents` until `signal` aborts: straight on while batches come back full, a poll
 * interval when caught up, growing waits while the handler keeps failing (the batch is retried).
 * @example await runEventConsumer({ db, consumer: 'scheduler.answers', clock, handler, signal });
 */
export async function runEventConsumer(
  options: EventConsumerOptions & { signal: AbortSignal },
): Promise<void> {
  const { signal, logger } = options;
  const pollMs = options.pollMs ?? 1_000;
  const maxRetryMs = options.maxRetryMs ?? 60_000;
  const batchSize = options.batchSize ?? 100;
  const sleeper = new Sleeper();
  let failures = 0;
  while (!signal.aborted) {
    try {
      const { read } = await consumeEvents({ ...options, batchSize });
      failures = 0;
      if (read < batchSize) await sleeper.sleep(pollMs, signal);
    } catch (error) {
      failures += 1;
      const waitMs = Math.min(maxRetryMs, pollMs * 2 ** Math.min(failures - 1, 16));
      logger?.error({ err: error, consumer: options.consumer, failures, waitMs }, 'event batch failed');
      await sleeper.sleep(waitMs, signal);
    }
  }
}

/** The consumer as a service `Worker` (started once, stopped by its signal). */
export function eventConsumerWorker(options: EventConsumerOptions): Worker {
  return { name: `events:${options.consumer}`, run: (signal) => runEventConsumer({ ...options, signal }) };
}

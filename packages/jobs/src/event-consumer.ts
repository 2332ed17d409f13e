import type { EventType } from '@aftercare/events';
import type { AppContext, Worker } from '@aftercare/runtime';
import { backoffDelay } from './backoff.js';
import { type ConsumeOptions, consumeEvents } from './consume-events.js';
import { Sleeper } from './sleeper.js';

/** What the consumer loop needs: the database and time, where to log, the default poll interval. */
export type EventConsumerContext = Pick<AppContext, 'db' | 'clock' | 'logger' | 'config'>;

export interface EventConsumerOptions<T extends EventType = EventType> extends ConsumeOptions<T> {
  /** Sleep when caught up. Default `config.jobs.pollIntervalMs` (WORKER_POLL_MS). */
  pollMs?: number;
  /** Longest wait between retries of a failing batch. Default 60 s. */
  maxRetryMs?: number;
  /** Source of randomness for the retry jitter, in [0, 1); tests pin it. */
  random?: () => number;
}

/**
 * Runs `consumeEvents` until `signal` aborts: straight on while batches come back full, a poll
 * interval when caught up, growing jittered waits while a batch keeps failing (it is retried, and
 * each failure is logged as an error).
 * @example await runEventConsumer(ctx, { consumer: 'notifier.consent', handler, signal });
 */
export async function runEventConsumer<T extends EventType = EventType>(
  ctx: EventConsumerContext,
  options: EventConsumerOptions<T> & { signal: AbortSignal },
): Promise<void> {
  const { signal } = options;
  const pollMs = options.pollMs ?? ctx.config.jobs.pollIntervalMs;
  const retry = { baseMs: pollMs, maxMs: options.maxRetryMs ?? 60_000 };
  const random = options.random ?? Math.random;
  const batchSize = options.batchSize ?? 100;
  const sleeper = new Sleeper();
  let failures = 0;
  while (!signal.aborted) {
    try {
      const { read } = await consumeEvents(ctx, { ...options, batchSize });
      failures = 0;
      if (read < batchSize) await sleeper.sleep(pollMs, signal);
    } catch (error) {
      failures += 1;
      const waitMs = backoffDelay(retry, failures, random);
      ctx.logger.error({ err: error, consumer: options.consumer, failures, waitMs }, 'event batch failed');
      await sleeper.sleep(waitMs, signal);
    }
  }
}

/**
 * The consumer as a service `Worker` named `events:<consumer>`, logging through a child of
 * `ctx.logger`. Run it under `superviseWorkers`.
 * @example
 * eventConsumerWorker(ctx, { consumer: 'notifier.consent', types: ['customer.consent-changed@1'],
 *   handler: (events, trx) => recheckOutbox(trx, events) });
 */
export function eventConsumerWorker<T extends EventType = EventType>(
  ctx: EventConsumerContext,
  options: EventConsumerOptions<T>,
): Worker {
  const name = `events:${options.consumer}`;
  const logger = ctx.logger.child({ worker: name });
  return { name, run: (signal) => runEventConsumer({ ...ctx, logger }, { ...options, signal }) };
}

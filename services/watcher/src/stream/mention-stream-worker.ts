import { type BackoffOptions, backoffDelay, Sleeper } from '@aftercare/jobs';
import type { AppContext, Worker } from '@aftercare/runtime';
import { JetStreamError, type JsMsg, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { ingestMentions } from '../mentions/ingest.js';
import { connectNats, logConnectionChanges, natsServerOf } from './connect-nats.js';
import { openDeadLetters } from './dead-letters.js';
import { ensureMentionConsumer, ensureMentionStream } from './ensure-stream.js';
import { fetchBatches } from './fetch-batches.js';
import { releaseHeld, type SettleContext, type Settlement, settleBatch } from './settle-batch.js';
import { subjectCovers } from './subjects.js';

// How long one fetch (pull request) stays open: the least the client allows, and what a stop waits.
const FETCH_WAIT_MS = 1_000;
const MAX_MISSED_HEARTBEATS = 10;

export type MentionStreamContext = Pick<AppContext, 'db' | 'clock' | 'scorer' | 'config' | 'logger'>;
/** NATS_URL and its companions (`ctx.config.watcher.nats` when NATS_URL is set). */
export type NatsConfig = NonNullable<AppContext['config']['watcher']['nats']>;

export interface MentionStreamOptions {
  /** Most messages fetched at once, and taken in by one ingest (one commit). Default 5,000. */
  batchSize?: number;
  /** A batch is cut when no message came for this long (default 20 ms)... */
  idleMs?: number;
  /** ...or this long after its first message (default 500 ms): the most a mention waits for its batch. */
  maxWaitMs?: number;
  /** Batches committed at once. Default 2. */
  concurrency?: number;
  /** The consumer's ack_wait: a message neither acknowledged nor kept alive is sent again after it. Default 30 s. */
  ackWaitMs?: number;
  /** The consumer's max_ack_pending, across every process. Default 4 batches per loop. */
  maxAckPending?: number;
  /** Waits while the database does not answer, and before a message that failed alone comes again. */
  retry?: BackoffOptions;
  /** The ingest step; tests put failures in. */
  ingest?: Settlement['ingest'];
  /** Source of randomness for the jitter, in [0, 1); tests pin it. */
  random?: () => number;
}

/**
 * The watcher's durable JetStream consumer as a service `Worker` named `nats:<durable>`: each
 * message is one mention as JSON; batches are committed with the risk map by `ingestMentions` and
 * their messages acknowledged only after the commit, so a crash means redelivery, and a redelivered
 * mention counts as a duplicate. Bad messages go to the dead-letter subject with their reasons; a
 * database outage holds the messages (no delivery is spent) until it answers again. Every process
 * started with the same durable shares the stream. Run it under `superviseWorkers`.
 * @example workers.push(mentionStreamWorker(ctx, ctx.config.watcher.nats));
 */
export function mentionStreamWorker(
  ctx: MentionStreamContext,
  nats: NatsConfig,
  options: MentionStreamOptions = {},
): Worker {
  const name = `nats:${nats.durable}`;
  const logger = ctx.logger.child({ worker: name });
  return { name, run: (signal) => runMentionStream({ ...ctx, logger }, nats, { ...options, signal }) };
}

/** Consumes until `signal` aborts, then finishes the messages received and closes the connection. */
export async function runMentionStream(
  ctx: MentionStreamContext,
  nats: NatsConfig,
  options: MentionStreamOptions & { signal: AbortSignal },
): Promise<void> {
  if (subjectCovers(nats.subject, nats.deadLetterSubject)) {
    throw new Error(
      `NATS_DEAD_LETTER_SUBJECT (${nats.deadLetterSubject}) must be outside NATS_SUBJECT (${nats.subject}): ` +
        'dead letters would be read again',
    );
  }
  const { signal } = options;
  const batchSize = options.batchSize ?? 5_000;
  const timing = { idleMs: options.idleMs ?? 20, maxWaitMs: options.maxWaitMs ?? 500 };
  const concurrency = options.concurrency ?? 2;
  const ackWaitMs = options.ackWaitMs ?? 30_000;
  const retry = options.retry ?? { baseMs: 1_000, maxMs: 60_000 };
  const random = options.random ?? Math.random;

  const nc = await connectNats(nats.url, `aftercare ${nats.durable}`);
  void logConnectionChanges(nc, ctx.logger.child({ server: natsServerOf(nats.url) }));
  try {
    const jsm = await jetstreamManager(nc);
    await ensureMentionStream(jsm, nats, ctx.logger);
    await ensureMentionConsumer(
      jsm,
      {
        ...nats,
        ackWaitMs,
        maxAckPending: options.maxAckPending ?? 4 * batchSize * concurrency,
      },
      ctx.logger,
    );
    const settlement: Settlement = {
      ingest: options.ingest ?? ingestMentions,
      deadLetters: await openDeadLetters(nc, jsm, nats.deadLetterSubject, ctx.logger),
      maxDeliver: nats.maxDeliver,
      retryDelayMs: (deliveries) => backoffDelay(retry, deliveries, random),
    };
    const consumer = await jetstream(nc).consumers.get(nats.stream, nats.durable);
    ctx.logger.info(
      { server: natsServerOf(nats.url), stream: nats.stream, subject: nats.subject, durable: nats.durable },
      'consuming mentions from NATS',
    );
    // One loop failing (the consumer deleted, the connection gone for good) stops the others, so
    // the worker returns as a whole and its supervisor starts it again.
    const stopping = new AbortController();
    const stop = () => stopping.abort();
    signal.addEventListener('abort', stop, { once: true });
    const loop = {
      signal: stopping.signal,
      retry,
      random,
      keepAliveMs: Math.max(Math.floor(ackWaitMs / 3), 100),
    };
    const loops = await Promise.allSettled(
      Array.from({ length: concurrency }, async () => {
        try {
          // Each fetch asks for a batch and ends when it is full or FETCH_WAIT_MS has passed; a stop
          // waits for it and settles every message received, so none is left to come again.
          let missedInARow = 0;
          while (!stopping.signal.aborted) {
            const fetched = await consumer.fetch({ max_messages: batchSize, expires: FETCH_WAIT_MS });
            try {
              const batches = fetchBatches(fetched, timing);
              for await (const batch of batches) {
                const held = await settleBatch(ctx, settlement, batch);
                if (held.length === 0) continue;
                // The database does not answer: the rest of this fetch is held with the batch, so
                // that every message this loop has is kept alive until it is back.
                for await (const rest of batches) held.push(...rest);
                await holdUntilSettled(ctx, settlement, held, loop);
              }
              missedInARow = 0;
            } catch (error) {
              // The client ends a fetch whose server heartbeats it did not see for two intervals: a
              // process busy scoring a batch, or a slow server. What it had received is settled;
              // what was on the way comes again after ack_wait. Only a run of them is a failure.
              if (!isMissedHeartbeats(error) || ++missedInARow >= MAX_MISSED_HEARTBEATS) throw error;
              ctx.logger.warn({ err: error, missedInARow }, 'a fetch missed its heartbeats; fetching again');
            }
          }
        } catch (error) {
          stop();
          throw error;
        }
      }),
    );
    signal.removeEventListener('abort', stop);
    const failed = loops.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
  } finally {
    await nc.drain().catch(() => nc.close());
  }
}

/**
 * Tries `held` again and again while the database does not answer. Nothing in it is at fault, so no
 * delivery is spent on it: its messages are kept alive meanwhile, and let go if the worker stops.
 */
async function holdUntilSettled(
  ctx: SettleContext,
  settlement: Settlement,
  held: JsMsg[],
  loop: { signal: AbortSignal; retry: BackoffOptions; random: () => number; keepAliveMs: number },
): Promise<void> {
  for (let failures = 1; held.length > 0; failures++) {
    const waitMs = backoffDelay(loop.retry, failures, loop.random);
    ctx.logger.error(
      { messages: held.length, failures, waitMs },
      'the database does not answer; holding mentions until it does',
    );
    const waiting = held;
    const stillWorking = () => {
      for (const msg of waiting) msg.working();
    };
    stillWorking(); // the failed attempt may have taken a while of their ack_wait
    const keepAlive = setInterval(stillWorking, loop.keepAliveMs);
    await new Sleeper().sleep(waitMs, loop.signal);
    clearInterval(keepAlive);
    if (loop.signal.aborted) {
      await releaseHeld(ctx, settlement, held);
      return;
    }
    held = await settleBatch(ctx, settlement, held);
  }
}

function isMissedHeartbeats(error: unknown): boolean {
  return error instanceof JetStreamError && error.message === 'heartbeats missed';
}

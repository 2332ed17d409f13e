import type { StoredEvent } from '@aftercare/events';
import { eventConsumerWorker } from '@aftercare/jobs';
import type { AppContext, Worker } from '@aftercare/runtime';
import { type IngestContext, type IngestLine, ingestMentions } from './ingest.js';

/**
 * What customers say on care calls (the scheduler's `callback.answered@1`, read through the
 * durable cursor `watcher.callback-answers`) becomes mentions from source `callback`, so a product's
 * risk counts the phone with the posts. Delivery is at least once: a replayed answer is a
 * duplicate (source and `<callback>:<question>`), never counted twice.
 */
export function callbackAnswersWorker(
  ctx: Pick<AppContext, 'db' | 'clock' | 'logger' | 'config' | 'scorer'>,
): Worker {
  return eventConsumerWorker(ctx, {
    consumer: 'watcher.callback-answers',
    types: ['callback.answered@1'],
    handler: async (events) => {
      const { rejected } = await takeCallbackAnswers(ctx, events);
      // An answer the map cannot take (an SKU since removed, a date past retention) is not retried.
      if (rejected.length > 0) ctx.logger.warn({ rejected }, 'callback answers not counted on the map');
    },
  });
}

/** The handler: one mention per answer, through the same intake as every post. */
export function takeCallbackAnswers(
  ctx: IngestContext,
  events: readonly StoredEvent<'callback.answered@1'>[],
) {
  const lines: IngestLine[] = events.map(({ payload }, index) => ({
    index,
    value: {
      source: 'callback',
      externalId: `${payload.callbackId}:${payload.questionId}`,
      text: payload.text,
      occurredAt: payload.answeredAt,
      lang: payload.lang,
      ...(payload.sku ? { sku: payload.sku } : {}),
      ...(payload.region ? { region: payload.region } : {}),
    },
  }));
  return ingestMentions(ctx, lines);
}

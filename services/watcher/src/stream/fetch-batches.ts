import type { JsMsg } from '@nats-io/jetstream';

const CUT = Symbol('cut');

/** When a batch of a fetch is cut before the fetch ends. */
export interface BatchTiming {
  /** No message for this long: the flow has paused, take what came. */
  idleMs: number;
  /** This long after the batch's first message, whatever still comes. */
  maxWaitMs: number;
}

/**
 * The messages of one fetch cut into batches: a batch ends when the fetch does, when messages stop
 * coming for `idleMs`, or `maxWaitMs` after its first message. A backlog streams in back to back and
 * makes full batches; a trickle is taken in within `idleMs`. Messages that arrive while the caller
 * works on a batch wait in the fetch (bounded by its max_messages), and nothing received is left
 * behind: the last batch comes when the fetch has ended.
 * @example for await (const batch of fetchBatches(await consumer.fetch({ max_messages: 5_000 }), timing)) ...
 */
export async function* fetchBatches(
  fetched: AsyncIterable<JsMsg>,
  timing: BatchTiming,
): AsyncGenerator<JsMsg[], void, undefined> {
  const messages = fetched[Symbol.asyncIterator]();
  // A failed fetch rejects `next` while the caller may be busy with a batch: it is handled (not an
  // unhandled rejection) and thrown below, after the messages received before it.
  const pull = () => {
    const promise = messages.next();
    promise.catch(() => {});
    return promise;
  };
  let next = pull();
  let batch: JsMsg[] = [];
  let cut: Promise<typeof CUT> | undefined;
  let idle: NodeJS.Timeout | undefined;
  let full: NodeJS.Timeout | undefined;
  let lastArrival = 0;
  const stopTimers = () => {
    clearTimeout(idle);
    clearTimeout(full);
    cut = undefined;
  };
  try {
    while (true) {
      let result: IteratorResult<JsMsg> | typeof CUT;
      try {
        result = cut ? await Promise.race([next, cut]) : await next;
      } catch (error) {
        if (batch.length > 0) yield batch;
        throw error;
      }
      if (result === CUT) {
        stopTimers();
        yield batch; // `next` stays pending: its message begins the next batch
        batch = [];
        continue;
      }
      if (result.done) break;
      batch.push(result.value);
      next = pull();
      lastArrival = performance.now();
      if (cut) {
        idle!.refresh();
      } else {
        cut = new Promise((resolve) => {
          // Timers run before pending I/O: after the event loop was busy (scoring another batch),
          // an idle timer fires with messages waiting unread. Looking again once I/O has run
          // (setImmediate) cuts only a flow that really paused; an arrival re-arms the timer.
          idle = setTimeout(
            () =>
              setImmediate(() => {
                if (performance.now() - lastArrival >= timing.idleMs) resolve(CUT);
              }),
            timing.idleMs,
          );
          full = setTimeout(resolve, timing.maxWaitMs, CUT);
        });
      }
    }
    if (batch.length > 0) yield batch;
  } finally {
    stopTimers();
  }
}

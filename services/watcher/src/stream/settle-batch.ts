import { describeError } from '@aftercare/jobs';
import type { Logger } from '@aftercare/logger';
import type { JsMsg } from '@nats-io/jetstream';
import { sql } from 'kysely';
import type { IngestContext, IngestLine, IngestResult } from '../mentions/ingest.js';
import type { DeadLetterProblem, DeadLetters } from './dead-letters.js';
import { readMessage } from './read-message.js';

export type SettleContext = IngestContext & { logger: Logger };

/** How a batch is taken in and what happens to the messages that fail. */
export interface Settlement {
  ingest: (ctx: IngestContext, lines: readonly IngestLine[]) => Promise<IngestResult>;
  deadLetters: DeadLetters;
  /** The consumer's max_deliver: a message that fails on this delivery is set aside. */
  maxDeliver: number;
  /** How long the server waits before delivering again a message that failed this many times. */
  retryDelayMs: (deliveries: number) => number;
}

type Readable = { msg: JsMsg; value: unknown };

const WHOLE_MESSAGE = '(message)';

/**
 * Takes a batch of messages in with one `ingest` and settles each once its mention is committed:
 * acknowledged when kept (or a duplicate); set aside to the dead-letter subject when it cannot be
 * read or a field is wrong (bad data is never retried). When ingest throws while the database
 * answers, halves of the batch are tried until the message at fault is alone: it is delivered
 * again later, and set aside on its last delivery; the others are committed meanwhile.
 * @returns the messages not settled because the database does not answer: hold them and retry.
 */
export async function settleBatch(
  ctx: SettleContext,
  settlement: Settlement,
  batch: readonly JsMsg[],
): Promise<JsMsg[]> {
  const readable: Readable[] = [];
  const unreadable: Promise<void>[] = [];
  for (const msg of batch) {
    const read = readMessage(msg.data);
    if ('value' in read) readable.push({ msg, value: read.value });
    else unreadable.push(setAside(ctx, settlement, msg, [{ field: WHOLE_MESSAGE, reason: read.unreadable }]));
  }
  const [held] = await Promise.all([commit(ctx, settlement, readable), ...unreadable]);
  return held;
}

async function commit(ctx: SettleContext, settlement: Settlement, entries: Readable[]): Promise<JsMsg[]> {
  if (entries.length === 0) return [];
  let result: IngestResult;
  try {
    result = await settlement.ingest(
      ctx,
      entries.map(({ value }, index) => ({ index, value })),
    );
  } catch (error) {
    if (!(await databaseAnswers(ctx))) return entries.map(({ msg }) => msg);
    if (entries.length === 1) {
      await failedAlone(ctx, settlement, entries[0]!.msg, error);
      return [];
    }
    const middle = Math.ceil(entries.length / 2);
    const first = await commit(ctx, settlement, entries.slice(0, middle));
    const second = await commit(ctx, settlement, entries.slice(middle));
    return [...first, ...second];
  }
  const problems = new Map<number, DeadLetterProblem[]>();
  for (const { index, field, reason } of result.rejected) {
    problems.set(index, [...(problems.get(index) ?? []), { field, reason }]);
  }
  const setAsides: Promise<void>[] = [];
  for (const [index, { msg }] of entries.entries()) {
    const found = problems.get(index);
    if (found) setAsides.push(setAside(ctx, settlement, msg, found));
    else msg.ack();
  }
  await Promise.all(setAsides);
  return [];
}

/**
 * Lets go of messages held through a database outage when the worker stops: delivered again (to
 * another process, at once), or, on their last delivery, set aside so that they are not lost.
 */
export async function releaseHeld(
  ctx: SettleContext,
  settlement: Settlement,
  held: readonly JsMsg[],
): Promise<void> {
  const reason = 'last delivery; the database did not answer before the watcher stopped';
  await Promise.all(
    held.map(async (msg) => {
      if (msg.info.deliveryCount < settlement.maxDeliver) msg.nak();
      else await setAside(ctx, settlement, msg, [{ field: WHOLE_MESSAGE, reason }]);
    }),
  );
}

async function failedAlone(
  ctx: SettleContext,
  settlement: Settlement,
  msg: JsMsg,
  error: unknown,
): Promise<void> {
  const deliveries = msg.info.deliveryCount;
  if (deliveries >= settlement.maxDeliver) {
    const reason = `ingest failed on each of ${deliveries} deliveries; last: ${describeError(error)}`;
    await setAside(ctx, settlement, msg, [{ field: WHOLE_MESSAGE, reason }]);
    return;
  }
  const delayMs = settlement.retryDelayMs(deliveries);
  ctx.logger.warn(
    { err: error, subject: msg.subject, seq: msg.seq, deliveries, delayMs },
    'mention message failed on its own; delivered again later',
  );
  msg.nak(delayMs);
}

async function setAside(
  ctx: SettleContext,
  settlement: Settlement,
  msg: JsMsg,
  problems: DeadLetterProblem[],
): Promise<void> {
  const where = { subject: msg.subject, seq: msg.seq, deliveries: msg.info.deliveryCount };
  try {
    await settlement.deadLetters.send(msg, problems);
  } catch (error) {
    const delayMs = settlement.retryDelayMs(msg.info.deliveryCount);
    ctx.logger.error({ err: error, ...where, delayMs }, 'dead letter not published; delivered again later');
    msg.nak(delayMs);
    return;
  }
  // No reason given to term(): servers before 2.11 take `+TERM <reason>` for no answer at all, and
  // the dead letter carries the reasons anyway.
  msg.term();
  ctx.logger.warn({ ...where, problems }, 'mention message set aside to the dead-letter subject');
}

// An exception with the database down says nothing about the batch; with it up, the batch is at fault.
async function databaseAnswers(ctx: Pick<SettleContext, 'db'>): Promise<boolean> {
  try {
    await sql`select 1`.execute(ctx.db);
    return true;
  } catch {
    return false;
  }
}

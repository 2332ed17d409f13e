import type { Logger } from '@aftercare/logger';
import type { JetStreamClient, JetStreamManager, JsMsg } from '@nats-io/jetstream';
import { headers, type NatsConnection } from '@nats-io/transport-node';

/** Why a message was set aside: the field at fault (`(message)` for the whole of it) and why. */
export interface DeadLetterProblem {
  field: string;
  reason: string;
}

/** Where messages that will never be ingested go, each with its reasons. */
export interface DeadLetters {
  /** Publishes `msg`'s data unchanged with headers naming each problem; resolves once NATS has it. */
  send(msg: JsMsg, problems: readonly DeadLetterProblem[]): Promise<void>;
}

/** Header names of a dead letter: one Field and one Reason per problem, in the same order. */
export const DEAD_LETTER_HEADERS = {
  field: 'Aftercare-Field',
  reason: 'Aftercare-Reason',
  subject: 'Aftercare-Subject',
  stream: 'Aftercare-Stream',
  sequence: 'Aftercare-Stream-Seq',
  deliveries: 'Aftercare-Deliveries',
} as const;

const MAX_HEADER_VALUE = 500;

/**
 * The dead letters of `subject`. When a stream holds that subject they are published to it and
 * acknowledged by it (kept, and never twice for one original: the message id is the original's
 * stream and sequence); otherwise they reach only live subscribers, which is logged once here.
 */
export async function openDeadLetters(
  nc: NatsConnection,
  jsm: JetStreamManager,
  subject: string,
  logger: Logger,
): Promise<DeadLetters> {
  const kept = await jsm.streams.find(subject).then(
    () => true,
    () => false,
  );
  if (!kept) {
    logger.warn(
      { deadLetterSubject: subject },
      'no stream holds the dead-letter subject: dead letters reach only live subscribers',
    );
  }
  const js: JetStreamClient = jsm.jetstream();
  return {
    async send(msg, problems) {
      const h = headers();
      for (const { field, reason } of problems) {
        h.append(DEAD_LETTER_HEADERS.field, headerValue(field));
        h.append(DEAD_LETTER_HEADERS.reason, headerValue(reason));
      }
      h.set(DEAD_LETTER_HEADERS.subject, msg.subject);
      h.set(DEAD_LETTER_HEADERS.stream, msg.info.stream);
      h.set(DEAD_LETTER_HEADERS.sequence, String(msg.seq));
      h.set(DEAD_LETTER_HEADERS.deliveries, String(msg.info.deliveryCount));
      if (kept) {
        await js.publish(subject, msg.data, { headers: h, msgID: `${msg.info.stream}/${msg.seq}` });
      } else {
        nc.publish(subject, msg.data, { headers: h });
        await nc.flush();
      }
    },
  };
}

// Field names come from the sender's JSON keys: a header value is one line of printable text.
function headerValue(text: string): string {
  const line = text.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ').trim();
  return line.length > MAX_HEADER_VALUE ? `${line.slice(0, MAX_HEADER_VALUE)}…` : line || '-';
}

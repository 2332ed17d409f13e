import { closedError } from './errors.js';
import {
  createFailureScript,
  DEFAULT_MEMORY_LIMIT,
  pushBounded,
  type ScriptedFailure,
} from './memory-script.js';
import { checkSmsMessage, type SmsMessage, type SmsTransport } from './sms.js';

/** An SMS the memory transport accepted. */
export interface RecordedSms extends SmsMessage {
  providerId: string;
  sentAt: Date;
}

export interface MemorySmsOptions {
  /** How many sent messages to keep, newest last; default 1000. */
  limit?: number;
  now?: () => Date;
}

/** An SMS transport that keeps what it sends in memory; nothing leaves the machine. */
export interface MemorySmsTransport extends SmsTransport {
  readonly kind: 'memory';
  /** The sent messages, oldest first, at most `limit` of them. */
  readonly sent: readonly RecordedSms[];
  /** Makes the next send throw; calls queue up, one failure per send. */
  failNext(failure?: ScriptedFailure): void;
  /** Forgets the sent messages and any scripted failures. */
  clear(): void;
}

/**
 * Creates an in-memory SMS transport for tests and the demo. Like a real provider it refuses
 * numbers that are not E.164 and treats `reference` as an idempotency key: sending the same
 * reference again returns the first providerId and records nothing new.
 *
 * @example
 * const sms = createMemorySmsTransport();
 * await sms.send({ to: '+447911123456', body: 'See you at 3pm', reference: 'ntf_1' });
 * expect(sms.sent[0]?.providerId).toMatch(/^mem_sms_/);
 */
export function createMemorySmsTransport(options: MemorySmsOptions = {}): MemorySmsTransport {
  const limit = options.limit ?? DEFAULT_MEMORY_LIMIT;
  const now = options.now ?? (() => new Date());
  let sent: RecordedSms[] = [];
  let failures = createFailureScript('sms');
  let counter = 0;
  let closed = false;

  return {
    kind: 'memory',
    get sent() {
      return sent;
    },
    failNext(failure = 'temporary') {
      failures.push(failure);
    },
    clear() {
      sent = [];
      failures = createFailureScript('sms');
    },
    async send(message) {
      if (closed) throw closedError('sms');
      checkSmsMessage(message);
      failures.take();
      const earlier = sent.find((item) => item.reference === message.reference);
      if (earlier) return { providerId: earlier.providerId };
      counter += 1;
      const providerId = `mem_sms_${counter}`;
      pushBounded(sent, { ...message, providerId, sentAt: now() }, limit);
      return { providerId };
    },
    async close() {
      closed = true;
    },
  };
}

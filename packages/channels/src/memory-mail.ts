import { randomUUID } from 'node:crypto';
import { closedError } from './errors.js';
import { checkMailMessage, type MailMessage, type MailTransport } from './mail.js';
import {
  createFailureScript,
  DEFAULT_MEMORY_LIMIT,
  pushBounded,
  type ScriptedFailure,
} from './memory-script.js';

/** A mail the memory transport accepted, with the sender filled in. */
export interface RecordedMail extends MailMessage {
  from: string;
  messageId: string;
  sentAt: Date;
}

export interface MemoryMailOptions {
  /** Default sender; `aftercare@localhost` unless given. */
  from?: string;
  /** How many sent messages to keep, newest last; default 1000. */
  limit?: number;
  now?: () => Date;
}

/** A mail transport that keeps what it sends in memory; nothing leaves the machine. */
export interface MemoryMailTransport extends MailTransport {
  readonly kind: 'memory';
  /** The sent messages, oldest first, at most `limit` of them. */
  readonly sent: readonly RecordedMail[];
  /** Makes the next send throw; calls queue up, one failure per send. */
  failNext(failure?: ScriptedFailure): void;
  /** Forgets the sent messages and any scripted failures. */
  clear(): void;
}

/**
 * Creates an in-memory mail transport for tests and the demo. It refuses the same malformed
 * messages as the SMTP transport.
 *
 * @example
 * const mailer = createMemoryMailTransport();
 * mailer.failNext('temporary');
 * await expect(mailer.send(mail)).rejects.toMatchObject({ permanent: false });
 * await mailer.send(mail);
 * expect(mailer.sent).toHaveLength(1);
 */
export function createMemoryMailTransport(options: MemoryMailOptions = {}): MemoryMailTransport {
  const from = options.from ?? 'aftercare@localhost';
  const limit = options.limit ?? DEFAULT_MEMORY_LIMIT;
  const now = options.now ?? (() => new Date());
  let sent: RecordedMail[] = [];
  let failures = createFailureScript('mail');
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
      failures = createFailureScript('mail');
    },
    async send(message) {
      if (closed) throw closedError('mail');
      checkMailMessage(message);
      failures.take();
      const messageId = `<${randomUUID()}@aftercare.memory>`;
      const headers = message.headers && { ...message.headers };
      pushBounded(sent, { ...message, headers, from: message.from ?? from, messageId, sentAt: now() }, limit);
      return { messageId };
    },
    async close() {
      closed = true;
    },
  };
}

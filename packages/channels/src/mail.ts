import addressparser from 'nodemailer/lib/addressparser';
import { ChannelError } from './errors.js';
import { maskEmails } from './redact.js';

/** One e-mail to send. Addresses are plain `name@host`; `from` defaults to the transport's sender. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  from?: string;
  /** Extra headers, e.g. List-Unsubscribe. */
  headers?: Record<string, string>;
}

export interface SentMail {
  /** The Message-ID the transport assigned. */
  messageId: string;
}

/** Where e-mail goes: SMTP through nodemailer in production, memory in tests and demos. */
export interface MailTransport {
  readonly kind: string;
  send(message: MailMessage): Promise<SentMail>;
  close(): Promise<void>;
}

// RFC 5322 field names: printable US-ASCII except the colon.
const HEADER_NAME = /^[!-9;-~]+$/;
// Headers that define who gets the message and how it is read; `headers` is for extras such as
// List-Unsubscribe, and letting it set these would let a template redirect or reshape mail.
const RESERVED_HEADERS = new Set([
  'bcc',
  'cc',
  'content-transfer-encoding',
  'content-type',
  'date',
  'from',
  'message-id',
  'mime-version',
  'sender',
  'subject',
  'to',
]);

function invalid(reason: 'invalid_recipient' | 'invalid_message', message: string): ChannelError {
  return new ChannelError(message, { channel: 'mail', reason, permanent: true });
}

/**
 * Checks what both mail transports would refuse anyway, so the in-memory one fails like the real
 * one: `to` must be exactly one mailbox, header names must be valid and not reserved. Returns the
 * bare recipient address. Throws a permanent {@link ChannelError}.
 *
 * @example
 * const to = checkMailMessage({ to: 'Bob <bob@example.com>', subject: 'Hi', text: '...' }); // 'bob@example.com'
 */
export function checkMailMessage(message: MailMessage): string {
  // A line break or a second address in `to` would add recipients the caller never meant.
  if (/[\r\n]/.test(message.to)) throw invalid('invalid_recipient', 'mail recipient contains a line break');
  const mailboxes = addressparser(message.to, { flatten: true });
  const address = mailboxes[0]?.address ?? '';
  if (mailboxes.length !== 1 || !/^[^@\s]+@[^@\s]+$/.test(address)) {
    throw invalid('invalid_recipient', `mail recipient is not one address: ${maskEmails(message.to)}`);
  }
  for (const name of Object.keys(message.headers ?? {})) {
    if (!HEADER_NAME.test(name)) throw invalid('invalid_message', 'mail header name is not valid');
    if (RESERVED_HEADERS.has(name.toLowerCase())) {
      throw invalid('invalid_message', `mail header ${name} can not be set through headers`);
    }
  }
  return address;
}

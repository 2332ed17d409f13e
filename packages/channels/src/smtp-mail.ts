import nodemailer, { type NodemailerError } from 'nodemailer';
import { ChannelError, type ChannelErrorReason, closedError } from './errors.js';
import { checkMailMessage, type MailTransport } from './mail.js';
import { maskEmails, truncate } from './redact.js';

export interface SmtpMailOptions {
  /**
   * `smtp://user:pass@host:587` (upgrades with STARTTLS when the server offers it) or
   * `smtps://user:pass@host:465` (TLS from the start). nodemailer's query options such as
   * `?requireTLS=true` are honoured.
   */
  url: string;
  /** Default sender, e.g. `Aftercare <care@example.com>`. */
  from: string;
  /** Keep connections open between sends; `true` uses nodemailer's defaults (5 connections). */
  pool?: boolean | { maxConnections?: number; maxMessages?: number };
  /** Limit for connecting, the greeting and any silent wait on the socket; default 30 s. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Sends mail through an SMTP server with nodemailer. Failures become a {@link ChannelError}:
 * 5xx replies are permanent, 4xx replies, timeouts, connection and authentication failures are
 * temporary.
 *
 * @example
 * const mailer = createSmtpMailTransport({ url: 'smtps://care:secret@smtp.example.com:465', from: 'care@example.com', pool: true });
 * const { messageId } = await mailer.send({ to: 'bob@example.com', subject: 'Your complaint', text: '...' });
 * await mailer.close();
 */
export function createSmtpMailTransport(options: SmtpMailOptions): MailTransport {
  const protocol = URL.canParse(options.url) ? new URL(options.url).protocol : '';
  // The url holds the password, so the message never repeats it.
  if (protocol !== 'smtp:' && protocol !== 'smtps:') {
    throw new TypeError('SMTP url must start with smtp:// or smtps://');
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timeouts = { connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs };
  const defaults = { from: options.from };
  const transporter = options.pool
    ? nodemailer.createTransport(
        { url: options.url, pool: true, ...timeouts, ...(options.pool === true ? {} : options.pool) },
        defaults,
      )
    : nodemailer.createTransport({ url: options.url, ...timeouts }, defaults);
  let closed = false;

  return {
    kind: 'smtp',
    async send(message) {
      if (closed) throw closedError('mail');
      const to = checkMailMessage(message);
      try {
        const info = await transporter.sendMail({
          to,
          subject: message.subject,
          text: message.text,
          html: message.html,
          headers: message.headers,
          ...(message.from === undefined ? {} : { from: message.from }),
        });
        return { messageId: info.messageId };
      } catch (error) {
        throw toChannelError(error, to);
      }
    },
    async close() {
      closed = true;
      transporter.close();
    },
  };
}

// nodemailer codes for failures on our side of the wire or in between: the message was fine.
const UNREACHABLE = new Set(['ECONNECTION', 'ESOCKET', 'EDNS', 'ETLS', 'EPROXY', 'EREQUIRETLS']);
const AUTH = new Set(['EAUTH', 'ENOAUTH', 'EOAUTH2']);

/** Maps a nodemailer error onto a ChannelError; unknown failures are temporary, so nothing is dropped on a guess. */
function toChannelError(error: unknown, to: string): ChannelError {
  if (error instanceof ChannelError) return error;
  const cause: NodemailerError = error instanceof Error ? error : new Error(String(error));
  const code = cause.code ?? '';
  const status = cause.responseCode;
  const recipient = maskEmails(to);
  const fail = (reason: ChannelErrorReason, permanent: boolean, text: string) =>
    new ChannelError(text, { channel: 'mail', reason, permanent, status, cause });

  // A refused login is our configuration, not this message: fixing it lets the same mail through.
  if (AUTH.has(code)) return fail('auth', false, `SMTP login refused${status ? ` (${status})` : ''}`);
  if (code === 'ETIMEDOUT') return fail('timeout', false, `SMTP server timed out sending to ${recipient}`);
  if (UNREACHABLE.has(code)) {
    return fail('unreachable', false, `SMTP server unreachable: ${maskEmails(truncate(cause.message))}`);
  }
  if (status !== undefined) {
    // nodemailer reads the reply class (5xx except 503, a session-state error) into `permanent`.
    const permanent = cause.permanent ?? (status >= 500 && status < 600 && status !== 503);
    const reply = maskEmails(truncate(cause.response ?? cause.message));
    if (!permanent) return fail('deferred', false, `mail to ${recipient} deferred: ${reply}`);
    const reason = cause.command?.startsWith('RCPT') ? 'invalid_recipient' : 'rejected';
    return fail(reason, true, `mail to ${recipient} rejected: ${reply}`);
  }
  // Refused before anything reached the server: the envelope or message can not be sent as is.
  if (code === 'EENVELOPE' || code === 'EMAXRECIPIENTS') {
    return fail(
      'invalid_message',
      true,
      `mail to ${recipient} refused: ${maskEmails(truncate(cause.message))}`,
    );
  }
  return fail('unknown', false, `mail to ${recipient} failed: ${maskEmails(truncate(cause.message))}`);
}

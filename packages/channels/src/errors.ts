/**
 * Why a send failed, for the dispatcher's records. `permanent` is the only thing to branch on for
 * retries; the reason says what to tell a human.
 */
export type ChannelErrorReason =
  /** The address or number can never receive this message (malformed, unknown mailbox). */
  | 'invalid_recipient'
  /** The message itself is unacceptable (bad header name, empty body, too large). */
  | 'invalid_message'
  /** The server or provider refused the message for good. */
  | 'rejected'
  /** The server or provider asked us to try again later (SMTP 4xx, HTTP 5xx). */
  | 'deferred'
  | 'rate_limited'
  /** Connection refused, DNS failure, dropped socket. */
  | 'unreachable'
  | 'timeout'
  /** Our credentials were refused: fixing the configuration makes the same message go through. */
  | 'auth'
  /** The provider accepted the request but its answer could not be read. */
  | 'bad_response'
  /** The transport was closed before the send. */
  | 'closed'
  /** Anything else; treated as temporary so nothing is dropped on a guess. */
  | 'unknown';

export type Channel = 'mail' | 'sms';

export interface ChannelErrorOptions {
  channel: Channel;
  reason: ChannelErrorReason;
  permanent: boolean;
  /** SMTP reply code or HTTP status, when the other side answered. */
  status?: number;
  /** How long the other side asked us to wait (HTTP Retry-After). */
  retryAfterMs?: number;
  cause?: unknown;
}

/**
 * A failed send. `permanent: true` means retrying the same message cannot succeed; anything else
 * is worth another attempt later (after `retryAfterMs` when given). Messages never hold a full
 * address or phone number.
 *
 * @example
 * try { await sms.send(message); }
 * catch (error) { if (isChannelError(error) && !error.permanent) scheduleRetry(error.retryAfterMs); }
 */
export class ChannelError extends Error {
  override readonly name = 'ChannelError';
  readonly channel: Channel;
  readonly reason: ChannelErrorReason;
  readonly permanent: boolean;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(message: string, options: ChannelErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.channel = options.channel;
    this.reason = options.reason;
    this.permanent = options.permanent;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/**
 * Type guard for {@link ChannelError}.
 *
 * @example
 * if (isChannelError(error) && error.permanent) markUndeliverable(notice);
 */
export function isChannelError(error: unknown): error is ChannelError {
  return error instanceof ChannelError;
}

/** The error every transport throws once closed: temporary, the message itself is fine. */
export function closedError(channel: Channel): ChannelError {
  return new ChannelError(`${channel} transport is closed`, { channel, reason: 'closed', permanent: false });
}

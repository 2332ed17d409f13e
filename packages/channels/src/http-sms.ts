import { ChannelError, type ChannelErrorOptions, type ChannelErrorReason, closedError } from './errors.js';
import { maskPhone, maskPhones, truncate } from './redact.js';
import { parseRetryAfter } from './retry-after.js';
import { checkSmsMessage, type SmsTransport } from './sms.js';

export interface HttpSmsOptions {
  /** The provider's send endpoint, e.g. `https://sms.example.com/v1/messages`. */
  url: string;
  /** Sent as `Authorization: Bearer <token>`. */
  token: string;
  /** Limit for the whole exchange, reading the answer included. */
  timeoutMs: number;
  /** For tests; the global fetch otherwise. */
  fetch?: typeof fetch;
}

// Answers that say "not now" rather than "never": timeout, an idempotent request with the same
// key still in flight (draft-ietf-httpapi-idempotency-key-header), too early, too many requests.
const RETRYABLE_4XX = new Set([408, 409, 425, 429]);
// Our token was refused: fixing the configuration makes the same message go through.
const AUTH_4XX = new Set([401, 403]);

/**
 * A generic HTTP SMS provider: POSTs `{ to, body, reference }` as JSON with a bearer token and
 * `Idempotency-Key: reference`, and reads `{ id }` from a 2xx answer. Other 4xx answers are
 * permanent; 408, 409, 425, 429, 5xx, network failures and timeouts are temporary and carry the
 * provider's Retry-After as `retryAfterMs`.
 *
 * @example
 * const sms = createHttpSmsTransport({ url: 'https://sms.example.com/v1/messages', token, timeoutMs: 10_000 });
 * const { providerId } = await sms.send({ to: '+447911123456', body: 'See you at 3pm', reference: 'ntf_01' });
 */
export function createHttpSmsTransport(options: HttpSmsOptions): SmsTransport {
  const send = options.fetch ?? fetch;
  let closed = false;

  return {
    kind: 'http',
    async send(message) {
      if (closed) throw closedError('sms');
      checkSmsMessage(message);
      const recipient = maskPhone(message.to);
      const fail = (
        reason: ChannelErrorReason,
        permanent: boolean,
        text: string,
        extra: Pick<ChannelErrorOptions, 'status' | 'retryAfterMs' | 'cause'> = {},
      ) => new ChannelError(`sms to ${recipient} ${text}`, { channel: 'sms', reason, permanent, ...extra });

      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), options.timeoutMs);
      let status: number;
      let retryAfterMs: number | undefined;
      let answer: string;
      try {
        const response = await send(options.url, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${options.token}`,
            'content-type': 'application/json',
            accept: 'application/json',
            'idempotency-key': message.reference,
          },
          body: JSON.stringify({ to: message.to, body: message.body, reference: message.reference }),
          // A redirect would carry the message and the number to a host we did not configure.
          redirect: 'error',
          signal: controller.signal,
        });
        status = response.status;
        retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
        // Read under the same deadline: a provider that sends headers and then stalls is as stuck.
        // Raced against the abort too, so the deadline holds even where the body stream misses it.
        const aborted = new Promise<never>((_, reject) => {
          if (controller.signal.aborted) reject(controller.signal.reason);
          controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
        });
        aborted.catch(() => {});
        answer = await Promise.race([response.text(), aborted]);
      } catch (error) {
        if (controller.signal.aborted) {
          throw fail('timeout', false, `timed out after ${options.timeoutMs} ms`, { cause: error });
        }
        const detail = error instanceof Error ? errorDetail(error) : String(error);
        throw fail('unreachable', false, `could not reach the provider: ${detail}`, { cause: error });
      } finally {
        clearTimeout(timer);
      }

      const extra = { status, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
      if (status >= 200 && status < 300) {
        const id = readId(answer);
        // The request was accepted, so a retry under the same Idempotency-Key sends nothing twice.
        if (id === undefined) throw fail('bad_response', false, `got ${status} without an id`, extra);
        return { providerId: id };
      }
      const said = truncate(maskPhones(answer));
      const text = `failed with ${status}${said ? `: ${said}` : ''}`;
      if (status === 429) throw fail('rate_limited', false, text, extra);
      if (AUTH_4XX.has(status)) throw fail('auth', false, text, extra);
      if (RETRYABLE_4XX.has(status) || status >= 500) throw fail('deferred', false, text, extra);
      if (status >= 400) throw fail('rejected', true, text, extra);
      throw fail('bad_response', false, text, extra);
    },
    async close() {
      closed = true;
    },
  };
}

function readId(answer: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(answer);
    if (typeof parsed !== 'object' || parsed === null || !('id' in parsed)) return undefined;
    const { id } = parsed;
    if (typeof id === 'number' && Number.isFinite(id)) return String(id);
    return typeof id === 'string' && id !== '' ? id : undefined;
  } catch {
    return undefined;
  }
}

/** undici hides the reason (ECONNREFUSED, ENOTFOUND) in the cause of a bare "fetch failed". */
function errorDetail(error: Error): string {
  const cause = error.cause;
  const code = cause && typeof cause === 'object' && 'code' in cause ? String(cause.code) : undefined;
  return code ? `${error.message} (${code})` : error.message;
}

import type { BatchResult } from '@aftercare/reference';
import type { BatchWriter } from '@aftercare/reference/import';
import { ValidationError } from '@aftercare/runtime';

/** How long a batch keeps being retried by default: long enough for a server to restart. */
export const DEFAULT_RETRY_FOR_MS = 300_000;
const FIRST_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 10_000;

/** Why a batch is being retried, for the command to tell the person waiting. */
export interface RetryNotice {
  reason: string;
  waitMs: number;
  /** Time left in the retry window after this wait. */
  remainingMs: number;
}

/** Tells the person waiting, on stderr, why a batch is being retried and for how long still. */
export function printRetryNotice({ reason, waitMs, remainingMs }: RetryNotice): void {
  console.error(
    `aftercare: ${reason}; retrying in ${(waitMs / 1000).toFixed(1)} s ` +
      `(giving up in ${Math.ceil((waitMs + remainingMs) / 1000)} s)`,
  );
}

export interface ApiWriterOptions {
  url: string;
  token: string;
  /** How long one batch is retried while the server is unreachable or answers 429/503. */
  retryForMs?: number;
  onRetry?: (notice: RetryNotice) => void;
  // Injected by tests.
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  random?: () => number;
}

/**
 * Sends import batches to a running instance's API (`POST /v1/<entity>`), for when its embedded
 * database is held by that process or the database is out of reach. Retries as `apiPoster` does;
 * refused records come back by index, like a local write.
 * @example const write = apiBatchWriter({ url: 'http://127.0.0.1:8080', token }); await importFile(write, ...)
 */
export function apiBatchWriter(options: ApiWriterOptions): BatchWriter {
  const post = apiPoster(options);
  return async (entity, records, writeOptions) => {
    const items =
      entity === 'customers'
        ? records.map((record) => ({
            consentSource: writeOptions.defaultConsentSource,
            ...(record as object),
          }))
        : records;
    return (await post(`/v1/${entity}`, JSON.stringify({ items }), 'application/json')) as BatchResult;
  };
}

/**
 * POSTs one batch to a running instance's API and resolves to its parsed 2xx answer. A server that
 * is unreachable (restarting) is retried with exponential backoff, one that answers 429 or 503 after
 * its Retry-After, both for `retryForMs` per batch; a 400 naming fields throws a ValidationError.
 * Only for batches that are safe to send twice (an upsert, mentions counted once by source and id).
 * @example const post = apiPoster({ url, token }); await post('/v1/mentions', body, 'application/x-ndjson')
 */
export function apiPoster(
  options: ApiWriterOptions,
): (path: string, body: string | Uint8Array, contentType: string) => Promise<unknown> {
  const sleep = options.sleep ?? ((ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const send = options.fetch ?? fetch;
  const retryForMs = options.retryForMs ?? DEFAULT_RETRY_FOR_MS;
  const base = new URL(options.url).toString().replace(/\/+$/, '');
  return async (path, body, contentType) => {
    const deadline = now() + retryForMs;
    for (let attempt = 1; ; attempt++) {
      // Resending after a dropped connection is safe: callers send only batches that may arrive twice.
      // A server that accepts and never answers must not hold the batch past its window.
      const attemptMs = Math.max(1_000, Math.min(MAX_ATTEMPT_MS, deadline - now()));
      const outcome = await send(`${base}${path}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${options.token}`, 'Content-Type': contentType },
        body,
        signal: AbortSignal.timeout(attemptMs),
      }).then(
        (response) => ({ response }),
        (error: unknown) => ({ unreachable: networkFailure(error) }),
      );
      let reason: string;
      let waitMs: number;
      if ('unreachable' in outcome) {
        reason = `cannot reach ${base}: ${outcome.unreachable}`;
        waitMs = backoffMs(attempt, random);
      } else {
        const { response } = outcome;
        if (response.ok) return await response.json();
        const problem = (await response.json().catch(() => ({}))) as {
          detail?: string;
          errors?: ValidationError['errors'];
        };
        if (response.status === 400 && problem.errors?.length)
          throw new ValidationError(problem.detail ?? 'refused', problem.errors);
        reason = `${base} answered ${response.status}: ${problem.detail ?? response.statusText}`;
        if (!RETRIED_STATUSES.has(response.status)) throw new Error(reason);
        // Never below the backoff: a `Retry-After: 0` must not turn the retries into a flood.
        waitMs = Math.max(
          retryAfterMs(response.headers.get('retry-after'), now()),
          backoffMs(attempt, random),
        );
      }
      const remainingMs = deadline - now();
      if (remainingMs <= 0) {
        throw new Error(`gave up after retrying for ${formatSeconds(retryForMs)}: ${reason}`);
      }
      // The last wait is cut to the window, so the last try happens at its end, not past it.
      waitMs = Math.min(waitMs, remainingMs);
      options.onRetry?.({ reason, waitMs, remainingMs: remainingMs - waitMs });
      await sleep(waitMs);
    }
  };
}

// Floods and outages, also as a proxy in front of a restarting server reports them.
const RETRIED_STATUSES = new Set([429, 502, 503, 504]);
// One attempt's longest wait for an answer; a batch is written in a few seconds at most.
const MAX_ATTEMPT_MS = 60_000;

/** Exponential from half a second, capped at 10 s, with jitter so restarted clients do not arrive together. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** (attempt - 1));
  return Math.round(ceiling * (0.5 + random() * 0.5));
}

/** Retry-After is seconds or an HTTP date; anything else waits a second. */
export function retryAfterMs(header: string | null, now = Date.now()): number {
  const seconds = Number(header);
  if (header !== null && header.trim() !== '' && Number.isFinite(seconds)) return Math.max(seconds, 0) * 1000;
  const at = header ? Date.parse(header) : Number.NaN;
  return Number.isFinite(at) ? Math.max(at - now, 0) : 1000;
}

/**
 * What went wrong on the way to the server (refused, reset, no such host), or rethrows anything else:
 * fetch rejects those with a TypeError whose cause carries a system or undici error code; what it
 * refuses before connecting (a bad URL, a blocked port) has no code and would never get better.
 */
function networkFailure(error: unknown): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') return 'no answer in time';
  const cause =
    error instanceof TypeError ? (error.cause as { code?: unknown; message?: unknown }) : undefined;
  if (typeof cause?.code !== 'string') throw error;
  const message = typeof cause.message === 'string' ? cause.message : '';
  return message.includes(cause.code) ? message : `${message || 'failed'} (${cause.code})`;
}

function formatSeconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

/**
 * `full` jitter spreads a retry anywhere in [0, delay); `equal` in [delay/2, delay) so a retry is
 * never immediate. Both keep a burst of failures from retrying in lockstep.
 */
export type Jitter = 'full' | 'equal';

export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  /** Default `equal`. */
  jitter?: Jitter;
}

/** The factor a jittered delay is scaled by, for `random()` in [0, 1). */
export function jitterFactor(jitter: Jitter, random: number): number {
  return jitter === 'full' ? random : 0.5 + 0.5 * random;
}

/**
 * The wait before retry number `attempt` (1 = the first retry): `min(maxMs, baseMs * 2^(attempt-1))`,
 * jittered.
 * @example backoffDelay({ baseMs: 1_000, maxMs: 60_000 }, 3, Math.random) // 3 000–4 000 ms
 */
export function backoffDelay(backoff: BackoffOptions, attempt: number, random: () => number): number {
  const cap = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.min(Math.max(attempt - 1, 0), 60));
  return Math.round(cap * jitterFactor(backoff.jitter ?? 'equal', random()));
}

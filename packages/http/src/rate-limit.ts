import { RateLimitedError } from '@aftercare/runtime';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, Env } from 'hono';
import { rateLimiter } from 'hono-rate-limiter';

/**
 * Fixed one-minute windows per key, counted in this process: behind N replicas a client gets up to
 * N times the limit, which is what it is for (stopping floods), not metering.
 */
export function rateLimit<E extends Env>(limitPerMinute: number, keyOf: (c: Context<E>) => string) {
  return rateLimiter<E>({
    windowMs: 60_000,
    limit: limitPerMinute,
    standardHeaders: 'draft-6',
    keyGenerator: keyOf,
    handler: (c) => {
      const reset = Number(c.res.headers.get('RateLimit-Reset') ?? '60');
      throw new RateLimitedError(
        `more than ${limitPerMinute} requests a minute; slow down`,
        Math.max(reset, 1),
      );
    },
  });
}

/** The caller's address; `app.request()` in tests has no socket and counts as one local client. */
export function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'local';
  }
}

import { hashToken } from '@aftercare/auth';
import { RateLimitedError } from '@aftercare/runtime';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { rateLimiter } from 'hono-rate-limiter';

/**
 * Fixed one-minute windows per credential (or per client address without one), counted in this
 * process: behind N replicas a client gets up to N times the limit, which is what it is for (stopping
 * floods), not metering.
 */
export function rateLimit(limitPerMinute: number) {
  return rateLimiter({
    windowMs: 60_000,
    limit: limitPerMinute,
    standardHeaders: 'draft-6',
    keyGenerator: (c) => {
      const credential = c.req.header('authorization');
      return credential ? `cred:${hashToken(credential)}` : `addr:${clientAddress(c)}`;
    },
    handler: (c) => {
      const reset = Number(c.res.headers.get('RateLimit-Reset') ?? '60');
      throw new RateLimitedError(
        `more than ${limitPerMinute} requests a minute; slow down`,
        Math.max(reset, 1),
      );
    },
  });
}

function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // app.request() in tests has no socket.
    return 'local';
  }
}

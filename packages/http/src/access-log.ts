import type { Logger } from '@aftercare/logger';
import { createMiddleware } from 'hono/factory';
import type { HttpEnv } from './env.js';

/**
 * One JSON line per request with its id. The path is logged decoded, so the logger's masking sees
 * `/v1/customers/jane@example.com` and not `jane%40example.com`, which it could not recognise.
 */
export function accessLog(root: Logger) {
  return createMiddleware<HttpEnv>(async (c, next) => {
    const logger = root.child({ reqId: c.get('requestId') });
    c.set('logger', logger);
    const started = performance.now();
    await next();
    logger.info(
      {
        method: c.req.method,
        path: decodedPath(c.req.path),
        status: c.res.status,
        ms: Math.round(performance.now() - started),
        actor: c.var.principal?.actor,
      },
      'request',
    );
  });
}

/** The path as a person reads it, so masking recognises e-mail addresses and phone numbers in it. */
export function decodedPath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

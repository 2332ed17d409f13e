import type { AppContext, ServiceModule } from '@aftercare/runtime';
import { PayloadTooLargeError } from '@aftercare/runtime';
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import type { Registry } from 'prom-client';
import { accessLog, decodedPath } from './access-log.js';
import { authenticate } from './auth.js';
import { docsRoutes } from './docs.js';
import type { HttpEnv } from './env.js';
import { healthRoutes } from './health.js';
import { methodNotAllowed } from './method-not-allowed.js';
import { httpMetrics, workerMetrics } from './metrics.js';
import { build, problemResponse, toProblem } from './problem.js';
import { clientAddress, rateLimit } from './rate-limit.js';

// How many callers one address may stand for (an office behind NAT) before it is throttled as one.
const ADDRESS_LIMIT_FACTOR = 4;

/**
 * The one HTTP app of a process: platform routes, then every mounted module's routes under /v1.
 * Order matters: ids and logs first, then CORS preflights (answered before auth, as browsers send
 * them without credentials), then limits, then auth, so every answer (even a 401) is logged with
 * its request id and counted.
 */
export function createHttpApp(ctx: AppContext, modules: ServiceModule[], registry: Registry) {
  const app = new OpenAPIHono<HttpEnv>();

  app.use('*', requestId());
  app.use('*', accessLog(ctx.logger));
  app.use('*', httpMetrics(registry));
  workerMetrics(registry, ctx.health);
  app.use('*', secureHeaders());

  const allowedOrigins = new Set(ctx.config.http.corsOrigins);
  app.use(
    '/v1/*',
    cors({
      // Same origin only unless CORS_ORIGINS names others; a refused origin gets no Allow-Origin.
      origin: (origin) => (allowedOrigins.has(origin) ? origin : null),
      allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key'],
      allowMethods: ['GET', 'POST', 'DELETE'],
      // What a browser client needs to back off and to quote a failed request.
      exposeHeaders: [
        'Retry-After',
        'RateLimit-Limit',
        'RateLimit-Remaining',
        'RateLimit-Reset',
        'X-Request-Id',
      ],
      maxAge: 600,
    }),
  );
  // Customer data and tokens must not be kept by browsers or proxies.
  app.use('/v1/*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });

  // Before auth, per address, so guessing tokens is throttled too; several people may share an address.
  const perAddress = rateLimit(ctx.config.http.rateLimitPerMinute * ADDRESS_LIMIT_FACTOR, (c) =>
    clientAddress(c),
  );
  if (!ctx.config.http.publicMetrics) {
    app.use('/metrics', perAddress);
    app.use('/metrics', authenticate(ctx));
  }
  app.route('/', healthRoutes(ctx, registry));
  app.route('/', docsRoutes());

  app.use('/v1/*', perAddress);
  app.use(
    '/v1/*',
    bodyLimit({
      maxSize: ctx.config.http.bodyLimitBytes,
      onError: () => {
        throw new PayloadTooLargeError(`the body is larger than ${ctx.config.http.bodyLimitBytes} bytes`);
      },
    }),
  );
  app.use('/v1/*', authenticate(ctx));
  app.use(
    '/v1/*',
    rateLimit<HttpEnv>(ctx.config.http.rateLimitPerMinute, (c) => c.get('principal').actor),
  );

  for (const module of modules) {
    if (module.routes) app.route('/v1', module.routes);
    if (module.pages) app.route('/', module.pages);
  }

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerToken', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API token (`aftercare token create`, `POST /v1/tokens`) or the bootstrap token',
  });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Aftercare API',
      version: '1',
      description:
        'Customer-care follow-up and early warning. Errors are application/problem+json (RFC 9457); lists ' +
        'answer {"items": [...], "nextCursor": "..." | null}. Each operation lists the roles that may call ' +
        'it in `x-roles` (admin may call every one).',
    },
    security: [{ bearerToken: [] }],
  });

  const allowedMethods = methodNotAllowed(app.routes);
  app.notFound((c) => {
    const allow = allowedMethods(c.req.path);
    const requestId = c.get('requestId');
    // A handler that found nothing (an unknown file) also ends here: 405 only for another method.
    if (allow.length > 0 && !allow.includes(c.req.method)) {
      const problem = build(
        'method-not-allowed',
        `${c.req.method} is not allowed here; use ${allow.join(', ')}`,
      );
      return problemResponse(problem, { requestId, headers: { Allow: allow.join(', ') } });
    }
    return problemResponse(build('not-found', `no route for ${c.req.method} ${c.req.path}`), { requestId });
  });
  app.onError((error, c) => {
    const { problem, headers, unexpected } = toProblem(error);
    const logger = c.var.logger ?? ctx.logger;
    if (unexpected) logger.error({ err: error, path: decodedPath(c.req.path) }, 'request failed');
    const response = problemResponse(problem, { requestId: c.get('requestId'), headers });
    // Headers set by middleware before the error (request id, rate limit, CORS) stay on the answer.
    c.res.headers.forEach((value, name) => {
      if (!response.headers.has(name)) response.headers.set(name, value);
    });
    return response;
  });
  return app;
}

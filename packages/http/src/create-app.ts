import type { AppContext, ServiceModule } from '@aftercare/runtime';
import { PayloadTooLargeError } from '@aftercare/runtime';
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import type { Registry } from 'prom-client';
import { authenticate } from './auth.js';
import { docsRoutes } from './docs.js';
import type { HttpEnv } from './env.js';
import { healthRoutes } from './health.js';
import { httpMetrics } from './metrics.js';
import { build, PROBLEM_CONTENT_TYPE, toProblem } from './problem.js';
import { clientAddress, rateLimit } from './rate-limit.js';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH']);
// How many callers one address may stand for (an office behind NAT) before it is throttled as one.
const ADDRESS_LIMIT_FACTOR = 4;

/**
 * The one HTTP app of a process: platform routes, then every mounted module's routes under /v1.
 * Order matters: ids and logs first, then limits, then auth, so every answer (even a 401) is logged
 * with its request id and counted.
 */
export function createHttpApp(ctx: AppContext, modules: ServiceModule[], registry: Registry) {
  const app = new OpenAPIHono<HttpEnv>();

  app.use('*', requestId());
  app.use('*', async (c, next) => {
    const logger = ctx.logger.child({ reqId: c.get('requestId') });
    c.set('logger', logger);
    const started = performance.now();
    await next();
    logger.info(
      {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
        actor: c.var.principal?.actor,
      },
      'request',
    );
  });
  app.use('*', httpMetrics(registry));
  app.use('*', secureHeaders());

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
  app.use('/v1/*', async (c, next) => {
    const type = c.req.header('content-type') ?? '';
    if (WRITE_METHODS.has(c.req.method) && !/^application\/(.+\+)?json\b/i.test(type)) {
      throw new HTTPException(415, { message: 'send the body as application/json' });
    }
    await next();
  });

  for (const module of modules) {
    if (module.routes) app.route('/v1', module.routes);
    if (module.pages) app.route('/', module.pages);
  }

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerToken', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API token (`aftercare token create`) or the bootstrap token',
  });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Aftercare API',
      version: '1',
      description:
        'Customer-care follow-up and early warning. Errors are application/problem+json (RFC 9457); lists ' +
        'answer {"items": [...], "nextCursor": "..." | null}.',
    },
    security: [{ bearerToken: [] }],
  });

  app.notFound((c) =>
    c.body(
      JSON.stringify({
        ...build('not-found', `no route for ${c.req.method} ${c.req.path}`),
        requestId: c.get('requestId'),
      }),
      404,
      {
        'Content-Type': PROBLEM_CONTENT_TYPE,
      },
    ),
  );
  app.onError((error, c) => {
    const { problem, headers, unexpected } = toProblem(error);
    const logger = c.var.logger ?? ctx.logger;
    if (unexpected) logger.error({ err: error, path: c.req.path }, 'request failed');
    return c.body(JSON.stringify({ ...problem, requestId: c.get('requestId') }), problem.status as 400, {
      ...headers,
      'Content-Type': PROBLEM_CONTENT_TYPE,
    });
  });
  return app;
}

import { ROLES } from '@aftercare/auth';
import type { Role } from '@aftercare/db';
import { createRoute, type RouteConfig } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import { HTTPException } from 'hono/http-exception';
import { requireRole } from './auth.js';
import type { HttpEnv } from './env.js';
import { errorResponses } from './problem.js';

/** Who may call an operation: roles (admin always may), or `any` authenticated caller. */
export type RouteRoles = readonly Role[] | 'any';

type ApiRouteConfig<P extends string> = Omit<RouteConfig, 'path' | 'middleware'> & {
  path: P;
  roles: RouteRoles;
};

/**
 * An operation under /v1: `createRoute` plus the roles that may call it (checked before the input,
 * and published as `x-roles` in /openapi.json), the media types it takes (415 for others; a route
 * without a body accepts an empty request with no Content-Type) and the error responses every
 * operation can give.
 * @example
 * router.openapi(
 *   apiRoute({ method: 'post', path: '/callbacks/claim', roles: ['agent'], responses: { 200: {...} } }),
 *   async (c) => c.json(await claimNextCallback(ctx, c.var.principal), 200),
 * );
 */
export function apiRoute<P extends string, R extends ApiRouteConfig<P>>(config: R) {
  const { roles, ...route } = config;
  const allowed: Role[] = roles === 'any' ? [...ROLES] : [...roles];
  const middleware: [MiddlewareHandler<HttpEnv>, MiddlewareHandler<HttpEnv>] = [
    requireRole(...allowed),
    acceptMediaTypes(Object.keys(route.request?.body?.content ?? {})),
  ];
  return createRoute({
    ...route,
    middleware,
    'x-roles': allowed,
    responses: { ...errorResponses(400, 401, 403, 429, 503), ...route.responses },
  });
}

/** 415 unless the body is one of `types`; with no types, only an empty body passes. */
function acceptMediaTypes(types: readonly string[]) {
  return createMiddleware<HttpEnv>(async (c, next) => {
    const contentType = c.req.header('content-type');
    if (types.length === 0) {
      if (await hasBody(c.req.raw, c.req.header('content-length'))) {
        throw new HTTPException(415, { message: 'this operation takes no request body' });
      }
    } else if (!contentType || !types.some((type) => matchesMediaType(contentType, type))) {
      throw new HTTPException(415, { message: `send the body as ${types.join(' or ')}` });
    }
    await next();
  });
}

function matchesMediaType(contentType: string, declared: string): boolean {
  const essence = contentType.split(';')[0]!.trim().toLowerCase();
  return essence === declared.toLowerCase();
}

async function hasBody(request: Request, contentLength: string | undefined): Promise<boolean> {
  if (contentLength !== undefined) return Number(contentLength) > 0;
  if (request.body === null) return false;
  // Hono keeps what it read, so a handler could still read it; the body limit already capped it.
  return (await request.clone().arrayBuffer()).byteLength > 0;
}

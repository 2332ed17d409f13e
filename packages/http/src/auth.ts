import { isBootstrapToken, type Principal, roleAllows, verifyApiToken } from '@aftercare/auth';
import type { Role } from '@aftercare/db';
import { type AppContext, ForbiddenError, UnauthenticatedError } from '@aftercare/runtime';
import { createMiddleware } from 'hono/factory';
import type { HttpEnv } from './env.js';

const BOOTSTRAP: Principal = { actor: 'bootstrap', name: 'bootstrap token', role: 'admin' };

/** Resolves `Authorization: Bearer <token>` to a principal, or answers 401. */
export function authenticate(ctx: Pick<AppContext, 'db' | 'clock' | 'config'>) {
  return createMiddleware<HttpEnv>(async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new UnauthenticatedError('send an API token as "Authorization: Bearer <token>"');
    const token = match[1]!;
    const principal = isBootstrapToken(token, ctx.config.auth.bootstrapToken)
      ? BOOTSTRAP
      : await verifyApiToken(ctx, token);
    if (!principal) throw new UnauthenticatedError('the API token is unknown, revoked or expired');
    c.set('principal', principal);
    await next();
  });
}

/** Lets the request through only for the given roles (and admin). Routes declare it via `apiRoute`. */
export function requireRole(...roles: Role[]) {
  return createMiddleware<HttpEnv>(async (c, next) => {
    const { role } = c.get('principal');
    if (!roleAllows(role, roles)) {
      throw new ForbiddenError(`this needs the role ${roles.join(' or ')}; the token has the role ${role}`);
    }
    await next();
  });
}

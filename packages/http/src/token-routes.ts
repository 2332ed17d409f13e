import { createApiToken, listApiTokens, ROLES, revokeApiToken } from '@aftercare/auth';
import type { AppContext } from '@aftercare/runtime';
import { createRoute, z } from '@hono/zod-openapi';
import { requireRole } from './auth.js';
import { createRouter } from './router.js';

const problem = { content: { 'application/problem+json': { schema: z.object({}).passthrough() } } };

const tokenInput = z
  .strictObject({
    name: z
      .string()
      .trim()
      .min(1, { error: 'must not be empty' })
      .max(100, { error: 'must be at most 100 characters' }),
    role: z.enum(ROLES, { error: `expected one of ${ROLES.join(', ')}` }),
    expiresInDays: z.number().int().min(1).max(3650).optional(),
  })
  .openapi('ApiTokenInput');

const tokenOutput = z
  .object({
    id: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    prefix: z.string().openapi({ description: 'first characters of the token, to tell tokens apart' }),
    createdBy: z.string(),
    createdAt: z.string(),
    expiresAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
  })
  .openapi('ApiToken');

/** /v1/me for any token; /v1/tokens to create, list and revoke tokens (admin only). */
export function tokenRoutes(ctx: AppContext) {
  const router = createRouter();
  router.openapi(
    createRoute({
      method: 'get',
      path: '/me',
      tags: ['Auth'],
      summary: 'Who the presented token is',
      responses: {
        200: {
          description: 'The caller',
          content: {
            'application/json': {
              schema: z.object({ actor: z.string(), name: z.string(), role: z.enum(ROLES) }),
            },
          },
        },
        401: { description: 'No valid token', ...problem },
      },
    }),
    (c) => c.json(c.var.principal, 200),
  );

  router.use('/tokens', requireRole('admin'));
  router.use('/tokens/*', requireRole('admin'));
  router.openapi(
    createRoute({
      method: 'post',
      path: '/tokens',
      tags: ['Auth'],
      summary: 'Create an API token; the token is in this answer only',
      request: { body: { required: true, content: { 'application/json': { schema: tokenInput } } } },
      responses: {
        201: {
          description: 'Created',
          content: {
            'application/json': {
              schema: z.object({ id: z.string(), token: z.string(), role: z.enum(ROLES) }),
            },
          },
        },
        400: { description: 'Invalid input', ...problem },
        403: { description: 'Not an admin', ...problem },
      },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const expiresAt = input.expiresInDays
        ? new Date(ctx.clock.now().getTime() + input.expiresInDays * 86_400_000)
        : null;
      const created = await createApiToken(ctx.db, ctx.clock, {
        name: input.name,
        role: input.role,
        createdBy: c.var.principal.actor,
        expiresAt,
      });
      return c.json({ id: `tok_${created.id}`, token: created.token, role: created.role }, 201);
    },
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/tokens',
      tags: ['Auth'],
      summary: 'Every API token (never the tokens themselves)',
      responses: {
        200: {
          description: 'Tokens',
          content: { 'application/json': { schema: z.object({ items: z.array(tokenOutput) }) } },
        },
        403: { description: 'Not an admin', ...problem },
      },
    }),
    async (c) => {
      const rows = await listApiTokens(ctx.db);
      const iso = (d: Date | null) => (d ? d.toISOString() : null);
      const items = rows.map((row) => ({
        id: `tok_${row.id}`,
        name: row.name,
        role: row.role,
        prefix: row.token_prefix,
        createdBy: row.created_by,
        createdAt: row.created_at.toISOString(),
        expiresAt: iso(row.expires_at),
        revokedAt: iso(row.revoked_at),
        lastUsedAt: iso(row.last_used_at),
      }));
      return c.json({ items }, 200);
    },
  );
  router.openapi(
    createRoute({
      method: 'delete',
      path: '/tokens/{id}',
      tags: ['Auth'],
      summary: 'Revoke a token; it stops working at once',
      request: {
        params: z.object({ id: z.string().regex(/^tok_\d{1,15}$/, { error: 'expected an id like tok_12' }) }),
      },
      responses: {
        204: { description: 'Revoked' },
        404: { description: 'No such active token', ...problem },
      },
    }),
    async (c) => {
      const id = Number(c.req.valid('param').id.slice('tok_'.length));
      await revokeApiToken(ctx.db, ctx.clock, id, c.var.principal.actor);
      return c.body(null, 204);
    },
  );
  return router;
}

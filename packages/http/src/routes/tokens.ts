import { createApiToken, listApiTokens, ROLES, revokeApiToken } from '@aftercare/auth';
import type { AppContext } from '@aftercare/runtime';
import { plainText } from '@aftercare/schemas';
import { z } from '@hono/zod-openapi';
import { errorResponses } from '../problem.js';
import { apiRoute } from '../route.js';
import { createRouter } from '../router.js';

const tokenInput = z
  .strictObject({
    name: plainText(100),
    role: z.enum(ROLES, { error: `expected one of ${ROLES.join(', ')}` }),
    expiresInDays: z.number().int().min(1).max(3650).optional(),
    userId: z
      .string()
      .regex(/^usr_\d{1,15}$/, { error: 'expected a user id like usr_3' })
      .optional()
      .openapi({ description: "the person the token belongs to; the token then carries the person's role" }),
  })
  .openapi('ApiTokenInput');

const createdToken = z
  .object({
    id: z.string().openapi({ example: 'tok_12' }),
    token: z.string().openapi({ description: 'the token itself: shown in this answer only' }),
    role: z.enum(ROLES),
    expiresAt: z.string().nullable(),
    userId: z.string().nullable(),
  })
  .openapi('CreatedApiToken');

const tokenOutput = z
  .object({
    id: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    userId: z.string().nullable(),
    prefix: z.string().openapi({ description: 'first characters of the token, to tell tokens apart' }),
    createdBy: z.string(),
    createdAt: z.string(),
    expiresAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
  })
  .openapi('ApiToken');

const ADMIN = ['admin'] as const;
const iso = (date: Date | null) => (date ? date.toISOString() : null);
const userRef = (id: number | null) => (id === null ? null : `usr_${id}`);

/** /v1/tokens: create, list and revoke API tokens (admin only). */
export function tokenRoutes(ctx: AppContext) {
  const router = createRouter();
  router.openapi(
    apiRoute({
      method: 'post',
      path: '/tokens',
      roles: ADMIN,
      tags: ['Auth'],
      summary: 'Create an API token; the token is in this answer only',
      request: { body: { required: true, content: { 'application/json': { schema: tokenInput } } } },
      responses: {
        201: { description: 'Created', content: { 'application/json': { schema: createdToken } } },
        ...errorResponses(413, 415),
      },
    }),
    async (c) => {
      const { userId, ...input } = c.req.valid('json');
      const created = await createApiToken(ctx, {
        ...input,
        ...(userId ? { userId: Number(userId.slice('usr_'.length)) } : {}),
        createdBy: c.var.principal.actor,
      });
      return c.json(
        {
          id: `tok_${created.id}`,
          token: created.token,
          role: created.role,
          expiresAt: iso(created.expiresAt),
          userId: userRef(created.userId),
        },
        201,
      );
    },
  );
  router.openapi(
    apiRoute({
      method: 'get',
      path: '/tokens',
      roles: ADMIN,
      tags: ['Auth'],
      summary: 'Every API token (never the tokens themselves)',
      responses: {
        200: {
          description: 'Tokens',
          content: { 'application/json': { schema: z.object({ items: z.array(tokenOutput) }) } },
        },
      },
    }),
    async (c) => {
      const rows = await listApiTokens(ctx);
      const items = rows.map((row) => ({
        id: `tok_${row.id}`,
        name: row.name,
        role: row.role,
        userId: userRef(row.user_id),
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
    apiRoute({
      method: 'delete',
      path: '/tokens/{id}',
      roles: ADMIN,
      tags: ['Auth'],
      summary: 'Revoke a token; it stops working at once',
      request: {
        params: z.object({ id: z.string().regex(/^tok_\d{1,15}$/, { error: 'expected an id like tok_12' }) }),
      },
      responses: { 204: { description: 'Revoked' }, ...errorResponses(404) },
    }),
    async (c) => {
      const id = Number(c.req.valid('param').id.slice('tok_'.length));
      await revokeApiToken(ctx, { id, actor: c.var.principal.actor });
      return c.body(null, 204);
    },
  );
  return router;
}

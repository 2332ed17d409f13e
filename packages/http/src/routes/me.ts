import { ROLES } from '@aftercare/auth';
import { z } from '@hono/zod-openapi';
import { apiRoute } from '../route.js';
import { createRouter } from '../router.js';

const principal = z
  .object({
    actor: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    userId: z.string().optional().openapi({ description: 'the person behind the token, when it is theirs' }),
  })
  .openapi('Principal');

/** GET /v1/me: who the presented token is, for any authenticated caller. */
export function meRoutes() {
  const router = createRouter();
  router.openapi(
    apiRoute({
      method: 'get',
      path: '/me',
      roles: 'any',
      tags: ['Auth'],
      summary: 'Who the presented token is',
      responses: {
        200: { description: 'The caller', content: { 'application/json': { schema: principal } } },
      },
    }),
    (c) => {
      const { userId, ...caller } = c.var.principal;
      return c.json({ ...caller, ...(userId !== undefined ? { userId: `usr_${userId}` } : {}) }, 200);
    },
  );
  return router;
}

import { validationError } from '@aftercare/schemas';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { HttpEnv } from './env.js';

const PART: Record<string, string> = { json: 'body', form: 'body', query: 'query string', param: 'path' };

/**
 * A sub-app for one resource, whose routes are documented in /openapi.json. Invalid input becomes a
 * ValidationError that the one error handler answers as problem+json.
 * @example const router = createRouter(); router.openapi(apiRoute({...}), handler); app.route('/v1', router);
 */
export function createRouter(): OpenAPIHono<HttpEnv> {
  return new OpenAPIHono<HttpEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error.issues, PART[result.target] ?? result.target);
    },
  });
}

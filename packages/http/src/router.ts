import { OpenAPIHono } from '@hono/zod-openapi';
import type { HttpEnv } from './env.js';
import { validationError } from './validation.js';

/**
 * A sub-app for one resource, whose routes are documented in /openapi.json. Invalid input becomes a
 * ValidationError that the one error handler answers as problem+json.
 */
export function createRouter(): OpenAPIHono<HttpEnv> {
  return new OpenAPIHono<HttpEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const where =
          result.target === 'json' ? 'body' : result.target === 'query' ? 'query string' : result.target;
        throw validationError(result.error.issues, where);
      }
    },
  });
}

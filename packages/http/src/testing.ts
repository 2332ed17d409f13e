import { createApiToken, ROLES } from '@aftercare/auth';
import { readEnv, toConfig } from '@aftercare/config';
import type { Role } from '@aftercare/db';
import type { TestDatabase } from '@aftercare/db/testing';
import { createLogger } from '@aftercare/logger';
import { type AppContext, type Clock, ManualClock, type ServiceModule } from '@aftercare/runtime';
import { createHttpApp } from './create-app.js';
import { createMetricsRegistry } from './metrics.js';

export const TEST_BOOTSTRAP_TOKEN = 'test-bootstrap-token-0123456789';

/** A context over a test database with quiet logs and a manual clock. */
export function createTestContext(
  database: TestDatabase,
  env: Record<string, string> = {},
  clock: Clock = new ManualClock('2026-03-01T09:00:00Z'),
): AppContext {
  return {
    config: toConfig(
      readEnv({ AFTERCARE_BOOTSTRAP_TOKEN: TEST_BOOTSTRAP_TOKEN, LOG_LEVEL: 'silent', ...env }),
    ),
    db: database.db,
    database,
    logger: createLogger({ level: 'silent' }),
    clock,
    shutdown: new AbortController().signal,
  };
}

/** The HTTP app over the given modules, plus a token per role, for in-process `app.request()` tests. */
export async function createTestApp(ctx: AppContext, modules: (ctx: AppContext) => ServiceModule[]) {
  const app = createHttpApp(ctx, modules(ctx), createMetricsRegistry());
  const tokens = {} as Record<Role, string>;
  for (const role of ROLES) {
    tokens[role] = (
      await createApiToken(ctx.db, ctx.clock, { name: `test ${role}`, role, createdBy: 'test' })
    ).token;
  }
  const request = (path: string, init: RequestInit & { token?: string; json?: unknown } = {}) => {
    const headers = new Headers(init.headers);
    if (init.token) headers.set('Authorization', `Bearer ${init.token}`);
    let body = init.body;
    if (init.json !== undefined) {
      headers.set('Content-Type', 'application/json');
      body = JSON.stringify(init.json);
    }
    return app.request(path, { ...init, headers, body });
  };
  return { app, tokens, request };
}

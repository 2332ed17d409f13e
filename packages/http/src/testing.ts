import { createApiToken, ROLES } from '@aftercare/auth';
import { readEnv, toConfig } from '@aftercare/config';
import { type ContextOverrides, createContext, type OwnedContext } from '@aftercare/context';
import type { Role } from '@aftercare/db';
import type { TestDatabase } from '@aftercare/db/testing';
import { createLogger } from '@aftercare/logger';
import { type AppContext, ManualClock, type ServiceModule } from '@aftercare/runtime';
import { createHttpApp } from './create-app.js';
import { createMetricsRegistry } from './metrics.js';

export const TEST_BOOTSTRAP_TOKEN = 'test-bootstrap-token-0123456789';

/**
 * A context over a test database (kept open: the suite disposes it) with quiet logs, a manual clock
 * and in-memory mail and SMS unless `overrides` brings others.
 * @example const ctx = await createTestContext(database, { env: { BODY_LIMIT_BYTES: '4096' } });
 */
export function createTestContext(
  database: TestDatabase,
  options: { env?: Record<string, string> } & ContextOverrides = {},
): Promise<OwnedContext> {
  const { env, ...overrides } = options;
  const config = toConfig(
    readEnv({ AFTERCARE_BOOTSTRAP_TOKEN: TEST_BOOTSTRAP_TOKEN, LOG_LEVEL: 'silent', ...env }),
  );
  return createContext(config, {
    clock: new ManualClock('2026-03-01T09:00:00Z'),
    logger: createLogger({ level: 'silent' }),
    migrate: false,
    ...overrides,
    database,
  });
}

export type TestRequest = (
  path: string,
  init?: RequestInit & { token?: string; json?: unknown },
) => Promise<Response>;

/** The HTTP app over the given modules, plus a token per role, for in-process `app.request()` tests. */
export async function createTestApp(ctx: AppContext, modules: (ctx: AppContext) => ServiceModule[]) {
  const app = createHttpApp(ctx, modules(ctx), createMetricsRegistry());
  const tokens = {} as Record<Role, string>;
  for (const role of ROLES) {
    tokens[role] = (await createApiToken(ctx, { name: `test ${role}`, role, createdBy: 'test' })).token;
  }
  const request: TestRequest = async (path, init = {}) => {
    const headers = new Headers(init.headers);
    if (init.token) headers.set('Authorization', `Bearer ${init.token}`);
    let body = init.body;
    if (init.json !== undefined) {
      headers.set('Content-Type', 'application/json');
      body = JSON.stringify(init.json);
    }
    return app.request(path, { ...init, headers, body });
  };
  return { app, ctx, tokens, request };
}

/**
 * What a service adds to a process's start-up: building its module and mounting it in the app, and
 * generating /openapi.json with it (median of `runs`). Printed by each service's `pnpm bench`.
 */
export async function benchServiceModule(
  factory: (ctx: AppContext) => ServiceModule,
  runs = 20,
): Promise<{ buildMs: number; openApiMs: number }> {
  const { createTestDatabase } = await import('@aftercare/db/testing');
  const database = await createTestDatabase({ serverUrl: '' });
  const ctx = await createTestContext(database, { migrate: true });
  const builds: number[] = [];
  const docs: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      const app = createHttpApp(ctx, [factory(ctx)], createMetricsRegistry());
      builds.push(performance.now() - started);
      const docStarted = performance.now();
      await app.request('/openapi.json');
      docs.push(performance.now() - docStarted);
    }
  } finally {
    await ctx.close();
    await database.dispose();
  }
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  return { buildMs: median(builds), openApiMs: median(docs) };
}

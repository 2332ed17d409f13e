import { pendingMigrations } from '@aftercare/db';
import type { AppContext } from '@aftercare/runtime';
import { Hono } from 'hono';
import { sql } from 'kysely';
import type { Registry } from 'prom-client';
import { build, PROBLEM_CONTENT_TYPE } from './problem.js';

/** /healthz (the process answers), /readyz (database reachable, schema current), /metrics. */
export function healthRoutes(ctx: AppContext, registry: Registry) {
  const app = new Hono();
  // Applied migrations never become unapplied: once the schema is current, a probe only needs to
  // reach the database.
  let schemaCurrent = false;
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    const notReady = (detail: string) =>
      c.body(JSON.stringify(build('unavailable', detail)), 503, {
        'Content-Type': PROBLEM_CONTENT_TYPE,
        'Retry-After': '5',
      });
    try {
      if (schemaCurrent) {
        await sql`select 1`.execute(ctx.db);
      } else {
        const pending = await pendingMigrations(ctx.db);
        if (pending.length > 0) return notReady(`migrations not applied: ${pending.join(', ')}`);
        schemaCurrent = true;
      }
      return c.json({ status: 'ready', database: ctx.database.kind });
    } catch (error) {
      ctx.logger.warn({ err: error }, 'readiness check failed');
      return notReady('the database cannot be reached');
    }
  });
  app.get('/metrics', async (c) =>
    c.body(await registry.metrics(), 200, { 'Content-Type': registry.contentType }),
  );
  return app;
}

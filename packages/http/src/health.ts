import { pendingMigrations } from '@aftercare/db';
import type { AppContext } from '@aftercare/runtime';
import { Hono } from 'hono';
import { sql } from 'kysely';
import type { Registry } from 'prom-client';
import { build, problemResponse } from './problem.js';

/**
 * /healthz (the process answers), /readyz (database reachable, schema current, no start-up work
 * holding it, no worker that keeps crashing), /metrics.
 */
export function healthRoutes(ctx: AppContext, registry: Registry) {
  const app = new Hono();
  // Applied migrations never become unapplied: once the schema is current, a probe only needs to
  // reach the database.
  let schemaCurrent = false;
  const notReady = (detail: string) =>
    problemResponse(build('unavailable', detail), { headers: { 'Retry-After': '5' } });

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    // Checked first and without the database: while the demo seeds, the embedded engine is busy.
    const reasons = ctx.health.notReadyReasons();
    if (reasons.length > 0) return notReady(`not ready: ${reasons.join('; ')}`);
    try {
      if (schemaCurrent) {
        await sql`select 1`.execute(ctx.db);
      } else {
        const pending = await pendingMigrations(ctx.db);
        if (pending.length > 0) return notReady(`migrations not applied: ${pending.join(', ')}`);
        schemaCurrent = true;
      }
      return c.json({ status: 'ready', database: ctx.engine.kind });
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

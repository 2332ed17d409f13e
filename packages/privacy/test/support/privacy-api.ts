import { createTestDatabase, type TestDatabase } from '@aftercare/db/testing';
import { createRouter } from '@aftercare/http';
import { createTestApp, createTestContext } from '@aftercare/http/testing';
import { referenceRoutes } from '@aftercare/reference';
import { ManualClock } from '@aftercare/runtime';
import { sql } from 'kysely';
import { privacyRoutes } from '../../src/index.js';
import { registeredOwners } from './registered-owners.js';

export const START = '2026-03-01T09:00:00Z';

/** The platform's routes as the composition root mounts them: reference data and privacy. */
export async function startPrivacyApi() {
  const database: TestDatabase = await createTestDatabase();
  const clock = new ManualClock(START);
  const ctx = await createTestContext(database, { clock });
  const api = await createTestApp(ctx, (ctx) => {
    const routes = createRouter();
    routes.route('/', referenceRoutes(ctx));
    routes.route('/', privacyRoutes(ctx, registeredOwners()));
    return [{ name: 'platform', routes, workers: [] }];
  });
  return {
    database,
    ctx,
    clock,
    api,
    async reset() {
      clock.set(START);
      await sql`truncate orders, products, customers, audit_log, domain_events restart identity cascade`.execute(
        database.db,
      );
    },
    async close() {
      await ctx.close();
      await database.dispose();
    },
  };
}

export type PrivacyApi = Awaited<ReturnType<typeof startPrivacyApi>>;

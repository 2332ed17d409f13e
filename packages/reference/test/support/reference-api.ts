import { createTestDatabase, type TestDatabase } from '@aftercare/db/testing';
import { createTestApp, createTestContext } from '@aftercare/http/testing';
import { ManualClock } from '@aftercare/runtime';
import { sql } from 'kysely';
import { referenceRoutes } from '../../src/index.js';

export const START = '2026-03-01T09:00:00Z';

export type ProblemBody = {
  type: string;
  detail: string;
  errors: { index?: number; field: string; reason: string }[];
  errorCount?: number;
};

/**
 * One database and app per test file; `reset()` (in beforeEach) empties the reference tables and the
 * audit log and rewinds the clock, so every test seeds what it needs and runs alone or in any order.
 */
export async function startReferenceApi() {
  const database: TestDatabase = await createTestDatabase();
  const clock = new ManualClock(START);
  const ctx = await createTestContext(database, { clock });
  const api = await createTestApp(ctx, (ctx) => [
    { name: 'platform', routes: referenceRoutes(ctx), workers: [] },
  ]);
  return {
    database,
    ctx,
    clock,
    api,
    /** POST a batch `{ items }` with the ingest token (or another). */
    post: (path: string, items: unknown[], token = api.tokens.ingest) =>
      api.request(path, { method: 'POST', token, json: { items } }),
    /** GET with the agent token (or another) and the parsed JSON body. */
    async get<T>(path: string, token = api.tokens.agent): Promise<{ status: number; body: T }> {
      const res = await api.request(path, { token });
      return { status: res.status, body: (await res.json()) as T };
    },
    async reset() {
      clock.set(START);
      await sql`truncate orders, products, customers, audit_log restart identity cascade`.execute(
        database.db,
      );
    },
    async close() {
      await ctx.close();
      await database.dispose();
    },
  };
}

export type ReferenceApi = Awaited<ReturnType<typeof startReferenceApi>>;

import { countRows, createTestDatabase, type TestDatabase, testDatabaseKind } from '@aftercare/db/testing';
import { seedDemo } from '@aftercare/demo';
import { createTestContext } from '@aftercare/http/testing';
import { ManualClock } from '@aftercare/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoComplaints } from '../src/index.js';

describe(`demo complaints on ${testDatabaseKind()}`, () => {
  let database: TestDatabase;
  const now = new Date('2026-03-02T02:00:00Z');
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  beforeAll(async () => {
    database = await createTestDatabase();
    ctx = await createTestContext(database, { clock: new ManualClock(now) });
    await seedDemo(ctx, { actor: 'test', now, customers: 60, products: 10, orders: 300 });
  });
  afterAll(async () => database?.dispose());

  it('gives a live SLA picture: every state, breaches among them, and seeds nothing twice', async () => {
    const first = await seedDemoComplaints(ctx, { now, count: 120 });
    expect(first.complaints).toBe(120);
    const statuses = await database.db
      .selectFrom('complaints')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute();
    expect(new Set(statuses.map((s) => s.status))).toEqual(
      new Set(['open', 'waiting_customer', 'resolved', 'closed']),
    );
    const breached = await database.db
      .selectFrom('complaint_clocks')
      .select('id')
      .where('state', '=', 'breached')
      .execute();
    expect(breached.length).toBeGreaterThan(0);
    const complaints = await countRows(database.db, 'complaints');
    const history = await countRows(database.db, 'complaint_history');

    const again = await seedDemoComplaints(ctx, { now, count: 120 });
    expect(again.created).toBe(0);
    expect(await countRows(database.db, 'complaints')).toBe(complaints);
    expect(await countRows(database.db, 'complaint_history')).toBe(history);
  });
});

import { countRows, createTestDatabase, type TestDatabase, testDatabaseKind } from '@aftercare/db/testing';
import { ManualClock } from '@aftercare/runtime';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_CONSENT_SOURCE, generateDemoData, type SeedProgress, seedDemo } from '../src/index.js';

const now = new Date('2026-03-01T09:00:00Z');
const size = { seed: 42, customers: 2_000, products: 100, orders: 5_000 };

async function countReferenceRows(database: TestDatabase) {
  return {
    customers: await countRows(database.db, 'customers'),
    products: await countRows(database.db, 'products'),
    orders: await countRows(database.db, 'orders'),
  };
}

describe(`seeding the demo data on ${testDatabaseKind()}`, () => {
  let database: TestDatabase;
  const clock = new ManualClock('2026-03-01T09:00:00Z');
  const seedOnce = () => seedDemo({ db: database.db, clock }, { ...size, actor: 'test:seed-demo', now });
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  // Every test seeds an empty database itself, so it runs alone or in any order.
  beforeEach(async () => {
    clock.set('2026-03-01T09:00:00Z');
    await sql`truncate orders, products, customers, audit_log restart identity cascade`.execute(database.db);
  });
  afterAll(async () => database?.dispose());

  it('writes every generated record in batches and reports progress', async () => {
    const progress: SeedProgress[] = [];
    const result = await seedDemo(
      { db: database.db, clock },
      { ...size, actor: 'test:seed-demo', now, batchSize: 1_000, onProgress: (p) => progress.push(p) },
    );
    expect(result).toMatchObject({ customers: 2_000, products: 100, orders: 5_000 });
    expect(result.written).toEqual({
      customers: { inserted: 2_000, updated: 0, unchanged: 0 },
      products: { inserted: 100, updated: 0, unchanged: 0 },
      orders: { inserted: 5_000, updated: 0, unchanged: 0 },
    });
    expect(await countReferenceRows(database)).toEqual({ customers: 2_000, products: 100, orders: 5_000 });
    expect(progress).toEqual([
      { stage: 'customers', done: 1_000, total: 2_000 },
      { stage: 'customers', done: 2_000, total: 2_000 },
      { stage: 'products', done: 100, total: 100 },
      ...[1_000, 2_000, 3_000, 4_000, 5_000].map((done) => ({ stage: 'orders', done, total: 5_000 })),
    ]);
    const audit = await database.db.selectFrom('audit_log').select('actor').distinct().execute();
    expect(audit).toEqual([{ actor: 'test:seed-demo' }]);
  });

  it('stores what was generated, with each order in its customer’s region', async () => {
    await seedOnce();
    const data = generateDemoData(size, now);
    const first = await database.db
      .selectFrom('customers')
      .selectAll()
      .where('external_ref', '=', 'C000001')
      .executeTakeFirstOrThrow();
    expect(first).toMatchObject({ name: data.customers[0]!.name, phone: data.customers[0]!.phone ?? null });
    const mismatched = await database.db
      .selectFrom('orders as o')
      .innerJoin('customers as c', 'c.id', 'o.customer_id')
      .select((eb) => eb.fn.countAll().as('n'))
      .whereRef('o.region', '<>', 'c.region')
      .executeTakeFirstOrThrow();
    expect(Number(mismatched.n)).toBe(0);
    const total = await database.db
      .selectFrom('orders')
      .select((eb) => eb.fn.sum('amount').as('sum'))
      .executeTakeFirstOrThrow();
    expect(Number(total.sum)).toBeCloseTo(
      data.orders.reduce((sum, o) => sum + o.amount, 0),
      2,
    );
    const sources = await database.db
      .selectFrom('customers')
      .select('consent_sms_source')
      .distinct()
      .execute();
    expect(sources.map((s) => s.consent_sms_source)).toContain(DEMO_CONSENT_SOURCE);
  });

  it('changes nothing when run again with the same seed', async () => {
    await seedOnce();
    clock.advance(60_000);
    const before = await database.db
      .selectFrom('customers')
      .select((eb) => eb.fn.max('updated_at').as('at'))
      .executeTakeFirstOrThrow();
    const again = await seedOnce();
    expect(again.written).toEqual({
      customers: { inserted: 0, updated: 0, unchanged: 2_000 },
      products: { inserted: 0, updated: 0, unchanged: 100 },
      orders: { inserted: 0, updated: 0, unchanged: 5_000 },
    });
    expect(await countReferenceRows(database)).toEqual({ customers: 2_000, products: 100, orders: 5_000 });
    const after = await database.db
      .selectFrom('customers')
      .select((eb) => eb.fn.max('updated_at').as('at'))
      .executeTakeFirstOrThrow();
    expect(after.at).toEqual(before.at);
  });
});

describe(`stopping a demo seed on ${testDatabaseKind()}`, () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database?.dispose());

  it('stops between batches when the signal aborts, keeping the batches already written', async () => {
    const controller = new AbortController();
    const seeding = seedDemo(
      { db: database.db, clock: new ManualClock(now) },
      {
        actor: 'test:seed-demo',
        batchSize: 300,
        seed: 1,
        customers: 300,
        products: 10,
        orders: 100,
        now,
        signal: controller.signal,
        onProgress: (p) => p.stage === 'customers' && controller.abort(),
      },
    );
    await expect(seeding).rejects.toMatchObject({ name: 'AbortError' });
    expect(await countReferenceRows(database)).toEqual({ customers: 300, products: 0, orders: 0 });
  });
});

describe(`a server seeding the demo on ${testDatabaseKind()}`, () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database?.dispose());

  // On PGlite the database runs on this thread: a seed that never yields leaves every request
  // waiting until it ends (it did: one 8 s stall for the full demo).
  it('lets timers (and so requests) run between its batches', async () => {
    let last = performance.now();
    const gaps: number[] = [];
    const timer = setInterval(() => {
      const at = performance.now();
      gaps.push(at - last);
      last = at;
    }, 5);
    try {
      await seedDemo(
        { db: database.db, clock: new ManualClock(now) },
        { seed: 7, customers: 1_500, products: 50, orders: 3_000, now, actor: 'test:seed-demo' },
      );
    } finally {
      clearInterval(timer);
    }
    gaps.push(performance.now() - last);
    // A few ticks per batch; the bound on a gap is loose because CI machines are busy.
    expect(gaps.length, `gaps: ${gaps.map(Math.round).join(', ')}`).toBeGreaterThan(10);
    expect(Math.max(...gaps), `gaps: ${gaps.map(Math.round).join(', ')}`).toBeLessThan(1_500);
  });
});

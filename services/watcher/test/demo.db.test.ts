import { countRows, createTestDatabase, type TestDatabase, testDatabaseKind } from '@aftercare/db/testing';
import { seedDemo } from '@aftercare/demo';
import { createTestContext } from '@aftercare/http/testing';
import { ManualClock } from '@aftercare/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAlerts } from '../src/alerts/find-alerts.js';
import { seedDemoMentions } from '../src/index.js';
import { readRiskMap } from '../src/riskmap/read-map.js';

describe(`demo mentions on ${testDatabaseKind()}`, () => {
  let database: TestDatabase;
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  const now = new Date('2026-03-16T10:30:00Z');
  beforeAll(async () => {
    database = await createTestDatabase();
    ctx = await createTestContext(database, { clock: new ManualClock(now) });
    await seedDemo(ctx, { actor: 'test', now, customers: 100, products: 40, orders: 300 });
  });
  afterAll(async () => database?.dispose());

  it('gives a live map: a month of talk, and its three bursts of complaints standing out today', async () => {
    const first = await seedDemoMentions(ctx, { now, count: 3_000 });
    expect(first.mentions).toBeGreaterThan(3_000);
    const map = await readRiskMap(ctx, { granularity: 'day', limit: 3, from: '2026-03-16T00:00:00Z' });
    expect(new Set(map.items.map((c) => `${c.sku} ${c.region}`))).toEqual(
      new Set(first.spikes.map((s) => `${s.sku} ${s.region}`)),
    );
    expect(map.items.every((c) => c.risk > 50 && c.topics.quality > 0)).toBe(true);
    expect(
      await countRows(database.db, 'risk_cell_changes'),
      'nothing left for the evaluator to catch up',
    ).toBeGreaterThan(0);
    const pending = await database.db
      .selectFrom('risk_cell_changes')
      .select('id')
      .where('state', '=', 'pending')
      .execute();
    expect(pending).toEqual([]);

    // The bursts stand as open alerts that explain themselves, as a supervisor sees them first thing.
    const alerts = await listAlerts(ctx, { status: 'open', limit: 50 });
    expect(new Set(alerts.items.map((a) => `${a.sku} ${a.region}`))).toEqual(
      new Set(first.spikes.map((s) => `${s.sku} ${s.region}`)),
    );
    expect(
      alerts.items.every(
        (a) => a.kind === 'spike' && /negative mentions of .+ in the last hour/.test(a.reason),
      ),
    ).toBe(true);

    const again = await seedDemoMentions(ctx, { now, count: 3_000 });
    expect(again.mentions, 'a second run takes nothing in twice').toBe(0);
  });
});

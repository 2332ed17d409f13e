import type { Database } from '@aftercare/db';
import { countRows, createTestDatabase, type TestDatabase, testDatabaseKind } from '@aftercare/db/testing';
import { seedDemo } from '@aftercare/demo';
import { createTestContext } from '@aftercare/http/testing';
import { ManualClock } from '@aftercare/runtime';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoComplaints, seedDemoStaff } from '../src/index.js';

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

  it('gives a live SLA picture: teams and staff on shifts, every state, owners, breaches escalated, nothing twice', async () => {
    const staff = await seedDemoStaff(ctx);
    expect(staff).toEqual({ teams: 4, staff: 27 });
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
    expect(first.escalated).toBeGreaterThan(0);
    const escalations = await database.db
      .selectFrom('escalations')
      .innerJoin('complaints', 'complaints.id', 'escalations.complaint_id')
      .select(['escalations.assignee_id', 'escalations.status', 'complaints.status as complaint'])
      .execute();
    expect(escalations).toHaveLength(first.escalated);
    for (const e of escalations) expect(['open', 'waiting_customer']).toContain(e.complaint);
    expect(escalations.some((e) => e.assignee_id !== null)).toBe(true);
    const owned = await database.db
      .selectFrom('complaints')
      .select('id')
      .where('assignee_id', 'is not', null)
      .execute();
    expect(owned.length, 'routing gave cases to people on shift').toBeGreaterThan(0);
    const complaints = await countRows(database.db, 'complaints');
    const history = await countRows(database.db, 'complaint_history');

    expect(await seedDemoStaff(ctx)).toEqual(staff);
    const users = await countRows(database.db, 'users');
    const again = await seedDemoComplaints(ctx, { now, count: 120 });
    expect(again).toMatchObject({ created: 0, escalated: 0 });
    expect(await countRows(database.db, 'users')).toBe(users);
    expect(await countRows(database.db, 'escalations')).toBe(escalations.length);
    expect(await countRows(database.db, 'complaints')).toBe(complaints);
    expect(await countRows(database.db, 'complaint_history')).toBe(history);
  });

  it('replays case histories together into exactly the rows one event at a time writes', async () => {
    const seeded = async (historiesPerCommit: number) => {
      const db = await createTestDatabase();
      const c = await createTestContext(db, { clock: new ManualClock(now) });
      await seedDemo(c, { actor: 'test', now, customers: 60, products: 10, orders: 300 });
      await seedDemoStaff(c);
      await seedDemoComplaints(c, { now, count: 200, historiesPerCommit });
      return db;
    };
    const [together, alone] = [await seeded(250), await seeded(1)];
    try {
      const [rows, expected] = [await complaintRows(together.db), await complaintRows(alone.db)];
      const types = new Set(expected.history.map((h) => h.type));
      for (const type of ['first_contact', 'waiting_customer', 'resolved', 'closed', 'merged', 'escalated'])
        expect(types, `the scenario has ${type} entries`).toContain(type);
      expect(rows).toEqual(expected);
    } finally {
      await Promise.all([together.dispose(), alone.dispose()]);
    }
  });
});

/**
 * What the demo's complaints left in every table the event path writes, with the ids that depend on
 * the order of the writes (clocks, history, steps, events) replaced by what the rows are about.
 */
async function complaintRows(db: Kysely<Database>) {
  const clocks = await db.selectFrom('complaint_clocks').selectAll().orderBy('id').execute();
  const clockKey = new Map(
    clocks.map((k) => [k.id, `${k.complaint_id}:${k.kind}:${k.started_at.toISOString()}`]),
  );
  const byKey = <T extends { key: string }>(rows: T[]) => rows.sort((a, b) => a.key.localeCompare(b.key));
  const [complaints, history, deadlines, escalations, tasks, events] = await Promise.all([
    db.selectFrom('complaints').selectAll().orderBy('id').execute(),
    db.selectFrom('complaint_history').selectAll().orderBy('complaint_id').orderBy('id').execute(),
    db.selectFrom('clock_deadlines').selectAll().execute(),
    db.selectFrom('escalations').selectAll().orderBy('id').execute(),
    db.selectFrom('complaint_tasks').selectAll().orderBy('complaint_id').orderBy('id').execute(),
    db.selectFrom('domain_events').selectAll().orderBy('aggregate_id').orderBy('id').execute(),
  ]);
  return {
    complaints,
    clocks: byKey(clocks.map(({ id, ...clock }) => ({ key: clockKey.get(id)!, ...clock }))),
    history: history.map(({ id: _, ...entry }) => entry),
    deadlines: byKey(
      deadlines.map(({ id: _, clock_id, ...step }) => ({
        key: `${clockKey.get(clock_id)}:${step.step}`,
        ...step,
      })),
    ),
    escalations: escalations.map(({ clock_id, ...escalation }) => ({
      clock: clockKey.get(clock_id),
      ...escalation,
    })),
    tasks: tasks.map(({ id: _, ...task }) => task),
    events: events.map(({ id: _, txid: __, ...event }) => event),
  };
}

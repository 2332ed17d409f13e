import type { OwnedContext } from '@aftercare/context';
import { createTestDatabase, type TestDatabase, testDatabaseKind } from '@aftercare/db/testing';
import { createTestContext } from '@aftercare/http/testing';
import { ManualClock } from '@aftercare/runtime';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clockDeadlineQueue, DEADLINE_LEASE_MS } from '../../src/clocks/deadline-queue.js';
import { handleDeadline } from '../../src/clocks/handle-deadline.js';
import { openComplaints } from '../../src/complaints/open-complaints.js';
import { seedShopWithVipAndRegularBuyers } from '../seed/shop-with-vip-and-regular-buyers.js';

const NOW = '2026-03-02T02:00:00.000Z';

// handleDeadline driven by the queue's own claim on a manual clock: a quality complaint (level 2)
// opened at NOW has first contact due at +30 min (warning at +15) and a solution due at +4 h.
describe(`clock deadlines handled on ${testDatabaseKind()}`, () => {
  let database: TestDatabase;
  let ctx: OwnedContext;
  const clock = new ManualClock(NOW);
  const queue = () => clockDeadlineQueue(ctx);

  const openComplaint = async (customerRef = 'C-REG', orderRef = 'O-REG-KETTLE') => {
    const [outcome] = await openComplaints(ctx, {
      actor: 'test',
      items: [
        {
          externalRef: `ZD-${customerRef}`,
          customerRef,
          orderRef,
          channel: 'chat',
          category: 'quality',
          text: '水壶坏了',
        },
      ],
    });
    if (outcome?.status !== 'created') throw new Error(`complaint not created: ${JSON.stringify(outcome)}`);
    return outcome.complaintId;
  };
  /** What was recorded, per complaint: history entries and events by type. */
  const recorded = async () => {
    const history = await sql<{ complaint_id: number; type: string; n: number }>`
      select complaint_id, type, count(*)::int as n from complaint_history
      where actor = 'sla' group by complaint_id, type order by complaint_id, type`.execute(database.db);
    const events = await sql<{ aggregate_id: string; type: string; n: number }>`
      select aggregate_id, type, count(*)::int as n from domain_events
      where type in ('complaint.clock_warning@1', 'complaint.breached@1', 'complaint.escalated@1')
      group by aggregate_id, type order by aggregate_id, type`.execute(database.db);
    return {
      history: history.rows.map((r) => `cmp_${r.complaint_id} ${r.type} x${r.n}`),
      events: events.rows.map((r) => `${r.aggregate_id} ${r.type} x${r.n}`),
    };
  };
  const firstContact = (complaintId: number) =>
    database.db
      .selectFrom('complaint_clocks')
      .selectAll()
      .where('complaint_id', '=', complaintId)
      .where('kind', '=', 'first_contact')
      .executeTakeFirstOrThrow();

  beforeAll(async () => {
    database = await createTestDatabase();
    ctx = await createTestContext(database, { clock });
    await seedShopWithVipAndRegularBuyers(ctx);
  });
  beforeEach(async () => {
    clock.set(NOW);
    await sql`truncate complaints, domain_events cascade`.execute(database.db);
  });
  afterAll(async () => database?.dispose());

  it('records the warning, then the breach, once each, with events and history', async () => {
    const id = await openComplaint();
    expect(await queue().claim('w/0', 10), 'nothing is due at opening').toEqual([]);

    clock.set('2026-03-02T02:15:00.000Z');
    const warnings = await queue().claim('w/0', 10);
    expect(warnings.map((row) => row.step)).toEqual(['warning']);
    expect(await handleDeadline(ctx, warnings[0]!)).toBe('warned');
    expect(await queue().claim('w/0', 10), 'the warning is done').toEqual([]);

    clock.set('2026-03-02T02:30:00.500Z');
    const breaches = await queue().claim('w/1', 10);
    expect(breaches.map((row) => row.step)).toEqual(['breach']);
    expect(await handleDeadline(ctx, breaches[0]!)).toBe('breached');

    // With no staff on the chain the escalation is still recorded, unassigned, for someone to see.
    expect(await recorded()).toEqual({
      history: [`cmp_${id} breached x1`, `cmp_${id} clock_warning x1`, `cmp_${id} escalated x1`],
      events: [
        `cmp_${id} complaint.breached@1 x1`,
        `cmp_${id} complaint.clock_warning@1 x1`,
        `cmp_${id} complaint.escalated@1 x1`,
      ],
    });
    const breached = await firstContact(id);
    expect(breached).toMatchObject({ state: 'breached', ended_at: new Date('2026-03-02T02:30:00.500Z') });
    const { rows } = await sql<{ payload: Record<string, unknown> }>`
      select payload from domain_events where type = 'complaint.breached@1'`.execute(database.db);
    expect(rows[0]?.payload).toEqual({
      complaintId: `cmp_${id}`,
      clock: 'first_contact',
      dueAt: '2026-03-02T02:30:00.000Z',
      level: 2,
      team: 'quality',
      at: '2026-03-02T02:30:00.500Z',
    });
    const solution = await database.db
      .selectFrom('complaint_clocks')
      .select('state')
      .where('complaint_id', '=', id)
      .where('kind', '=', 'solution')
      .executeTakeFirstOrThrow();
    expect(solution.state, 'the other clock keeps running').toBe('running');
  });

  it('records nothing for a clock met before its breach step', async () => {
    const id = await openComplaint();
    // Met without its steps cancelled (or cancelled after the claim): the clock state decides.
    await database.db
      .updateTable('complaint_clocks')
      .set({ state: 'met', ended_at: new Date('2026-03-02T02:10:00.000Z') })
      .where('complaint_id', '=', id)
      .where('kind', '=', 'first_contact')
      .execute();
    clock.set('2026-03-02T02:31:00.000Z');
    const rows = await queue().claim('w/0', 10);
    expect(rows.map((row) => row.step).sort()).toEqual(['breach', 'warning']);
    for (const row of rows) expect(await handleDeadline(ctx, row)).toBe('skipped');
    expect(await recorded()).toEqual({ history: [], events: [] });
    expect((await firstContact(id)).state).toBe('met');
    const open = await sql<{ n: number }>`
      select count(*)::int as n from clock_deadlines where id = any(${rows.map((r) => r.id)}) and state <> 'done'`.execute(
      database.db,
    );
    expect(open.rows[0]?.n, 'the skipped steps are done, not retried').toBe(0);
  });

  it('records nothing twice when a handled deadline is replayed or its lease taken over', async () => {
    const id = await openComplaint();
    clock.set('2026-03-02T02:30:01.000Z');
    const [warning, breach] = await queue().claim('w/0', 10);
    expect([warning?.step, breach?.step]).toEqual(['warning', 'breach']);

    // Handled, then the worker "crashes" and the same row is run again, by it or after the lease.
    expect(await handleDeadline(ctx, breach!)).toBe('breached');
    expect(await handleDeadline(ctx, breach!)).toBe('lost');

    // The warning's worker died before handling it: another takes it once the lease expires (the
    // handled breach is never claimed again), and the dead worker's late attempt (a paused process
    // waking up) then finds its lease gone.
    clock.advance(DEADLINE_LEASE_MS + 1_000);
    const takenOver = await queue().claim('w/2', 10);
    expect(takenOver).toEqual([expect.objectContaining({ id: warning!.id, attempts: 2, leased_by: 'w/2' })]);
    const outcomes = await Promise.all([handleDeadline(ctx, warning!), handleDeadline(ctx, takenOver[0]!)]);
    // The clock already breached: the late warning records nothing, whoever holds it.
    expect(outcomes.sort()).toEqual(['lost', 'skipped']);
    expect(await recorded()).toEqual({
      history: [`cmp_${id} breached x1`, `cmp_${id} escalated x1`],
      events: [`cmp_${id} complaint.breached@1 x1`, `cmp_${id} complaint.escalated@1 x1`],
    });
  });

  it('records each step once when two workers claim and handle at the same time', async () => {
    const ids = [await openComplaint('C-REG', 'O-REG-KETTLE'), await openComplaint('C-VIP', 'O-VIP-KETTLE')];
    clock.set('2026-03-02T02:15:00.000Z');
    const runWorker = async (workerId: string) => {
      const rows = await queue().claim(workerId, 1);
      return Promise.all(rows.map((row) => handleDeadline(ctx, row)));
    };
    const warned = (await Promise.all([runWorker('a/0'), runWorker('b/0'), runWorker('c/0')])).flat();
    expect(warned.sort()).toEqual(['warned', 'warned']);
    clock.set('2026-03-02T02:30:00.000Z');
    const breached = (await Promise.all([runWorker('a/0'), runWorker('b/0'), runWorker('c/0')])).flat();
    expect(breached.sort()).toEqual(['breached', 'breached']);
    const { history, events } = await recorded();
    expect(history).toHaveLength(6);
    expect(events).toEqual(
      ids.flatMap((id) => [
        `cmp_${id} complaint.breached@1 x1`,
        `cmp_${id} complaint.clock_warning@1 x1`,
        `cmp_${id} complaint.escalated@1 x1`,
      ]),
    );
  });
});

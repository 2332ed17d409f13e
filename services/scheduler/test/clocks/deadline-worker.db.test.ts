import { createTestDatabase, type TestDatabase, testDatabaseKind } from '@aftercare/db/testing';
import { createTestContext } from '@aftercare/http/testing';
import { type Supervisor, superviseWorkers } from '@aftercare/jobs';
import { systemClock } from '@aftercare/runtime';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { clockDeadlineWorker } from '../../src/clocks/deadline-worker.js';
import { openComplaints } from '../../src/complaints/open-complaints.js';
import { seedShopWithVipAndRegularBuyers } from '../seed/shop-with-vip-and-regular-buyers.js';

// The worker as `aftercare start` runs it: supervised, on real time, at the default WORKER_POLL_MS.
describe(`the clock deadline worker on ${testDatabaseKind()}`, () => {
  let database: TestDatabase;
  let supervisor: Supervisor | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => {
    await supervisor?.stop();
    supervisor = undefined;
  });
  afterAll(async () => database?.dispose());

  it('breaches a first-contact clock within 5 s of its due time, once', async () => {
    const ctx = await createTestContext(database, { clock: systemClock });
    await seedShopWithVipAndRegularBuyers(ctx);
    const worker = clockDeadlineWorker(ctx);
    expect(worker.name).toBe('work:clock_deadlines');
    supervisor = superviseWorkers(ctx, [worker]);

    // Opened 30 min less 1 s ago: first contact (30 min for a level-2 quality complaint) is due in 1 s.
    const openedAt = new Date(Date.now() - 30 * 60_000 + 1_000);
    const [outcome] = await openComplaints(ctx, {
      actor: 'test',
      items: [
        {
          externalRef: 'ZD-E2E',
          customerRef: 'C-REG',
          orderRef: 'O-REG-KETTLE',
          channel: 'chat',
          category: 'quality',
          text: '水壶坏了',
          openedAt: openedAt.toISOString(),
        },
      ],
    });
    if (outcome?.status !== 'created') throw new Error(`complaint not created: ${JSON.stringify(outcome)}`);
    const clock = () =>
      database.db
        .selectFrom('complaint_clocks')
        .select(['state', 'due_at', 'ended_at'])
        .where('complaint_id', '=', outcome.complaintId)
        .where('kind', '=', 'first_contact')
        .executeTakeFirstOrThrow();

    const due = await clock();
    expect(due.state).toBe('running');
    const breached = await vi.waitFor(
      async () => {
        const now = await clock();
        if (now.state !== 'breached' || !now.ended_at) throw new Error(`clock still ${now.state}`);
        return now;
      },
      { timeout: due.due_at.getTime() + 5_000 - Date.now(), interval: 50 },
    );
    const lateMs = breached.ended_at!.getTime() - breached.due_at.getTime();
    expect(lateMs, `breach recorded ${lateMs} ms after the due time`).toBeGreaterThanOrEqual(0);
    expect(lateMs).toBeLessThan(5_000);

    const history = await database.db
      .selectFrom('complaint_history')
      .select('type')
      .where('complaint_id', '=', outcome.complaintId)
      .where('actor', '=', 'sla')
      .execute();
    expect(history.map((row) => row.type)).toEqual(['breached', 'escalated']);
    const events = await database.db
      .selectFrom('domain_events')
      .select('type')
      .where('aggregate_id', '=', `cmp_${outcome.complaintId}`)
      .where('type', '=', 'complaint.breached@1')
      .execute();
    expect(events).toHaveLength(1);
    expect(ctx.health.workers().find((w) => w.name === 'work:clock_deadlines')?.state).toBe('running');
  });
});

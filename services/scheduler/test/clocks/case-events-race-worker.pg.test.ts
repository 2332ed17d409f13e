import { ManualClock } from '@aftercare/runtime';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clockDeadlineQueue } from '../../src/clocks/deadline-queue.js';
import { handleDeadline } from '../../src/clocks/handle-deadline.js';
import { applyComplaintEvent } from '../../src/complaints/apply-event.js';
import { seedCareTeamsWithShifts } from '../seed/care-teams-with-shifts.js';
import { type SchedulerApi, startSchedulerApi } from '../support/scheduler-api.js';

const MONDAY_10 = '2026-03-02T02:00:00.000Z';

// On a real server with real row locks: a helpdesk's first contact arriving at the very moment the
// worker records the breach and escalates. Neither may deadlock, and no escalation may stay open on
// a clock whose work was done.
describe('case events racing the deadline worker', () => {
  let s: SchedulerApi;
  const clock = new ManualClock(MONDAY_10);
  beforeAll(async () => {
    s = await startSchedulerApi(clock);
    await seedCareTeamsWithShifts(s.api.ctx);
  });
  afterAll(async () => s?.database.dispose());

  it('never deadlocks and leaves no escalation open on a clock whose work is done', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 100; i++) {
      const res = await s.api.request('/v1/complaints', {
        method: 'POST',
        token: s.api.tokens.ingest,
        json: {
          externalRef: `RACE-${i}`,
          customerRef: 'C-REG',
          channel: 'phone',
          category: 'quality',
          text: '水壶质量太差了',
        },
      });
      ids.push(Number(((await res.json()) as { id: string }).id.slice('cmp_'.length)));
    }
    clock.set(new Date(Date.parse(MONDAY_10) + 31 * 60_000));
    const queue = clockDeadlineQueue(s.api.ctx);
    const rows = (await queue.claim('race/0', 1_000)).filter((row) => row.step === 'breach');
    const complaintOf = new Map(
      (await s.database.db.selectFrom('complaint_clocks').select(['id', 'complaint_id']).execute()).map(
        (c) => [c.id, c.complaint_id],
      ),
    );
    const failures: unknown[] = [];
    await Promise.all(
      rows.map((row) =>
        Promise.all([
          handleDeadline(s.api.ctx, row).catch((error) => failures.push(error)),
          applyComplaintEvent(s.api.ctx, {
            id: complaintOf.get(row.clock_id)!,
            event: { type: 'first_contact' },
            actor: 'helpdesk',
          }).catch((error) => failures.push(error)),
        ]),
      ),
    );
    expect(failures).toEqual([]);
    const open = await sql<{ n: number }>`
      select count(*)::int as n from escalations e join complaint_clocks k on k.id = e.clock_id
      where e.status = 'open' and k.kind = 'first_contact'`.execute(s.database.db);
    expect(open.rows[0]?.n).toBe(0);
  });
});

import type { ClockKind, SlaTargets } from '@aftercare/db';
import { type AppContext, ConflictError, NotFoundError } from '@aftercare/runtime';
import { type DeadlineRequest, scheduleDeadlines } from '../clocks/deadlines.js';
import { regradeComplaint } from '../grading/index.js';
import { currentPolicyFor } from '../policies/policies.js';
import { clockCalendar, retargetedDue } from './clock-time.js';
import { complaintId } from './ids.js';

const MINUTE = 60_000;

/** The policy target each case clock follows; confirmation and callback clocks keep theirs. */
const TARGET_OF: Partial<Record<ClockKind, keyof SlaTargets>> = {
  first_contact: 'first_contact',
  solution: 'solution',
  progress_update: 'progress_update',
  internal_reply: 'internal_reply',
};

/**
 * A supervisor's regrade of an open complaint: the new level (with the earlier reasons kept and the
 * regrade added), the current policy of that level, and the clocks re-targeted from now: the time a
 * clock has left (running or paused) grows or shrinks by the difference of the targets, counted on
 * the new policy's calendar, never due before this moment. Recorded in the
 * history and as `complaint.graded@1`.
 * @example await regradeCase(ctx, { id: 42, level: 1, note: '客户是媒体记者', actor: 'token:2' });
 */
export async function regradeCase(
  ctx: Pick<AppContext, 'db' | 'clock' | 'events'>,
  { id, level, note, actor }: { id: number; level: 1 | 2 | 3; note?: string | undefined; actor: string },
): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('complaints')
      .leftJoin('teams', 'teams.key', 'complaints.team')
      .select([
        'complaints.id',
        'complaints.status',
        'complaints.level',
        'complaints.level_reasons',
        'complaints.category',
        'teams.calendar as team_calendar',
      ])
      .where('complaints.id', '=', id)
      // Not FOR UPDATE: the deadline worker's history rows take a key-share lock on the complaint,
      // which FOR UPDATE would block while this waits on that worker's clock lock (a deadlock).
      .forNoKeyUpdate('complaints')
      .executeTakeFirst();
    if (!row) throw new NotFoundError(`no complaint ${complaintId(id)}`);
    if (row.status !== 'open' && row.status !== 'waiting_customer') {
      throw new ConflictError(`a ${row.status} complaint is not regraded; reopen it first`);
    }
    const grade = regradeComplaint(
      { level: row.level, reasons: row.level_reasons },
      { level, by: actor, note },
    );
    const policy = await currentPolicyFor({ db: trx }, { level, category: row.category });
    const calendar = clockCalendar(policy.calendar, row.team_calendar);
    await trx
      .updateTable('complaints')
      .set({ level, level_reasons: JSON.stringify(grade.reasons), policy_id: policy.id, updated_at: now })
      .where('id', '=', id)
      .execute();
    const live = await trx
      .selectFrom('complaint_clocks')
      .select(['id', 'kind', 'state', 'due_at', 'target_ms', 'remaining_ms'])
      .where('complaint_id', '=', id)
      .where('state', 'in', ['running', 'paused'])
      .forUpdate()
      .execute();
    // A case marked complex keeps the longer solution target at its new level.
    const complex = await trx
      .selectFrom('complaint_history')
      .select('id')
      .where('complaint_id', '=', id)
      .where('type', '=', 'marked_complex')
      .limit(1)
      .executeTakeFirst();
    const moved: DeadlineRequest[] = [];
    for (const clock of live) {
      const target = clock.kind === 'solution' && complex ? 'solution_complex' : TARGET_OF[clock.kind];
      if (!target) continue;
      const targetMs = policy.targets[target] * MINUTE;
      if (clock.state === 'paused') {
        // Waiting on the customer: the time left grows or shrinks by the change of target.
        const remaining = Math.max(0, (clock.remaining_ms ?? 0) + targetMs - clock.target_ms);
        await trx
          .updateTable('complaint_clocks')
          .set({ target_ms: targetMs, remaining_ms: remaining })
          .where('id', '=', clock.id)
          .execute();
        continue;
      }
      const dueAt = retargetedDue(calendar, now, clock, targetMs);
      await trx
        .updateTable('complaint_clocks')
        .set({ due_at: dueAt, target_ms: targetMs })
        .where('id', '=', clock.id)
        .execute();
      moved.push({
        clockId: clock.id,
        dueAt,
        warningLeadMs: policy.targets.warning_before * MINUTE,
        calendar,
      });
    }
    await scheduleDeadlines(trx, moved, now);
    await trx
      .insertInto('complaint_history')
      .values({
        complaint_id: id,
        at: now,
        type: 'regraded',
        actor,
        note: note ?? null,
        details: JSON.stringify({ from: row.level, to: level }),
      })
      .execute();
    const publicId = complaintId(id);
    await ctx.events.append(trx, {
      type: 'complaint.graded@1',
      aggregateType: 'complaint',
      aggregateId: publicId,
      payload: {
        complaintId: publicId,
        level,
        previousLevel: row.level,
        reasons: grade.reasons,
        by: actor,
        at: now.toISOString(),
      },
    });
  });
}

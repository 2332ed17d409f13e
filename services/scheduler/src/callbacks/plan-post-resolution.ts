import type { ClockKind, Database } from '@aftercare/db';
import type { StoredEvent } from '@aftercare/events';
import { type ConsumeOptions, eventConsumerWorker } from '@aftercare/jobs';
import type { AppContext, Worker } from '@aftercare/runtime';
import { type Kysely, sql } from 'kysely';
import { complaintRowId } from '../complaints/ids.js';
import { DEFAULT_QUESTIONNAIRES } from '../questionnaires/schema.js';

/** How long after its deadline a post-resolution callback may still be made (and retried). */
export const POST_RESOLUTION_WINDOW_MS = 2 * 24 * 3_600_000;

/** The callback each post-resolution clock gets, and the questionnaire it asks. */
const PLANNED: readonly { clock: ClockKind; kind: 'confirmation' | 'satisfaction'; questionnaire: string }[] =
  [
    { clock: 'confirmation', kind: 'confirmation', questionnaire: DEFAULT_QUESTIONNAIRES.confirmation },
    {
      clock: 'satisfaction_callback',
      kind: 'satisfaction',
      questionnaire: DEFAULT_QUESTIONNAIRES.satisfaction,
    },
  ];

type PlanningType = 'complaint.resolved@1' | 'complaint.reopened@1' | 'complaint.closed@1';
type PlanningEvent = StoredEvent<PlanningType>;

/** The consumer `scheduler.callbacks`: what the worker runs, and what tests drive with `consumeEvents`. */
export function postResolutionConsumer(ctx: Pick<AppContext, 'clock'>): ConsumeOptions<PlanningType> {
  return {
    consumer: 'scheduler.callbacks',
    types: ['complaint.resolved@1', 'complaint.reopened@1', 'complaint.closed@1'],
    handler: (events, trx) => planPostResolutionCallbacks(trx, ctx.clock.now(), events),
  };
}

/**
 * The scheduler's `events:scheduler.callbacks` worker: each resolved complaint gets its confirmation
 * and satisfaction callbacks, and a reopened or closed one loses those still open whose clock it
 * cancelled.
 * @example workers: [clockDeadlineWorker(ctx), postResolutionCallbackWorker(ctx)]
 */
export function postResolutionCallbackWorker(
  ctx: Pick<AppContext, 'db' | 'clock' | 'logger' | 'config'>,
): Worker {
  return eventConsumerWorker(ctx, postResolutionConsumer(ctx));
}

/**
 * The handler, in the consumer's transaction and in event order. Idempotent: one callback per clock
 * (unique `clock_id`), planned only from clocks still running or breached, so a replayed batch, or
 * one read after the complaint was reopened (its clocks cancelled), plans nothing more.
 */
export async function planPostResolutionCallbacks(
  trx: Kysely<Database>,
  now: Date,
  events: readonly PlanningEvent[],
): Promise<void> {
  for (const event of events) {
    const complaint = complaintRowId(event.payload.complaintId);
    if (event.type === 'complaint.resolved@1') await planForComplaint(trx, complaint, now);
    else await cancelOpenCallbacks(trx, complaint);
  }
}

async function planForComplaint(trx: Kysely<Database>, complaint: number, now: Date): Promise<void> {
  for (const { clock, kind, questionnaire } of PLANNED) {
    // Customers who withdrew call consent, or were erased, are not called.
    await sql`
      insert into callbacks (kind, customer_id, complaint_id, clock_id, questionnaire_key, questionnaire_version,
        level, vip, due_at, window_end, created_at)
      select ${kind}, c.customer_id, c.id, k.id, q.key, q.current_version,
        c.level, cu.tier = 'vip', k.due_at, k.due_at + ${`${POST_RESOLUTION_WINDOW_MS} milliseconds`}::interval,
        ${now}::timestamptz
      from complaint_clocks k
      join complaints c on c.id = k.complaint_id
      join customers cu on cu.id = c.customer_id
      join questionnaires q on q.key = ${questionnaire}
      where k.complaint_id = ${complaint} and k.kind = ${clock} and k.state in ('running', 'breached')
        and cu.consent_call and cu.erased_at is null
      on conflict (clock_id) do nothing`.execute(trx);
  }
}

// Only callbacks whose clock the reopening (or closing) cancelled: a replayed reopen must not cancel
// the callbacks of a later resolution, whose clocks run.
async function cancelOpenCallbacks(trx: Kysely<Database>, complaint: number): Promise<void> {
  await trx
    .updateTable('callbacks')
    .set({ status: 'cancelled', lease_expires_at: null })
    .where('complaint_id', '=', complaint)
    .where('status', 'in', ['pending', 'claimed'])
    .where('clock_id', 'in', (eb) =>
      eb
        .selectFrom('complaint_clocks')
        .select('id')
        .where('complaint_id', '=', complaint)
        .where('state', '=', 'cancelled'),
    )
    .execute();
}

import type { Database } from '@aftercare/db';
import type { StoredEvent } from '@aftercare/events';
import { type ConsumeOptions, eventConsumerWorker } from '@aftercare/jobs';
import type { AppContext, Worker } from '@aftercare/runtime';
import { type Kysely, sql } from 'kysely';
import { DEFAULT_QUESTIONNAIRES } from '../questionnaires/schema.js';

/** How long a proactive call stays in the queue: the alert's news is old after that. */
export const PROACTIVE_WINDOW_MS = 3 * 24 * 3_600_000;
/** Whose purchase makes them a buyer worth calling about an alert. */
export const PROACTIVE_PURCHASED_WITHIN_DAYS = 365;

/** The consumer `scheduler.proactive`: what the worker runs, and what tests drive with `consumeEvents`. */
export function proactiveCallConsumer(ctx: Pick<AppContext, 'clock'>): ConsumeOptions<'risk_alert.opened@1'> {
  return {
    consumer: 'scheduler.proactive',
    types: ['risk_alert.opened@1'],
    handler: (events, trx) => planProactiveCalls(trx, ctx.clock.now(), events),
  };
}

/**
 * The scheduler's `events:scheduler.proactive` worker: when the watcher opens a risk alert, the VIP
 * buyers of that product in that region hear from a person before they hear from a template.
 */
export function proactiveCallWorker(ctx: Pick<AppContext, 'db' | 'clock' | 'logger' | 'config'>): Worker {
  return eventConsumerWorker(ctx, proactiveCallConsumer(ctx));
}

/**
 * For each opened alert: a `proactive` care callback, claimable now, for every VIP customer who
 * bought the product within a year in the alert's region (any region when the alert has none),
 * with call consent, not erased, and with no callback already waiting (their own comes first).
 * Set-based, one statement per alert; idempotent (one per alert and customer).
 */
export async function planProactiveCalls(
  trx: Kysely<Database>,
  now: Date,
  events: readonly StoredEvent<'risk_alert.opened@1'>[],
): Promise<void> {
  for (const { payload } of events) {
    await sql`
      insert into callbacks (kind, customer_id, source_ref, questionnaire_key, questionnaire_version,
        level, vip, due_at, window_end, created_at)
      select distinct on (cu.id) 'proactive', cu.id, ${payload.alertId}, q.key, q.current_version,
        null::smallint, true, ${now}::timestamptz, ${new Date(now.getTime() + PROACTIVE_WINDOW_MS)}::timestamptz,
        ${now}::timestamptz
      from orders o
      join products p on p.id = o.product_id
      join customers cu on cu.id = o.customer_id
      join questionnaires q on q.key = ${DEFAULT_QUESTIONNAIRES.periodic}
      where p.sku = ${payload.sku}
        and (${payload.region}::text is null or o.region = ${payload.region})
        and o.purchased_at >= ${new Date(now.getTime() - PROACTIVE_PURCHASED_WITHIN_DAYS * 86_400_000)}::timestamptz
        and cu.tier = 'vip' and cu.consent_call and cu.erased_at is null
        and not exists (
          select 1 from callbacks w where w.customer_id = cu.id and w.status in ('pending', 'claimed'))
      order by cu.id
      on conflict (source_ref, customer_id) where source_ref is not null do nothing`.execute(trx);
  }
}

import { createRandom, createTablePicker, type Random } from '@aftercare/demo';
import { ConflictError } from '@aftercare/runtime';
import { moveComplaints } from '../complaints/apply-event.js';
import type { CaseEventInput } from '../complaints/events-schema.js';
import { type OpenContext, openComplaints } from '../complaints/open-complaints.js';
import type { ComplaintInput } from '../complaints/schemas.js';
import { BREACHED_CLOCK_COLUMNS, escalateClock, toBreachedClock } from '../escalations/escalate.js';
import { CATEGORY_SHARE, DEMO_TEXTS } from './complaint-texts.js';

const DAY = 86_400_000;
const BATCH = 250;
// Case histories replayed, and escalations recorded, a commit: on a server each commit waits for the
// disk; on the embedded database a request waits for the commit under way (under 0.2 s at these sizes).
const HISTORY_BATCH = 250;
const ESCALATION_BATCH = 50;
/** Lets requests in between batches: the embedded database runs in this thread. */
const yieldToRequests = () => new Promise((resolve) => setImmediate(resolve));
const CHANNELS = ['phone', 'chat', 'chat', 'email', 'social', 'marketplace', 'marketplace'] as const;

export interface DemoComplaintsResult {
  complaints: number;
  created: number;
  merged: number;
  /** Open overdue cases escalated to their first rung. */
  escalated: number;
}

/**
 * Complaints over the last 90 days from the demo's buyers about what they bought, spread over the
 * categories as in practice; the older ones are breached, the recent ones running. Deterministic by
 * seed and idempotent (a re-run finds every externalRef and writes nothing). Sends nothing.
 * `historiesPerCommit` (250) is how many case histories are replayed together; 1 replays each case
 * alone, event by event, as the API would.
 * @example await seedDemoComplaints(ctx, { now: new Date(), count: 3000 });
 */
export async function seedDemoComplaints(
  ctx: OpenContext,
  options: { now: Date; count?: number; seed?: number; signal?: AbortSignal; historiesPerCommit?: number },
): Promise<DemoComplaintsResult> {
  const count = options.count ?? 500;
  const random = createRandom(options.seed ?? 42, 'complaints');
  const pickCategory = createTablePicker(CATEGORY_SHARE);
  // Spread over the shop's orders, so complaints name real buyers and products.
  const orders = await ctx.db
    .selectFrom('orders')
    .innerJoin('customers', 'customers.id', 'orders.customer_id')
    .select(['orders.external_ref as orderRef', 'customers.external_ref as customerRef'])
    .where('customers.erased_at', 'is', null)
    .orderBy('orders.id')
    .limit(count * 4)
    .execute();
  const result: DemoComplaintsResult = { complaints: 0, created: 0, merged: 0, escalated: 0 };
  if (orders.length === 0) return result;
  const items: ComplaintInput[] = [];
  for (let n = 0; n < count; n++) {
    const order = random.pick(orders);
    const category = pickCategory(random);
    // Squared, so recent days have more complaints than old ones, as a live queue does.
    const openedAt = new Date(options.now.getTime() - Math.floor(random.next() ** 2 * 89 * DAY) - 60_000);
    items.push({
      externalRef: `DEMO-CMP-${String(n + 1).padStart(5, '0')}`,
      customerRef: order.customerRef,
      orderRef: order.orderRef,
      channel: random.pick(CHANNELS),
      category,
      text: random.pick(DEMO_TEXTS[category]),
      openedAt: openedAt.toISOString(),
    });
  }
  const created: { id: number; openedAt: Date }[] = [];
  for (let start = 0; start < items.length; start += BATCH) {
    options.signal?.throwIfAborted();
    const batch = items.slice(start, start + BATCH);
    const outcomes = await openComplaints(ctx, { items: batch, actor: 'demo' });
    outcomes.forEach((outcome, index) => {
      result.complaints++;
      if (outcome.status === 'merged') result.merged++;
      if (outcome.status !== 'created') return;
      result.created++;
      created.push({ id: outcome.complaintId, openedAt: new Date(batch[index]!.openedAt!) });
    });
    await yieldToRequests();
  }
  // Care teams have worked the older ones: a live picture has every state, not only open cases.
  // Only what has happened by now: a case opened minutes ago has had no contact yet.
  const histories = created.map((complaint) => ({
    id: complaint.id,
    events: caseHistory(complaint.openedAt, options.now, random).filter(
      (event) => Date.parse(event.at!) <= options.now.getTime(),
    ),
  }));
  const perCommit = options.historiesPerCommit ?? HISTORY_BATCH;
  for (let start = 0; start < histories.length; start += perCommit) {
    options.signal?.throwIfAborted();
    await ctx.db
      .transaction()
      .execute((trx) => replayHistories({ ...ctx, db: trx }, histories.slice(start, start + perCommit)));
    await yieldToRequests();
  }
  result.escalated = await escalateOpenBreaches(ctx, options.now, options.signal);
  return result;
}

const MINUTE = 60_000;

/**
 * The demo's open cases that are overdue reach their supervisor now (the worker climbs the rest of
 * the chain once it runs), so the first start shows escalations to acknowledge. Idempotent.
 */
async function escalateOpenBreaches(ctx: OpenContext, now: Date, signal?: AbortSignal): Promise<number> {
  const late = await ctx.db
    .selectFrom('complaint_clocks')
    .innerJoin('complaints', 'complaints.id', 'complaint_clocks.complaint_id')
    .select(BREACHED_CLOCK_COLUMNS)
    .where('complaints.external_ref', 'like', 'DEMO-CMP-%')
    .where('complaints.status', 'in', ['open', 'waiting_customer'])
    .where('complaint_clocks.state', '=', 'breached')
    .where('complaint_clocks.settled_at', 'is', null)
    .orderBy('complaint_clocks.id')
    .execute();
  const deps = { events: ctx.events, afterMinutes: ctx.config.scheduler.escalationAfterMinutes };
  let escalated = 0;
  for (let start = 0; start < late.length; start += ESCALATION_BATCH) {
    signal?.throwIfAborted();
    await ctx.db.transaction().execute(async (trx) => {
      const batch = late.slice(start, start + ESCALATION_BATCH);
      // Locked and checked again, as escalateClock wants: a deadline worker may be running already.
      const still = await trx
        .selectFrom('complaint_clocks')
        .select('id')
        .where(
          'id',
          'in',
          batch.map((clock) => clock.id),
        )
        .where('state', '=', 'breached')
        .where('settled_at', 'is', null)
        .orderBy('id')
        .forUpdate()
        .execute();
      const locked = new Set(still.map((row) => row.id));
      for (const clock of batch.filter((c) => locked.has(c.id))) {
        if (await escalateClock(trx, deps, { clock: toBreachedClock(clock), step: 1, now })) escalated++;
      }
    });
    await yieldToRequests();
  }
  return escalated;
}

/**
 * Moves demo complaints through what has happened to them by now, in the caller's transaction: every
 * case's first event together, then every second one, and so on, each round through the real event
 * path for all the cases at once.
 */
async function replayHistories(
  ctx: OpenContext,
  cases: readonly { id: number; events: CaseEventInput[] }[],
): Promise<void> {
  let going = cases;
  for (let step = 0; going.length > 0; step++) {
    going = going.filter((c) => step < c.events.length);
    const refusals = await moveComplaints(
      ctx,
      going.map((c) => {
        const event = c.events[step]!;
        return { id: c.id, event, actor: 'demo', at: new Date(event.at!) };
      }),
    );
    // A duplicate merged in later moved the case's timeline on: its history stops there.
    for (const refusal of refusals) if (refusal && !(refusal instanceof ConflictError)) throw refusal;
    going = going.filter((_, index) => refusals[index] === undefined);
  }
}

/**
 * What a care team did with a demo complaint by now: most older ones were answered, resolved and
 * closed (some late, so the SLA figures show breaches); some wait on the customer; recent ones are
 * open, some already contacted. Three events at most, each through the real event path.
 */
function caseHistory(openedAt: Date, now: Date, random: Random): CaseEventInput[] {
  const ageDays = (now.getTime() - openedAt.getTime()) / DAY;
  const at = (minutes: number) => new Date(openedAt.getTime() + minutes * MINUTE).toISOString();
  const contact = random.int(5, 90);
  if (ageDays < 0.5)
    return random.chance(0.5) ? [] : [{ type: 'first_contact', at: at(Math.min(contact, 10)) }];
  if (ageDays < 3) {
    if (random.chance(0.3))
      return [
        { type: 'first_contact', at: at(contact) },
        { type: 'waiting_customer', at: at(contact + 5) },
      ];
    return random.chance(0.5) ? [{ type: 'first_contact', at: at(contact) }] : [];
  }
  const resolved = contact + random.int(60, 600);
  // Resolving meets the solution clock; most are closed a day later (which ends the confirmation
  // and satisfaction clocks), the rest still await their satisfaction callback.
  return [
    { type: 'first_contact', at: at(contact) },
    { type: 'resolved', at: at(resolved) },
    ...(random.chance(0.8) ? [{ type: 'closed' as const, at: at(resolved + 24 * 60 + 30) }] : []),
  ];
}

import type { ComplaintCategory, Database, SlaTargets } from '@aftercare/db';
import type { AppContext, FieldProblem } from '@aftercare/runtime';
import type { Topic } from '@aftercare/scoring';
import { type Kysely, sql } from 'kysely';
import { gradeComplaint } from '../grading/index.js';
import { planOpeningClocks } from './clocks.js';
import { complaintId } from './ids.js';
import { DEFAULT_ROUTING } from './routing.js';
import type { ComplaintInput } from './schemas.js';

export type OpenContext = Pick<AppContext, 'db' | 'clock' | 'scorer' | 'events' | 'config'>;

/** What became of one complaint taken in. */
export type OpenOutcome =
  | { status: 'created' | 'merged' | 'existing'; complaintId: number; merged: boolean }
  | { status: 'rejected'; errors: FieldProblem[] };

const DAY = 86_400_000;
// A complaint of the same customer within this window counts toward their history.
const HISTORY_WINDOW = 30 * DAY;
// Helpdesks and phones disagree on the time by seconds; a complaint a little in the future is now.
const CLOCK_SKEW = 5 * 60_000;

const TOPIC_CATEGORY: Partial<Record<Topic, ComplaintCategory>> = {
  quality: 'quality',
  logistics: 'logistics',
  service: 'service',
  advertising: 'advertising',
};

/**
 * Takes complaints in, in one transaction: a retry of a known `externalRef` answers the complaint it
 * made; a duplicate (same customer and order, or SKU, and category, while one is open) merges into
 * the open one; anything else is graded, routed, given its clocks by the current SLA policy and
 * announced as `complaint.opened@1` and `complaint.graded@1`. A bad item is rejected with its
 * fields and the others go on.
 * @example
 * const [outcome] = await openComplaints(ctx, { items: [complaint], actor: 'token:3' });
 */
export async function openComplaints(
  ctx: OpenContext,
  { items, actor }: { items: readonly ComplaintInput[]; actor: string },
): Promise<OpenOutcome[]> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const outcomes: OpenOutcome[] = [];
    for (const item of items) outcomes.push(await openOne({ ...ctx, db: trx }, trx, item, actor, now));
    return outcomes;
  });
}

async function openOne(
  ctx: OpenContext,
  trx: Kysely<Database>,
  item: ComplaintInput,
  actor: string,
  now: Date,
): Promise<OpenOutcome> {
  const known = await trx
    .selectFrom('complaint_refs')
    .select(['complaint_id', 'merged'])
    .where('external_ref', '=', item.externalRef)
    .executeTakeFirst();
  if (known) return { status: 'existing', complaintId: known.complaint_id, merged: known.merged };

  const openedAt = item.openedAt ? new Date(item.openedAt) : now;
  const refs = await resolveRefs(trx, item);
  const errors = [...refs.errors, ...checkOpenedAt(ctx, openedAt, now)];
  if (errors.length > 0 || !refs.customer) return { status: 'rejected', errors };
  const { customer, order, product } = refs;

  const category = item.category ?? inferCategory(ctx, item.text);
  const productId = order?.product_id ?? product?.id ?? null;
  const dedupeKey = order
    ? `${customer.id}:order:${order.id}:${category}`
    : productId
      ? `${customer.id}:sku:${productId}:${category}`
      : null;

  if (dedupeKey) {
    const open = await trx
      .selectFrom('complaints')
      .select('id')
      .where('dedupe_key', '=', dedupeKey)
      .where('status', 'in', ['open', 'waiting_customer'])
      .forUpdate()
      .executeTakeFirst();
    if (open) {
      await mergeInto(ctx, trx, open.id, item, actor, now);
      return { status: 'merged', complaintId: open.id, merged: true };
    }
  }

  const history = await trx
    .selectFrom('complaints')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('customer_id', '=', customer.id)
    .where('opened_at', '>=', new Date(openedAt.getTime() - HISTORY_WINDOW))
    .where('opened_at', '<=', openedAt)
    .executeTakeFirstOrThrow();
  const reading = ctx.scorer.score(item.text);
  const grade = gradeComplaint({
    text: item.text,
    category,
    channel: item.channel,
    customer: { tier: customer.tier, complaintsLast30Days: Number(history.n) },
    sentiment: { label: reading.label, complaint: reading.complaint },
  });
  const policy = await currentPolicy(trx, grade.level, category);
  const team = item.team ?? DEFAULT_ROUTING[category];

  const row = await trx
    .insertInto('complaints')
    .values({
      external_ref: item.externalRef,
      customer_id: customer.id,
      order_id: order?.id ?? null,
      product_id: productId,
      channel: item.channel,
      category,
      category_inferred: item.category === undefined,
      text: item.text,
      team,
      level: grade.level,
      level_reasons: JSON.stringify(grade.reasons),
      status: 'open',
      policy_id: policy.id,
      dedupe_key: dedupeKey,
      opened_at: openedAt,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('complaint_refs')
    .values({
      external_ref: item.externalRef,
      complaint_id: row.id,
      merged: false,
      text: item.text,
      received_at: now,
    })
    .execute();
  const clocks = planOpeningClocks(policy.targets, openedAt, now);
  await trx
    .insertInto('complaint_clocks')
    .values(
      clocks.map((clock) => ({
        complaint_id: row.id,
        kind: clock.kind,
        state: clock.state,
        started_at: clock.startedAt,
        due_at: clock.dueAt,
        target_ms: clock.targetMs,
        remaining_ms: null,
        ended_at: clock.state === 'breached' ? now : null,
      })),
    )
    .execute();
  await trx
    .insertInto('complaint_history')
    .values([
      {
        complaint_id: row.id,
        at: now,
        type: 'opened',
        actor,
        note: null,
        details: JSON.stringify({ channel: item.channel, team, openedAt: openedAt.toISOString() }),
      },
      {
        complaint_id: row.id,
        at: now,
        type: 'graded',
        actor: 'grading',
        note: null,
        details: JSON.stringify({ level: grade.level, reasons: grade.reasons }),
      },
    ])
    .execute();
  const id = complaintId(row.id);
  await ctx.events.append(trx, {
    type: 'complaint.opened@1',
    aggregateType: 'complaint',
    aggregateId: id,
    payload: {
      complaintId: id,
      customerId: `cus_${customer.id}`,
      sku: order?.sku ?? product?.sku ?? null,
      region: order?.region ?? customer.region,
      category,
      level: grade.level,
      channel: item.channel,
      team,
      openedAt: openedAt.toISOString(),
    },
  });
  await ctx.events.append(trx, {
    type: 'complaint.graded@1',
    aggregateType: 'complaint',
    aggregateId: id,
    payload: {
      complaintId: id,
      level: grade.level,
      previousLevel: null,
      reasons: grade.reasons,
      by: 'grading',
      at: now.toISOString(),
    },
  });
  return { status: 'created', complaintId: row.id, merged: false };
}

async function resolveRefs(trx: Kysely<Database>, item: ComplaintInput) {
  const errors: FieldProblem[] = [];
  const customer = await trx
    .selectFrom('customers')
    .select(['id', 'tier', 'region'])
    .where('external_ref', '=', item.customerRef)
    .executeTakeFirst();
  if (!customer) errors.push({ field: 'customerRef', reason: 'no customer with this externalRef' });
  const order = item.orderRef
    ? await trx
        .selectFrom('orders')
        .innerJoin('products', 'products.id', 'orders.product_id')
        .select(['orders.id', 'orders.customer_id', 'orders.product_id', 'orders.region', 'products.sku'])
        .where('orders.external_ref', '=', item.orderRef)
        .executeTakeFirst()
    : undefined;
  if (item.orderRef && !order) errors.push({ field: 'orderRef', reason: 'no order with this externalRef' });
  if (order && customer && order.customer_id !== customer.id) {
    errors.push({ field: 'orderRef', reason: 'the order belongs to another customer' });
  }
  const product = item.sku
    ? await trx.selectFrom('products').select(['id', 'sku']).where('sku', '=', item.sku).executeTakeFirst()
    : undefined;
  if (item.sku && !product) errors.push({ field: 'sku', reason: 'no product with this SKU' });
  if (order && product && order.product_id !== product.id) {
    errors.push({ field: 'sku', reason: 'the order is for another product' });
  }
  return { errors, customer, order, product };
}

function checkOpenedAt(ctx: OpenContext, openedAt: Date, now: Date): FieldProblem[] {
  const maxDays = ctx.config.scheduler.backfillMaxDays;
  if (openedAt.getTime() > now.getTime() + CLOCK_SKEW) {
    return [{ field: 'openedAt', reason: 'is in the future' }];
  }
  if (openedAt.getTime() < now.getTime() - maxDays * DAY) {
    return [{ field: 'openedAt', reason: `is more than ${maxDays} days ago (COMPLAINT_BACKFILL_MAX_DAYS)` }];
  }
  return [];
}

/** The category the text is about, by the scorer's first topic; `other` when it names none. */
function inferCategory(ctx: Pick<AppContext, 'scorer'>, text: string): ComplaintCategory {
  for (const topic of ctx.scorer.score(text).topics) {
    const category = TOPIC_CATEGORY[topic];
    if (category) return category;
  }
  return 'other';
}

async function currentPolicy(
  trx: Kysely<Database>,
  level: 1 | 2 | 3,
  category: ComplaintCategory,
): Promise<{ id: number; targets: SlaTargets }> {
  // The category's own policy wins over the level's catch-all.
  const policy = await trx
    .selectFrom('sla_policies')
    .select(['id', 'targets'])
    .where('level', '=', level)
    .where('category', 'in', [category, '*'])
    .where('superseded_at', 'is', null)
    .orderBy(sql`category = '*'`)
    .executeTakeFirst();
  if (!policy) throw new Error(`no SLA policy for level ${level}; the migration installs defaults`);
  return policy;
}

async function mergeInto(
  ctx: OpenContext,
  trx: Kysely<Database>,
  openId: number,
  item: ComplaintInput,
  actor: string,
  now: Date,
): Promise<void> {
  await trx
    .insertInto('complaint_refs')
    .values({
      external_ref: item.externalRef,
      complaint_id: openId,
      merged: true,
      text: item.text,
      received_at: now,
    })
    .execute();
  await trx
    .updateTable('complaints')
    .set((eb) => ({ merged_count: eb('merged_count', '+', 1), updated_at: now }))
    .where('id', '=', openId)
    .execute();
  await trx
    .insertInto('complaint_history')
    .values({
      complaint_id: openId,
      at: now,
      type: 'merged',
      actor,
      note: null,
      details: JSON.stringify({ externalRef: item.externalRef, channel: item.channel }),
    })
    .execute();
  const id = complaintId(openId);
  await ctx.events.append(trx, {
    type: 'complaint.merged@1',
    aggregateType: 'complaint',
    aggregateId: id,
    payload: { complaintId: id, externalRef: item.externalRef, at: now.toISOString() },
  });
}

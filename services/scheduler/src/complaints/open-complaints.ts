import type { ComplaintCategory, ComplaintsTable, Database, SlaTargets, StoredCalendar } from '@aftercare/db';
import type { AnyNewEvent } from '@aftercare/events';
import type { AppContext, FieldProblem } from '@aftercare/runtime';
import type { TextScore, Topic } from '@aftercare/scoring';
import type { Insertable, Kysely } from 'kysely';
import type { BusinessCalendar } from '../calendar/index.js';
import { insertNewDeadlines } from '../clocks/deadlines.js';
import { scheduleLateArrivalEscalations } from '../escalations/escalate.js';
import { gradeComplaint } from '../grading/index.js';
import { appendTo } from '../map-list.js';
import { pickPolicy } from '../policies/policies.js';
import { userRowId } from '../staff/ids.js';
import { type Assignable, Assigner, loadAssignable } from './assign.js';
import { clockCalendar } from './clock-time.js';
import { type PlannedClock, planOpeningClocks } from './clocks.js';
import { complaintId, customerPublicId } from './ids.js';
import { DEFAULT_ROUTING } from './routing.js';
import type { ComplaintInput } from './schemas.js';
import { isInTheFuture } from './timing.js';

export type OpenContext = Pick<AppContext, 'db' | 'clock' | 'scorer' | 'events' | 'config'>;

/** What became of one complaint taken in. */
export type OpenOutcome =
  | { status: 'created' | 'merged' | 'existing'; complaintId: number; merged: boolean }
  | { status: 'rejected'; errors: FieldProblem[] };

const DAY = 86_400_000;
// A complaint of the same customer within this window counts toward their history.
const HISTORY_WINDOW = 30 * DAY;

const TOPIC_CATEGORY: Partial<Record<Topic, ComplaintCategory>> = {
  quality: 'quality',
  logistics: 'logistics',
  service: 'service',
  advertising: 'advertising',
};

/**
 * Takes complaints in, in one transaction and a few set-based statements per batch: a retry of a
 * known `externalRef` answers the complaint it made; a duplicate (same customer and order, or SKU,
 * and category, while one is open, also earlier in the same batch) merges into the open one;
 * anything else is graded, routed, given its clocks by the current SLA policy and announced as
 * `complaint.opened@1` and `complaint.graded@1`. A bad item is rejected with its fields and the
 * others go on.
 * @example
 * const [outcome] = await openComplaints(ctx, { items: [complaint], actor: 'token:3' });
 */
export async function openComplaints(
  ctx: OpenContext,
  { items, actor }: { items: readonly ComplaintInput[]; actor: string },
): Promise<OpenOutcome[]> {
  if (items.length === 0) return [];
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const known = await loadKnown(trx, items, now);
    const intake = new Intake(ctx, known, now, actor);
    const outcomes = items.map((item) => intake.take(item));
    await intake.write(trx);
    return outcomes.map((outcome) => outcome.resolve());
  });
}

/** What the batch needs from the database, read once for every item. */
interface Known {
  refs: Map<string, { complaintId: number; merged: boolean }>;
  customers: Map<string, { id: number; tier: 'regular' | 'vip'; region: string }>;
  orders: Map<string, { id: number; customerId: number; productId: number; region: string; sku: string }>;
  products: Map<string, { id: number; sku: string }>;
  /** The open complaint of each dedupe key. */
  openByKey: Map<string, number>;
  /** When each customer's recent complaints were opened, for their history. */
  openedAtByCustomer: Map<number, number[]>;
  policies: {
    id: number;
    level: number;
    category: string;
    targets: SlaTargets;
    calendar: 'always' | 'team';
  }[];
  /** Every team by key, with the business calendar `team` policies count on. */
  teams: Map<string, StoredCalendar | null>;
  /** Who may own the batch's cases, with their load. */
  assignable: Map<number, Assignable>;
}

async function loadKnown(trx: Kysely<Database>, items: readonly ComplaintInput[], now: Date): Promise<Known> {
  const unique = (values: (string | undefined)[]) => [...new Set(values.filter((v): v is string => !!v))];
  const refs = unique(items.map((i) => i.externalRef));
  const customerRefs = unique(items.map((i) => i.customerRef));
  const orderRefs = unique(items.map((i) => i.orderRef));
  const skus = unique(items.map((i) => i.sku));
  const teamKeys = unique(items.map((i) => i.team).concat(Object.values(DEFAULT_ROUTING)));
  const named = unique(items.map((i) => i.assignee)).map(userRowId);
  const [refRows, customerRows, orderRows, productRows, policies, teamRows, assignable] = await Promise.all([
    trx
      .selectFrom('complaint_refs')
      .select(['external_ref', 'complaint_id', 'merged'])
      .where('external_ref', 'in', refs)
      .execute(),
    trx
      .selectFrom('customers')
      .select(['id', 'external_ref', 'tier', 'region'])
      .where('external_ref', 'in', customerRefs)
      .execute(),
    orderRefs.length
      ? trx
          .selectFrom('orders')
          .innerJoin('products', 'products.id', 'orders.product_id')
          .select([
            'orders.id',
            'orders.external_ref',
            'orders.customer_id',
            'orders.product_id',
            'orders.region',
            'products.sku',
          ])
          .where('orders.external_ref', 'in', orderRefs)
          .execute()
      : [],
    skus.length ? trx.selectFrom('products').select(['id', 'sku']).where('sku', 'in', skus).execute() : [],
    trx
      .selectFrom('sla_policies')
      .select(['id', 'level', 'category', 'targets', 'calendar'])
      .where('superseded_at', 'is', null)
      .execute(),
    trx.selectFrom('teams').select(['key', 'calendar']).where('key', 'in', teamKeys).execute(),
    loadAssignable(trx, { teams: teamKeys, named, now }),
  ]);
  const customerIds = customerRows.map((c) => c.id);
  const [openRows, historyRows] = customerIds.length
    ? await Promise.all([
        // Locked, so two intakes of the same duplicate cannot both open a case (the unique index
        // would refuse the second anyway).
        trx
          .selectFrom('complaints')
          .select(['id', 'dedupe_key'])
          .where('customer_id', 'in', customerIds)
          .where('dedupe_key', 'is not', null)
          .where('status', 'in', ['open', 'waiting_customer'])
          .forUpdate()
          .execute(),
        trx
          .selectFrom('complaints')
          .select(['customer_id', 'opened_at'])
          .where('customer_id', 'in', customerIds)
          .where(
            'opened_at',
            '>=',
            new Date(Math.min(...items.map((i) => openedAtOf(i, now).getTime())) - HISTORY_WINDOW),
          )
          .execute(),
      ])
    : [[], []];
  const openedAtByCustomer = new Map<number, number[]>();
  for (const row of historyRows) appendTo(openedAtByCustomer, row.customer_id, row.opened_at.getTime());
  return {
    refs: new Map(refRows.map((r) => [r.external_ref, { complaintId: r.complaint_id, merged: r.merged }])),
    customers: new Map(customerRows.map((c) => [c.external_ref, c])),
    orders: new Map(
      orderRows.map((o) => [
        o.external_ref,
        { id: o.id, customerId: o.customer_id, productId: o.product_id, region: o.region, sku: o.sku },
      ]),
    ),
    products: new Map(productRows.map((p) => [p.sku, p])),
    openByKey: new Map(openRows.map((r) => [r.dedupe_key!, r.id])),
    openedAtByCustomer,
    policies,
    teams: new Map(teamRows.map((t) => [t.key, t.calendar])),
    assignable,
  };
}

function openedAtOf(item: ComplaintInput, now: Date): Date {
  return item.openedAt ? new Date(item.openedAt) : now;
}

/** An outcome that may name a complaint whose id is known only once the batch is written. */
interface PendingOutcome {
  resolve(): OpenOutcome;
}

interface NewRow {
  item: ComplaintInput;
  values: Insertable<ComplaintsTable>;
  clocks: PlannedClock[];
  grade: { level: 1 | 2 | 3; reasons: { code: string; detail: string }[] };
  sku: string | null;
  region: string;
  customerId: number;
  merges: ComplaintInput[];
  warningLeadMs: number;
  /** What its clocks count (the policy's choice of the team's hours or calendar time). */
  calendar: BusinessCalendar;
  id?: number;
}

/** One batch's intake: decides each item in memory, then writes all of it in a few statements. */
class Intake {
  readonly #created: NewRow[] = [];
  readonly #assigner: Assigner;
  readonly #createdByKey = new Map<string, NewRow>();
  readonly #createdByRef = new Map<string, NewRow>();
  readonly #mergedIntoExisting: { id: number; item: ComplaintInput }[] = [];

  constructor(
    private readonly ctx: OpenContext,
    private readonly known: Known,
    private readonly now: Date,
    private readonly actor: string,
  ) {
    this.#assigner = new Assigner(known.assignable);
  }

  take(item: ComplaintInput): PendingOutcome {
    const known = this.known.refs.get(item.externalRef);
    if (known) return settled({ status: 'existing', complaintId: known.complaintId, merged: known.merged });
    const earlier = this.#createdByRef.get(item.externalRef);
    if (earlier) return pendingOn(earlier, 'existing', earlier.item.externalRef !== item.externalRef);

    const openedAt = openedAtOf(item, this.now);
    const { customer, order, product, errors } = this.#resolveRefs(item);
    const assignee = item.assignee === undefined ? undefined : userRowId(item.assignee);
    if (assignee !== undefined && !this.#assigner.has(assignee)) {
      errors.push({ field: 'assignee', reason: 'no active member of staff with this id' });
    }
    errors.push(...checkOpenedAt(this.ctx, openedAt, this.now));
    if (errors.length > 0 || !customer) return settled({ status: 'rejected', errors });

    // Read at most once, and only when needed: the category (when not given) and the grading use it;
    // a merged duplicate needs neither.
    let reading: TextScore | undefined;
    const read = () => (reading ??= this.ctx.scorer.score(item.text));
    const category = item.category ?? inferCategory(read());
    const productId = order?.productId ?? product?.id ?? null;
    const dedupeKey = order
      ? `${customer.id}:order:${order.id}:${category}`
      : productId
        ? `${customer.id}:sku:${productId}:${category}`
        : null;
    if (dedupeKey) {
      const openId = this.known.openByKey.get(dedupeKey);
      if (openId !== undefined) {
        this.#mergedIntoExisting.push({ id: openId, item });
        return settled({ status: 'merged', complaintId: openId, merged: true });
      }
      const pending = this.#createdByKey.get(dedupeKey);
      if (pending) {
        pending.merges.push(item);
        this.#createdByRef.set(item.externalRef, pending);
        return pendingOn(pending, 'merged', true);
      }
    }

    const history = this.#historyCount(customer.id, openedAt);
    const grade = gradeComplaint({
      text: item.text,
      category,
      channel: item.channel,
      customer: { tier: customer.tier, complaintsLast30Days: history },
      sentiment: { label: read().label, complaint: read().complaint },
    });
    const policy = pickPolicy(this.known.policies, grade.level, category);
    const team = item.team ?? DEFAULT_ROUTING[category];
    const teamCalendar = this.known.teams.get(team);
    if (teamCalendar === undefined) {
      return settled({ status: 'rejected', errors: [{ field: 'team', reason: `no team ${team}` }] });
    }
    const calendar = clockCalendar(policy.calendar, teamCalendar);
    const row: NewRow = {
      item,
      grade,
      customerId: customer.id,
      sku: order?.sku ?? product?.sku ?? null,
      region: order?.region ?? customer.region,
      merges: [],
      clocks: planOpeningClocks(policy.targets, openedAt, this.now, calendar),
      warningLeadMs: policy.targets.warning_before * 60_000,
      calendar,
      values: {
        external_ref: item.externalRef,
        customer_id: customer.id,
        order_id: order?.id ?? null,
        product_id: productId,
        channel: item.channel,
        category,
        category_inferred: item.category === undefined,
        text: item.text,
        team,
        assignee_id: assignee ?? this.#assigner.pick(team, grade.level),
        level: grade.level,
        level_reasons: JSON.stringify(grade.reasons),
        status: 'open',
        policy_id: policy.id,
        dedupe_key: dedupeKey,
        opened_at: openedAt,
        created_at: this.now,
        updated_at: this.now,
      },
    };
    this.#created.push(row);
    this.#createdByRef.set(item.externalRef, row);
    if (dedupeKey) this.#createdByKey.set(dedupeKey, row);
    appendTo(this.known.openedAtByCustomer, customer.id, openedAt.getTime());
    return pendingOn(row, 'created', false);
  }

  async write(trx: Kysely<Database>): Promise<void> {
    const { now, actor } = this;
    if (this.#created.length > 0) {
      const inserted = await trx
        .insertInto('complaints')
        .values(this.#created.map((row) => ({ ...row.values, merged_count: row.merges.length })))
        .returning(['id', 'external_ref'])
        .execute();
      const idByRef = new Map(inserted.map((r) => [r.external_ref, r.id]));
      for (const row of this.#created) row.id = idByRef.get(row.item.externalRef)!;
    }
    const created = this.#created as (NewRow & { id: number })[];
    const merges = [
      ...created.flatMap((row) => row.merges.map((item) => ({ id: row.id, item }))),
      ...this.#mergedIntoExisting,
    ];
    const refRows = [
      ...created.map((row) => ({
        external_ref: row.item.externalRef,
        complaint_id: row.id,
        merged: false,
        text: row.item.text,
        received_at: now,
      })),
      ...merges.map(({ id, item }) => ({
        external_ref: item.externalRef,
        complaint_id: id,
        merged: true,
        text: item.text,
        received_at: now,
      })),
    ];
    if (refRows.length > 0) await trx.insertInto('complaint_refs').values(refRows).execute();
    const clockRows = created.flatMap((row) =>
      row.clocks.map((clock) => ({
        complaint_id: row.id,
        kind: clock.kind,
        state: clock.state,
        started_at: clock.startedAt,
        due_at: clock.dueAt,
        target_ms: clock.targetMs,
        remaining_ms: null,
        ended_at: clock.state === 'breached' ? now : null,
      })),
    );
    if (clockRows.length > 0) {
      const clocks = await trx
        .insertInto('complaint_clocks')
        .values(clockRows)
        .returning(['id', 'complaint_id', 'state', 'due_at'])
        .execute();
      const byComplaint = new Map(created.map((row) => [row.id, row]));
      await insertNewDeadlines(
        trx,
        clocks
          .filter((clock) => clock.state === 'running')
          .map((clock) => ({
            clockId: clock.id,
            dueAt: clock.due_at,
            warningLeadMs: byComplaint.get(clock.complaint_id)!.warningLeadMs,
            calendar: byComplaint.get(clock.complaint_id)!.calendar,
          })),
        now,
      );
      await scheduleLateArrivalEscalations(
        trx,
        clocks.filter((clock) => clock.state === 'breached').map((clock) => clock.id),
        { now, afterMinutes: this.ctx.config.scheduler.escalationAfterMinutes },
      );
    }
    // The case's timeline starts when it was opened (a backfill's past time), so the helpdesk's later
    // steps, also in the past, can follow it in order.
    const historyRows = [
      ...created.flatMap((row) => [
        {
          complaint_id: row.id,
          at: row.values.opened_at,
          type: 'opened',
          actor,
          note: null,
          details: JSON.stringify({
            channel: row.item.channel,
            team: row.values.team,
            openedAt: row.values.opened_at.toISOString(),
          }),
        },
        {
          complaint_id: row.id,
          at: row.values.opened_at,
          type: 'graded',
          actor: 'grading',
          note: null,
          details: JSON.stringify({ level: row.grade.level, reasons: row.grade.reasons }),
        },
      ]),
      ...merges.map(({ id, item }) => ({
        complaint_id: id,
        at: openedAtOf(item, now),
        type: 'merged',
        actor,
        note: null,
        details: JSON.stringify({ externalRef: item.externalRef, channel: item.channel }),
      })),
    ];
    if (historyRows.length > 0) await trx.insertInto('complaint_history').values(historyRows).execute();
    for (const [id, count] of countBy(this.#mergedIntoExisting.map((m) => m.id))) {
      await trx
        .updateTable('complaints')
        .set((eb) => ({ merged_count: eb('merged_count', '+', count), updated_at: now }))
        .where('id', '=', id)
        .execute();
    }
    await this.ctx.events.appendMany(trx, [
      ...created.flatMap((row): AnyNewEvent[] => {
        const id = complaintId(row.id);
        return [
          {
            type: 'complaint.opened@1',
            aggregateType: 'complaint',
            aggregateId: id,
            payload: {
              complaintId: id,
              customerId: customerPublicId(row.customerId),
              sku: row.sku,
              region: row.region,
              category: row.values.category,
              level: row.grade.level,
              channel: row.item.channel,
              team: row.values.team,
              openedAt: row.values.opened_at.toISOString(),
            },
          },
          {
            type: 'complaint.graded@1',
            aggregateType: 'complaint',
            aggregateId: id,
            payload: {
              complaintId: id,
              level: row.grade.level,
              previousLevel: null,
              reasons: row.grade.reasons,
              by: 'grading',
              at: now.toISOString(),
            },
          },
        ];
      }),
      ...merges.map(
        ({ id, item }): AnyNewEvent => ({
          type: 'complaint.merged@1',
          aggregateType: 'complaint',
          aggregateId: complaintId(id),
          payload: { complaintId: complaintId(id), externalRef: item.externalRef, at: now.toISOString() },
        }),
      ),
    ]);
  }

  #resolveRefs(item: ComplaintInput) {
    const errors: FieldProblem[] = [];
    const customer = this.known.customers.get(item.customerRef);
    if (!customer) errors.push({ field: 'customerRef', reason: 'no customer with this externalRef' });
    const order = item.orderRef ? this.known.orders.get(item.orderRef) : undefined;
    if (item.orderRef && !order) errors.push({ field: 'orderRef', reason: 'no order with this externalRef' });
    if (order && customer && order.customerId !== customer.id) {
      errors.push({ field: 'orderRef', reason: 'the order belongs to another customer' });
    }
    const product = item.sku ? this.known.products.get(item.sku) : undefined;
    if (item.sku && !product) errors.push({ field: 'sku', reason: 'no product with this SKU' });
    if (order && product && order.productId !== product.id) {
      errors.push({ field: 'sku', reason: 'the order is for another product' });
    }
    return { errors, customer, order, product };
  }

  #historyCount(customerId: number, openedAt: Date): number {
    const at = openedAt.getTime();
    return (this.known.openedAtByCustomer.get(customerId) ?? []).filter(
      (t) => t <= at && t >= at - HISTORY_WINDOW,
    ).length;
  }
}

function settled(outcome: OpenOutcome): PendingOutcome {
  return { resolve: () => outcome };
}

function pendingOn(row: NewRow, status: 'created' | 'merged' | 'existing', merged: boolean): PendingOutcome {
  return { resolve: () => ({ status, complaintId: row.id!, merged }) };
}

function countBy(ids: readonly number[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}

function checkOpenedAt(ctx: OpenContext, openedAt: Date, now: Date): FieldProblem[] {
  const maxDays = ctx.config.scheduler.backfillMaxDays;
  if (isInTheFuture(openedAt, now)) {
    return [{ field: 'openedAt', reason: 'is in the future' }];
  }
  if (openedAt.getTime() < now.getTime() - maxDays * DAY) {
    return [{ field: 'openedAt', reason: `is more than ${maxDays} days ago (COMPLAINT_BACKFILL_MAX_DAYS)` }];
  }
  return [];
}

/** The category a text is about, by the scorer's first topic; `other` when it names none. */
function inferCategory(reading: TextScore): ComplaintCategory {
  for (const topic of reading.topics) {
    const category = TOPIC_CATEGORY[topic];
    if (category) return category;
  }
  return 'other';
}

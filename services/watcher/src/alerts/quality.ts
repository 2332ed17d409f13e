import type { Database } from '@aftercare/db';
import { logPoissonUpper, riskFromSurprise } from '@aftercare/risk';
import { sql, type Transaction } from 'kysely';
import {
  type AlertProduct,
  type AlertWriteContext,
  closeAlert,
  liveAlertId,
  openAlert,
  updateAlert,
} from './write-alert.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** How far back a product's usual complaint rate is read, for a quality alert's risk. */
const HISTORY_DAYS = 30;
/** At least one complaining customer per ten windows is "usual", so a first complaint is not news. */
const MIN_EXPECTED = 0.1;

export interface QualityRule {
  /** Distinct customers that open an alert. */
  customers: number;
  /** Within this many hours. */
  hours: number;
}

/** A formal complaint about a product becomes a quality signal of its customer (once). */
export async function recordComplaintSignal(
  trx: Transaction<Database>,
  complaint: { complaintId: string; customerId: number; productId: number; region: string; openedAt: Date },
): Promise<boolean> {
  const result = await trx
    .insertInto('quality_signals')
    .values({
      product_id: complaint.productId,
      region: complaint.region,
      customer_id: complaint.customerId,
      source: 'complaint',
      ref: complaint.complaintId,
      occurred_at: complaint.openedAt,
    })
    .onConflict((conflict) => conflict.columns(['source', 'ref']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/**
 * Opens (or grows) a product and region's quality alert when `rule.customers` distinct customers
 * complained within `rule.hours`, counting only complaints since its last alert ended, so a
 * dismissed or closed alert is not reopened by the complaints it already showed. Its risk is how
 * unlikely that many customers are given the product's own 30 days before.
 */
export async function checkQuality(
  trx: Transaction<Database>,
  ctx: AlertWriteContext,
  rule: QualityRule,
  cell: { product: AlertProduct; region: string },
): Promise<void> {
  const now = ctx.clock.now();
  const where = { product_id: cell.product.id, region: cell.region };
  const lastEnded = await trx
    .selectFrom('risk_alerts')
    .select((eb) => eb.fn.max(eb.fn.coalesce('handled_at', 'closed_at')).as('at'))
    .where('kind', '=', 'quality')
    .where('product_id', '=', where.product_id)
    .where('region', '=', where.region)
    .where('status', 'in', ['dismissed', 'closed'])
    .executeTakeFirst();
  const windowStart = new Date(
    Math.max(now.getTime() - rule.hours * HOUR, (lastEnded?.at as Date | null)?.getTime() ?? 0),
  );
  const { rows } = await sql<{
    customers: string;
    complaints: string;
    mentions: string;
    before: string;
  }>`
    select count(distinct customer_id) filter (where occurred_at >= ${windowStart}) as customers,
      count(*) filter (where occurred_at >= ${windowStart} and source = 'complaint') as complaints,
      count(*) filter (where occurred_at >= ${windowStart} and source = 'mention') as mentions,
      count(distinct customer_id) filter (where occurred_at < ${windowStart}) as before
    from quality_signals
    where product_id = ${where.product_id} and region = ${where.region}
      and occurred_at >= ${new Date(now.getTime() - HISTORY_DAYS * DAY)} and occurred_at <= ${now}`.execute(
    trx,
  );
  const counts = rows[0];
  const customers = Number(counts?.customers ?? 0);
  if (customers < rule.customers) return;

  const windows = (HISTORY_DAYS * 24) / rule.hours;
  const expected = Math.max(MIN_EXPECTED, Number(counts?.before ?? 0) / windows);
  const risk = riskFromSurprise(-logPoissonUpper(customers, expected) / Math.LN10);
  const complaints = Number(counts?.complaints ?? 0);
  const posts = Number(counts?.mentions ?? 0);
  const facts = {
    risk,
    reason: explainQuality(cell, { customers, complaints, posts, hours: rule.hours }),
    evidence: {
      windowStart: windowStart.toISOString(),
      windowHours: rule.hours,
      customers,
      formalComplaints: complaints,
      mentionsWithOrder: posts,
      expectedCustomers: Math.round(expected * 1000) / 1000,
      signalIds: await signalIds(trx, where, windowStart),
    },
  };
  const live = await liveAlertId(trx, { kind: 'quality', ...cell });
  if (live === null) {
    await openAlert(trx, ctx, { kind: 'quality', ...cell, ...facts });
    return;
  }
  const shown = await trx
    .selectFrom('risk_alerts')
    .select('evidence')
    .where('id', '=', live)
    .executeTakeFirst();
  if (customers > Number(shown?.evidence.customers ?? 0))
    await updateAlert(trx, ctx, live, cell.product, facts);
}

/**
 * Looks at the quality of the products and regions of live cells: one read of their distinct
 * complaining customers in the window, then `checkQuality` for those at or over the rule. (The
 * signals of posts naming an order are written by ingest, with the posts.)
 */
export async function checkQualityOf(
  trx: Transaction<Database>,
  ctx: AlertWriteContext,
  rule: QualityRule,
  cells: readonly { product: AlertProduct; region: string }[],
): Promise<void> {
  const pairs = [...new Map(cells.map((c) => [`${c.product.id}\u0000${c.region}`, c])).values()];
  const since = new Date(ctx.clock.now().getTime() - rule.hours * HOUR);
  const { rows } = await sql<{ product_id: string; region: string }>`
    select s.product_id, s.region
    from quality_signals s
    join unnest(${pairs.map((c) => c.product.id)}::bigint[], ${pairs.map((c) => c.region)}::text[])
      as c(product_id, region) using (product_id, region)
    where s.occurred_at >= ${since}
    group by s.product_id, s.region
    having count(distinct s.customer_id) >= ${rule.customers}`.execute(trx);
  for (const row of rows) {
    const cell = pairs.find((c) => c.product.id === Number(row.product_id) && c.region === row.region);
    if (cell) await checkQuality(trx, ctx, rule, cell);
  }
}

/** Closes quality alerts whose product has had no new complaint for a whole window. */
export async function closeQuietQualityAlerts(
  trx: Transaction<Database>,
  ctx: AlertWriteContext,
  rule: QualityRule,
): Promise<number> {
  const quietSince = new Date(ctx.clock.now().getTime() - rule.hours * HOUR);
  const quiet = await trx
    .selectFrom('risk_alerts as a')
    .innerJoin('products as p', 'p.id', 'a.product_id')
    .select(['a.id', 'p.id as productId', 'p.sku', 'p.name', 'p.category'])
    .where('a.kind', '=', 'quality')
    .where('a.status', 'in', ['open', 'acknowledged'])
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('quality_signals as s')
            .select('s.id')
            .whereRef('s.product_id', '=', 'a.product_id')
            .whereRef('s.region', '=', 'a.region')
            .where('s.occurred_at', '>=', quietSince),
        ),
      ),
    )
    .execute();
  for (const alert of quiet) {
    const product = { id: alert.productId, sku: alert.sku, name: alert.name, category: alert.category };
    await closeAlert(trx, ctx, alert.id, product);
  }
  return quiet.length;
}

async function signalIds(
  trx: Transaction<Database>,
  where: { product_id: number; region: string },
  since: Date,
): Promise<{ source: string; ref: string }[]> {
  return trx
    .selectFrom('quality_signals')
    .select(['source', 'ref'])
    .where('product_id', '=', where.product_id)
    .where('region', '=', where.region)
    .where('occurred_at', '>=', since)
    .orderBy('occurred_at', 'desc')
    .limit(20)
    .execute();
}

function explainQuality(
  cell: { product: AlertProduct; region: string },
  n: { customers: number; complaints: number; posts: number; hours: number },
): string {
  const region = cell.region ? ` in ${cell.region}` : '';
  const window =
    n.hours === 24 ? 'the last day' : n.hours === 1 ? 'the last hour' : `the last ${n.hours} hours`;
  const parts = [
    n.complaints > 0 ? `${n.complaints} formal complaint${n.complaints === 1 ? '' : 's'}` : null,
    n.posts > 0 ? `${n.posts} post${n.posts === 1 ? '' : 's'} naming an order` : null,
  ].filter((part) => part !== null);
  return `${n.customers} customers complained about ${cell.product.name}${region} in ${window} (${parts.join(', ')})`;
}

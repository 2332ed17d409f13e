import type { Database } from '@aftercare/db';
import { type CellRisk, cellRisk, estimateBaseline } from '@aftercare/risk';
import type { AppContext } from '@aftercare/runtime';
import { type Kysely, sql, type Transaction } from 'kysely';
import { checkQuality, recordMentionSignals } from '../alerts/quality.js';
import { stepSpike } from '../alerts/step-spike.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** How far back a cell's own history reaches: its baseline. */
export const BASELINE_DAYS = 14;
/** How far back a category's share of negative mentions is read: the prior of little-known cells. */
export const CATEGORY_DAYS = 30;
/**
 * Hours older than this are history (a backfill, a late batch): they are scored, but they step no
 * alert detector. Alerts are about what is happening now.
 */
export const LIVE_HOURS = 2;

export type EvaluateContext = Pick<AppContext, 'db' | 'clock' | 'config' | 'events'>;

export interface ChangedCell {
  product_id: number;
  region: string;
  window_start: Date;
}

interface Counts {
  mentions: number;
  negative: number;
}

// A category's counts over 30 days move slowly: read once per category and day in a process.
const categoryCounts = new Map<string, Promise<Counts>>();
const MAX_REMEMBERED = 5_000;

/**
 * Scores a changed hour cell and its day cell against the cell's own last 14 days (shrunk towards
 * its category's 30 days, `@aftercare/risk`), with the trend against the window before, and stores
 * risk, expected negatives and trend on both. When the hour is live (since `alertsSince`, default
 * the last LIVE_HOURS), it also steps the cell's spike detector and looks for quality complaints,
 * in the same transaction. Idempotent: it reads counts, so running it twice (a replay, two changes
 * of one cell) writes the same and opens nothing twice.
 */
export async function evaluateCell(
  ctx: EvaluateContext,
  cell: ChangedCell,
  options: { alertsSince?: Date } = {},
): Promise<void> {
  const { db } = ctx;
  const hour = cell.window_start.getTime();
  const day = Math.floor(hour / DAY) * DAY;
  const product = await db
    .selectFrom('products')
    .select(['id', 'sku', 'name', 'category'])
    .where('id', '=', cell.product_id)
    .executeTakeFirst();
  if (!product) return;
  const windows = [hour - HOUR, hour, day - DAY, day].map((t) => new Date(t));
  const [cells, history, category] = await Promise.all([
    db
      .selectFrom('risk_cells')
      .select(['granularity', 'window_start', 'mentions', 'negative'])
      .where('product_id', '=', cell.product_id)
      .where('region', '=', cell.region)
      .where('window_start', 'in', windows)
      .execute(),
    sql<{ mentions: string | null; negative: string | null; first: Date | null }>`
      select sum(mentions) as mentions, sum(negative) as negative, min(window_start) as first
      from risk_cells
      where granularity = 'day' and product_id = ${cell.product_id} and region = ${cell.region}
        and window_start >= ${new Date(day - BASELINE_DAYS * DAY)} and window_start < ${new Date(day)}`.execute(
      db,
    ),
    categoryOf(db, product.category, day),
  ]);
  const countsAt = (granularity: 'hour' | 'day', at: number): Counts => {
    const row = cells.find((c) => c.granularity === granularity && c.window_start.getTime() === at);
    return { mentions: row?.mentions ?? 0, negative: row?.negative ?? 0 };
  };
  const past = history.rows[0];
  // The history covers the days since the cell was first seen (at most 14): a new product is not
  // judged as if it had been quiet for two weeks.
  const hours = past?.first ? Math.max(1, (day - past.first.getTime()) / HOUR) : 1;
  const baseline = { mentions: Number(past?.mentions ?? 0), negative: Number(past?.negative ?? 0), hours };
  const score = (granularity: 'hour' | 'day', at: number, length: number): CellRisk =>
    cellRisk({
      window: countsAt(granularity, at),
      previous: countsAt(granularity, at - length),
      baseline,
      windowHours: length / HOUR,
      category,
    });
  const hourRisk = score('hour', hour, HOUR);
  const dayRisk = score('day', day, DAY);
  const alertsSince = options.alertsSince ?? new Date(ctx.clock.now().getTime() - LIVE_HOURS * HOUR);
  const live = hour >= Math.floor(alertsSince.getTime() / HOUR) * HOUR;
  await db.transaction().execute(async (trx) => {
    await saveRisk(trx, cell, 'hour', new Date(hour), hourRisk);
    await saveRisk(trx, cell, 'day', new Date(day), dayRisk);
    if (!live) return;
    const where = { product, region: cell.region };
    await stepSpike(trx, ctx, ctx.config.watcher.alertSensitivity, {
      ...where,
      hourStart: new Date(hour),
      negative: countsAt('hour', hour).negative,
      baselineRatePerHour: estimateBaseline(baseline, category).detectorRatePerHour,
      risk: Math.max(hourRisk.risk, dayRisk.risk),
    });
    const signals = await recordMentionSignals(trx, {
      productId: product.id,
      region: cell.region,
      hourStart: new Date(hour),
    });
    if (signals > 0) await checkQuality(trx, ctx, qualityRule(ctx), where);
  });
}

/** The quality alert's rule from the configuration. */
export const qualityRule = (ctx: Pick<AppContext, 'config'>) => ({
  customers: ctx.config.watcher.qualityAlertCustomers,
  hours: ctx.config.watcher.qualityAlertHours,
});

async function saveRisk(
  db: Transaction<Database>,
  cell: ChangedCell,
  granularity: 'hour' | 'day',
  windowStart: Date,
  risk: CellRisk,
): Promise<void> {
  await db
    .updateTable('risk_cells')
    .set({ risk: risk.risk, expected_negative: risk.expectedNegative, trend: risk.trend ?? 'steady' })
    .where('granularity', '=', granularity)
    .where('window_start', '=', windowStart)
    .where('product_id', '=', cell.product_id)
    .where('region', '=', cell.region)
    .execute();
}

function categoryOf(db: Kysely<Database>, category: string, day: number): Promise<Counts> {
  const key = `${category}\u0000${day}`;
  const known = categoryCounts.get(key);
  if (known) return known;
  if (categoryCounts.size >= MAX_REMEMBERED) categoryCounts.clear();
  const counts = sql<{ mentions: string | null; negative: string | null }>`
    select sum(c.mentions) as mentions, sum(c.negative) as negative
    from risk_cells c join products p on p.id = c.product_id
    where c.granularity = 'day' and p.category = ${category}
      and c.window_start >= ${new Date(day - CATEGORY_DAYS * DAY)} and c.window_start < ${new Date(day)}`
    .execute(db)
    .then(({ rows }) => ({
      mentions: Number(rows[0]?.mentions ?? 0),
      negative: Number(rows[0]?.negative ?? 0),
    }));
  categoryCounts.set(key, counts);
  counts.catch(() => categoryCounts.delete(key));
  return counts;
}

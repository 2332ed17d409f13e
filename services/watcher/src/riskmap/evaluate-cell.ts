import type { Database } from '@aftercare/db';
import { type CellRisk, cellRisk } from '@aftercare/risk';
import { type Kysely, sql } from 'kysely';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** How far back a cell's own history reaches: its baseline. */
export const BASELINE_DAYS = 14;
/** How far back a category's share of negative mentions is read: the prior of little-known cells. */
export const CATEGORY_DAYS = 30;

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
 * risk, expected negatives and trend on both. Idempotent: it reads counts, so running it twice (a
 * replay, two changes of one cell) writes the same.
 */
export async function evaluateCell(db: Kysely<Database>, cell: ChangedCell): Promise<void> {
  const hour = cell.window_start.getTime();
  const day = Math.floor(hour / DAY) * DAY;
  const product = await db
    .selectFrom('products')
    .select('category')
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
  await saveRisk(db, cell, 'hour', new Date(hour), score('hour', hour, HOUR));
  await saveRisk(db, cell, 'day', new Date(day), score('day', day, DAY));
}

async function saveRisk(
  db: Kysely<Database>,
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

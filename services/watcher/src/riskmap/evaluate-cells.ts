import type { Database } from '@aftercare/db';
import { type CellRisk, cellRisk, estimateBaseline } from '@aftercare/risk';
import type { AppContext } from '@aftercare/runtime';
import { type Kysely, sql } from 'kysely';
import { checkQualityOf } from '../alerts/quality.js';
import { type SpikeCell, stepSpikes } from '../alerts/step-spikes.js';

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

/** What one read brings back per changed hour cell. */
interface CellReading {
  product_id: string;
  region: string;
  hour: Date;
  sku: string;
  name: string;
  category: string;
  hour_mentions: number | null;
  hour_negative: number | null;
  prev_hour_mentions: number | null;
  prev_hour_negative: number | null;
  day_mentions: number | null;
  day_negative: number | null;
  prev_day_mentions: number | null;
  prev_day_negative: number | null;
  past_mentions: string | null;
  past_negative: string | null;
  past_first: Date | null;
}

interface ScoredCell {
  cell: ChangedCell;
  day: Date;
  hour: CellRisk;
  daily: CellRisk;
  baselineRatePerHour: number;
  product: { id: number; sku: string; name: string; category: string };
}

// A category's counts over 30 days move slowly: read once per category and day in a process.
const categoryCounts = new Map<string, Promise<Counts>>();
const MAX_REMEMBERED = 5_000;

/**
 * Scores changed hour cells and their day cells against each cell's own last 14 days (shrunk
 * towards its category's 30 days, `@aftercare/risk`), with the trend against the window before,
 * and stores risk, expected negatives and trend on both. The hours that are live (since
 * `alertsSince`, default the last LIVE_HOURS) also step their spike detectors and look for quality
 * complaints. Set-based: a handful of statements per batch, however many cells, so the evaluator
 * keeps up with a stream of thousands of posts a second. Idempotent: it reads counts, so running
 * it twice (a replay, two changes of one cell) writes the same and opens nothing twice.
 */
export async function evaluateCells(
  ctx: EvaluateContext,
  changed: readonly ChangedCell[],
  options: { alertsSince?: Date } = {},
): Promise<void> {
  const cells = distinctCells(changed);
  if (cells.length === 0) return;
  const readings = await readCells(ctx.db, cells);
  const scored: ScoredCell[] = [];
  for (const reading of readings) {
    const day = new Date(Math.floor(reading.hour.getTime() / DAY) * DAY);
    const category = await categoryOf(ctx.db, reading.category, day.getTime());
    // The history covers the days since the cell was first seen (at most 14): a new product is not
    // judged as if it had been quiet for two weeks.
    const hours = reading.past_first ? Math.max(1, (day.getTime() - reading.past_first.getTime()) / HOUR) : 1;
    const baseline = {
      mentions: Number(reading.past_mentions ?? 0),
      negative: Number(reading.past_negative ?? 0),
      hours,
    };
    const counts = (mentions: number | null, negative: number | null) => ({
      mentions: mentions ?? 0,
      negative: negative ?? 0,
    });
    const score = (window: Counts, previous: Counts, windowHours: number) =>
      cellRisk({ window, previous, baseline, windowHours, category });
    scored.push({
      cell: { product_id: Number(reading.product_id), region: reading.region, window_start: reading.hour },
      day,
      hour: score(
        counts(reading.hour_mentions, reading.hour_negative),
        counts(reading.prev_hour_mentions, reading.prev_hour_negative),
        1,
      ),
      daily: score(
        counts(reading.day_mentions, reading.day_negative),
        counts(reading.prev_day_mentions, reading.prev_day_negative),
        24,
      ),
      baselineRatePerHour: estimateBaseline(baseline, category).detectorRatePerHour,
      product: {
        id: Number(reading.product_id),
        sku: reading.sku,
        name: reading.name,
        category: reading.category,
      },
    });
  }
  await saveRisks(ctx.db, scored);

  const since = options.alertsSince ?? new Date(ctx.clock.now().getTime() - LIVE_HOURS * HOUR);
  const liveFrom = Math.floor(since.getTime() / HOUR) * HOUR;
  const live: SpikeCell[] = scored
    .filter((s) => s.cell.window_start.getTime() >= liveFrom)
    .map((s) => ({
      product: s.product,
      region: s.cell.region,
      hourStart: s.cell.window_start,
      baselineRatePerHour: s.baselineRatePerHour,
      risk: Math.max(s.hour.risk, s.daily.risk),
    }));
  if (live.length === 0) return;
  await ctx.db.transaction().execute(async (trx) => {
    await stepSpikes(trx, ctx, ctx.config.watcher.alertSensitivity, live);
    await checkQualityOf(trx, ctx, qualityRule(ctx), live);
  });
}

/** One cell: `evaluateCells` for a single changed hour. */
export function evaluateCell(
  ctx: EvaluateContext,
  cell: ChangedCell,
  options: { alertsSince?: Date } = {},
): Promise<void> {
  return evaluateCells(ctx, [cell], options);
}

/** The quality alert's rule from the configuration. */
export const qualityRule = (ctx: Pick<AppContext, 'config'>) => ({
  customers: ctx.config.watcher.qualityAlertCustomers,
  hours: ctx.config.watcher.qualityAlertHours,
});

function distinctCells(changed: readonly ChangedCell[]): ChangedCell[] {
  const seen = new Map<string, ChangedCell>();
  for (const cell of changed) {
    const hour = new Date(Math.floor(cell.window_start.getTime() / HOUR) * HOUR);
    seen.set(`${cell.product_id}\u0000${cell.region}\u0000${hour.getTime()}`, {
      ...cell,
      window_start: hour,
    });
  }
  return [...seen.values()];
}

/** Each cell's hour and day counts, those of the window before, and its 14 days of history: one read. */
async function readCells(db: Kysely<Database>, cells: readonly ChangedCell[]): Promise<CellReading[]> {
  const { rows } = await sql<CellReading>`
    with changed as (
      select c.product_id, c.region, c.hour, c.day
      from unnest(${cells.map((c) => c.product_id)}::bigint[], ${cells.map((c) => c.region)}::text[],
        ${cells.map((c) => c.window_start)}::timestamptz[],
        ${cells.map((c) => new Date(Math.floor(c.window_start.getTime() / DAY) * DAY))}::timestamptz[])
        as c(product_id, region, hour, day)
    )
    select c.product_id, c.region, c.hour, p.sku, p.name, p.category,
      h.mentions as hour_mentions, h.negative as hour_negative,
      ph.mentions as prev_hour_mentions, ph.negative as prev_hour_negative,
      d.mentions as day_mentions, d.negative as day_negative,
      pd.mentions as prev_day_mentions, pd.negative as prev_day_negative,
      past.mentions as past_mentions, past.negative as past_negative, past.first as past_first
    from changed c
    join products p on p.id = c.product_id
    left join risk_cells h on h.granularity = 'hour' and h.window_start = c.hour
      and h.product_id = c.product_id and h.region = c.region
    left join risk_cells ph on ph.granularity = 'hour' and ph.window_start = c.hour - interval '1 hour'
      and ph.product_id = c.product_id and ph.region = c.region
    left join risk_cells d on d.granularity = 'day' and d.window_start = c.day
      and d.product_id = c.product_id and d.region = c.region
    left join risk_cells pd on pd.granularity = 'day' and pd.window_start = c.day - interval '1 day'
      and pd.product_id = c.product_id and pd.region = c.region
    left join lateral (
      select sum(r.mentions) as mentions, sum(r.negative) as negative, min(r.window_start) as first
      from risk_cells r
      where r.granularity = 'day' and r.product_id = c.product_id and r.region = c.region
        and r.window_start >= c.day - ${`${BASELINE_DAYS} days`}::interval and r.window_start < c.day
    ) past on true`.execute(db);
  return rows;
}

/**
 * Writes the hour and day risks in one statement, after locking the rows in the order ingest
 * upserts them (granularity, window, product, region): the two never wait on each other in a circle.
 */
async function saveRisks(db: Kysely<Database>, scored: readonly ScoredCell[]): Promise<void> {
  const rows = scored.flatMap((s) => [
    { granularity: 'hour', windowStart: s.cell.window_start, cell: s.cell, risk: s.hour },
    { granularity: 'day', windowStart: s.day, cell: s.cell, risk: s.daily },
  ]);
  // A day shared by several changed hours: the last hour's reading of it is as good as any.
  const byKey = new Map(
    rows.map((r) => [
      `${r.granularity}\u0000${r.windowStart.getTime()}\u0000${r.cell.product_id}\u0000${r.cell.region}`,
      r,
    ]),
  );
  const unique = [...byKey.values()];
  const columns = {
    granularity: unique.map((r) => r.granularity),
    windowStart: unique.map((r) => r.windowStart),
    productId: unique.map((r) => r.cell.product_id),
    region: unique.map((r) => r.cell.region),
  };
  const keys = sql`unnest(${columns.granularity}::text[], ${columns.windowStart}::timestamptz[],
    ${columns.productId}::bigint[], ${columns.region}::text[]) as u(granularity, window_start, product_id, region)`;
  await db.transaction().execute(async (trx) => {
    await sql`
      select 1 from risk_cells r join ${keys} using (granularity, window_start, product_id, region)
      order by r.granularity, r.window_start, r.product_id, r.region
      for update of r`.execute(trx);
    await sql`
      update risk_cells r set risk = v.risk, expected_negative = v.expected, trend = v.trend
      from unnest(${columns.granularity}::text[], ${columns.windowStart}::timestamptz[],
        ${columns.productId}::bigint[], ${columns.region}::text[], ${unique.map((r) => r.risk.risk)}::real[],
        ${unique.map((r) => r.risk.expectedNegative)}::real[], ${unique.map((r) => r.risk.trend ?? 'steady')}::text[])
        as v(granularity, window_start, product_id, region, risk, expected, trend)
      where r.granularity = v.granularity and r.window_start = v.window_start
        and r.product_id = v.product_id and r.region = v.region`.execute(trx);
  });
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

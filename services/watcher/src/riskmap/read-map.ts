import type { Database } from '@aftercare/db';
import { type DbContext, NotFoundError, ValidationError } from '@aftercare/runtime';
import { filterText, isoDateTime, listLimit } from '@aftercare/schemas';
import { z } from '@hono/zod-openapi';
import { type Kysely, sql } from 'kysely';
import { selectMentions, toMentionOutput } from '../mentions/find-mentions.js';

const HOUR = 3_600_000;
const TOPICS = ['quality', 'logistics', 'service', 'advertising', 'other'] as const;
/** How the API names the cells whose region no mention told. */
export const UNKNOWN_REGION = 'unknown';

export const riskMapQuery = z.strictObject({
  from: isoDateTime.optional().openapi({
    description: 'windows starting at or after; default: 24 h (hour) or 7 days (day) before `to`',
  }),
  to: isoDateTime.optional().openapi({ description: 'windows starting before; default now' }),
  granularity: z.enum(['hour', 'day'], { error: 'expected hour or day' }).default('hour'),
  sku: filterText(128).optional(),
  region: filterText(100).optional(),
  category: filterText(100).optional(),
  limit: listLimit(),
  // Longer than other lists' cursors: it carries the last cell's region, up to 100 characters.
  cursor: filterText(600)
    .optional()
    .openapi({ description: 'nextCursor of the previous page of the same map' }),
});
export type RiskMapQuery = z.output<typeof riskMapQuery>;

const topics = z.object(
  Object.fromEntries(TOPICS.map((t) => [t, z.number().int()])) as Record<
    (typeof TOPICS)[number],
    z.ZodNumber
  >,
);

export const riskCellOutput = z
  .object({
    sku: z.string(),
    productName: z.string(),
    category: z.string(),
    region: z.string().openapi({ description: '`unknown` when no mention told' }),
    windowStart: z.string(),
    granularity: z.enum(['hour', 'day']),
    mentions: z.number().int(),
    negative: z.number().int(),
    complaints: z.number().int(),
    expectedNegative: z.number(),
    risk: z
      .number()
      .openapi({ description: '0 to 100: how improbable the negative count is given the cell’s history' }),
    trend: z.enum(['rising', 'steady', 'falling']),
    topTerms: z.array(z.string()),
    topics,
  })
  .openapi('RiskCell');
export type RiskCellOutput = z.output<typeof riskCellOutput>;

function range(
  query: { from?: string | undefined; to?: string | undefined; granularity: 'hour' | 'day' },
  now: Date,
) {
  const to = query.to ? new Date(query.to) : now;
  const span = query.granularity === 'hour' ? 24 * HOUR : 7 * 24 * HOUR;
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - span);
  return { from, to };
}

function selectCells(db: Kysely<Database>) {
  return db
    .selectFrom('risk_cells as c')
    .innerJoin('products as p', 'p.id', 'c.product_id')
    .selectAll('c')
    .select(['p.sku', 'p.name as product_name', 'p.category'])
    .select(() =>
      sql<string[]>`array(
        select t.term from risk_cell_terms t
        where t.granularity = c.granularity and t.product_id = c.product_id and t.region = c.region
          and t.window_start = c.window_start
        order by t.count desc, t.term limit 5)`.as('top_terms'),
    );
}

type CellRow = Awaited<ReturnType<ReturnType<typeof selectCells>['executeTakeFirstOrThrow']>>;

function toCellOutput(row: CellRow): RiskCellOutput {
  return {
    sku: row.sku,
    productName: row.product_name,
    category: row.category,
    region: row.region === '' ? UNKNOWN_REGION : row.region,
    windowStart: row.window_start.toISOString(),
    granularity: row.granularity,
    mentions: row.mentions,
    negative: row.negative,
    complaints: row.complaints,
    expectedNegative: Math.round(row.expected_negative * 100) / 100,
    risk: row.risk,
    trend: row.trend,
    topTerms: row.top_terms,
    topics: {
      quality: row.quality,
      logistics: row.logistics,
      service: row.service,
      advertising: row.advertising,
      other: row.other,
    },
  };
}

/** The map: cells in the range with their risk, trend and counts, riskiest first, a page at a time. */
export async function readRiskMap(ctx: Pick<DbContext, 'db' | 'clock'>, query: RiskMapQuery) {
  const { from, to } = range(query, ctx.clock.now());
  const after = decodeMapCursor(query.cursor);
  let cells = selectCells(ctx.db)
    .where('c.granularity', '=', query.granularity)
    .where('c.window_start', '>=', from)
    .where('c.window_start', '<', to);
  if (query.sku) cells = cells.where('p.sku', '=', query.sku);
  if (query.region) cells = cells.where('c.region', '=', query.region === UNKNOWN_REGION ? '' : query.region);
  if (query.category) cells = cells.where('p.category', '=', query.category);
  // One direction throughout, so the page's start is one row comparison an index in this order can
  // seek to (risk is real: the cursor's value is cast back to real to compare equal).
  if (after) {
    cells = cells.where(
      sql<boolean>`(c.risk, c.window_start, c.product_id, c.region) < (${after.risk}::real,
        ${after.windowStart}::timestamptz, ${after.productId}::bigint, ${after.region}::text)`,
    );
  }
  const rows = await cells
    .orderBy('c.risk', 'desc')
    .orderBy('c.window_start', 'desc')
    .orderBy('c.product_id', 'desc')
    .orderBy('c.region', 'desc')
    .limit(query.limit + 1)
    .execute();
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    granularity: query.granularity,
    items: page.map(toCellOutput),
    nextCursor: rows.length > query.limit && last ? encodeMapCursor(last) : null,
  };
}

// The map's cursor: the last cell's place in its order, tagged with the list's name like other lists'.
const MAP_LIST = 'riskmap';
const mapPosition = z.tuple([
  z.number().min(0).max(100),
  z.number().int(),
  z.number().int().positive(),
  z.string().max(100),
]);

function encodeMapCursor(row: CellRow): string {
  const position = [row.risk, row.window_start.getTime(), row.product_id, row.region];
  return Buffer.from(`${MAP_LIST}:${JSON.stringify(position)}`).toString('base64url');
}

function decodeMapCursor(cursor: string | undefined) {
  if (cursor === undefined) return undefined;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const parsed = text.startsWith(`${MAP_LIST}:`)
    ? mapPosition.safeParse(parseJson(text.slice(MAP_LIST.length + 1)))
    : undefined;
  if (!parsed?.success) {
    throw new ValidationError('the cursor is not one this list issued', [
      {
        field: 'cursor',
        reason: `not a cursor of the ${MAP_LIST} list; pass nextCursor from its previous page`,
      },
    ]);
  }
  const [risk, windowStart, productId, region] = parsed.data;
  return { risk, windowStart: new Date(windowStart), productId, region };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export const cellEvidenceQuery = riskMapQuery.pick({ from: true, to: true, granularity: true });

/**
 * The evidence behind one product and region: its cells over the range (counts, risk, trend), the
 * words and topics of its negative mentions, and the latest negative mentions themselves.
 */
export async function readCellEvidence(
  ctx: Pick<DbContext, 'db' | 'clock'>,
  { sku, region, query }: { sku: string; region: string; query: z.output<typeof cellEvidenceQuery> },
) {
  const product = await ctx.db
    .selectFrom('products')
    .select(['id', 'sku', 'name'])
    .where('sku', '=', sku)
    .executeTakeFirst();
  if (!product) throw new NotFoundError(`no product with the SKU ${sku}`);
  const stored = region === UNKNOWN_REGION ? '' : region;
  const { from, to } = range(query, ctx.clock.now());
  const [cells, terms, samples] = await Promise.all([
    selectCells(ctx.db)
      .where('c.granularity', '=', query.granularity)
      .where('c.product_id', '=', product.id)
      .where('c.region', '=', stored)
      .where('c.window_start', '>=', from)
      .where('c.window_start', '<', to)
      .orderBy('c.window_start')
      .execute(),
    ctx.db
      .selectFrom('risk_cell_terms')
      .select(['term', (eb) => eb.fn.sum<string>('count').as('count')])
      .where('granularity', '=', query.granularity)
      .where('product_id', '=', product.id)
      .where('region', '=', stored)
      .where('window_start', '>=', from)
      .where('window_start', '<', to)
      .groupBy('term')
      .orderBy('count', 'desc')
      .orderBy('term')
      .limit(20)
      .execute(),
    selectMentions(ctx.db)
      .where('mentions.product_id', '=', product.id)
      .where(
        stored === '' ? sql<boolean>`mentions.region is null` : sql<boolean>`mentions.region = ${stored}`,
      )
      .where('mentions.label', '=', 'negative')
      .where('mentions.occurred_at', '>=', from)
      .where('mentions.occurred_at', '<', to)
      .orderBy('mentions.occurred_at', 'desc')
      .limit(10)
      .execute(),
  ]);
  const windows = cells.map(toCellOutput);
  const topicTotals = Object.fromEntries(
    TOPICS.map((t) => [t, windows.reduce((n, w) => n + w.topics[t], 0)]),
  );
  return {
    sku: product.sku,
    productName: product.name,
    region,
    from: from.toISOString(),
    to: to.toISOString(),
    granularity: query.granularity,
    windows,
    topTerms: terms.map((t) => ({ term: t.term, count: Number(t.count) })),
    topics: topicTotals,
    samples: samples.map(toMentionOutput),
  };
}

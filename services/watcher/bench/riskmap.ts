// The risk map's read latency: GET /v1/riskmap and GET /v1/riskmap/cells/{sku}/{region} through the
// real HTTP app in-process (auth, validation, the handlers, JSON), one request at a time, over 30 days
// x 500 SKUs x 30 regions of cells holding 10 million mentions on a real PostgreSQL server. Target:
// p95 under 50 ms.
//
// The cells are generated set-based in SQL (generate_series), not pushed through ingest: 10 million
// mentions through POST /v1/mentions would take about 20 minutes here (the ingest bench's 9,000/s),
// and the map is only ever read from its cells. They are as ingest keeps them: hour cells, day cells that are the sums of their
// hours, negative terms per cell (day terms the sums of the hours'), and a 2% sample of the raw
// mentions (BENCH_RAW_MENTIONS, default 200,000) for the evidence's latest negative posts. Volume is
// skewed: product popularity is Zipf-like, regions weigh as the demo's customers do, each product
// sells unevenly across regions (lognormal), hours follow the day in China, and 300 incidents triple a
// cell's volume with 60% negative posts for 1 to 8 hours. Risk, expected negatives and trend follow
// the evaluator's Poisson tail against each cell's steady hourly rate (approximated in SQL).
//
// BENCH_REQUESTS (default 300) timed requests per query after 30 warm-up ones. BENCH_EXTRA_SQL (one
// or more statements) runs after the load and before ANALYZE, to try an index before writing its
// migration; the output says so.
import { cpus, loadavg } from 'node:os';
import { createApiToken } from '@aftercare/auth';
import { readEnv, toConfig } from '@aftercare/config';
import { createContext } from '@aftercare/context';
import type { Database } from '@aftercare/db';
import { createTestDatabase } from '@aftercare/db/testing';
import { generateProducts, REGIONS } from '@aftercare/demo';
import { createHttpApp, createMetricsRegistry } from '@aftercare/http';
import { createLogger } from '@aftercare/logger';
import { type Kysely, sql } from 'kysely';
import { createWatcherService } from '../src/index.js';
import { benchServerUrl, postgresAnswers } from './mention-feed.js';

const MENTIONS = 10_000_000;
const DAYS = 30;
const PRODUCTS = 500;
const INCIDENTS = 300;
const RAW_MENTIONS = Number(process.env.BENCH_RAW_MENTIONS ?? 200_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300);
const WARM_UP = 30;
const TARGET_MS = 50;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// Words of negative posts, in Chinese and English as the demo's posts are.
const TERMS = [
  '坏了',
  '漏水',
  '退货',
  '太慢',
  '客服',
  '质量差',
  '假货',
  '破损',
  '没用',
  '发热',
  '异味',
  '掉色',
  'broken',
  'leaking',
  'refund',
  'late',
  'rude',
  'cracked',
  'fake',
  'smell',
  'noisy',
  'stopped',
  'missing',
  'overheats',
];
const extraSql = process.env.BENCH_EXTRA_SQL?.trim();
const serverUrl = benchServerUrl;

if (!(await postgresAnswers(serverUrl))) {
  console.log(`watcher: real PostgreSQL at ${new URL(serverUrl).host} not reachable; risk map bench skipped`);
  process.exit(0);
}

const conditions = () => `${cpus().length} CPUs, load ${loadavg()[0]!.toFixed(1)}`;
const database = await createTestDatabase({ serverUrl, prefix: 'aftercare_bench' });
try {
  const ctx = await createContext(
    toConfig(readEnv({ LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '10000000' })),
    { database, migrate: false, logger: createLogger({ level: 'silent' }) },
  );
  await ctx.db
    .insertInto('products')
    .values(
      generateProducts({ seed: 42, count: PRODUCTS }).map((p) => ({
        sku: p.sku,
        name: p.name,
        category: p.category,
        price: String(p.price),
        warranty_months: p.warrantyMonths,
      })),
    )
    .execute();
  const loadStarted = performance.now();
  const setupConditions = conditions();
  // The last 30 days of whole hours, the hour before this one last.
  const lastHour = new Date(Math.floor(Date.now() / HOUR) * HOUR - HOUR);
  const phases = await database.db.connection().execute((conn) => fillRiskMap(conn, lastHour));
  if (extraSql) {
    const started = performance.now();
    await sql.raw(extraSql).execute(database.db);
    phases.push(['BENCH_EXTRA_SQL', performance.now() - started]);
  }
  const analyzeStarted = performance.now();
  await sql`analyze products, risk_cells, risk_cell_terms, mentions`.execute(database.db);
  phases.push(['analyze', performance.now() - analyzeStarted]);
  const loadSeconds = (performance.now() - loadStarted) / 1000;
  const shape = await describeData(database.db);
  const server = await sql<{ server_version: string }>`show server_version`.execute(database.db);
  console.log(
    `watcher: risk map data on PostgreSQL ${server.rows[0]?.server_version}: ${shape} | generated set-based in SQL ` +
      `(generate_series), not through ingest, in ${loadSeconds.toFixed(0)} s (${phases
        .map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)} s`)
        .join(', ')}; ${setupConditions} when it began)`,
  );
  if (extraSql) console.log(`watcher: TEMPORARY, not in the migrations: BENCH_EXTRA_SQL ran: ${extraSql}`);

  const { token } = await createApiToken(ctx, { name: 'bench map', role: 'supervisor', createdBy: 'bench' });
  const app = createHttpApp(ctx, [createWatcherService(ctx)], createMetricsRegistry());
  const get = async (path: string) => {
    const res = await app.request(path, { headers: { Authorization: `Bearer ${token}` } });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${body.slice(0, 300)}`);
    return body;
  };
  type MapPage = { items: { sku: string; region: string; risk: number }[]; nextCursor?: string | null };
  const map = async (path: string) => JSON.parse(await get(path)) as MapPage;

  const now = Date.now();
  const monthAgo = new Date(now - DAYS * DAY).toISOString();
  const products = await ctx.db.selectFrom('products').select(['sku', 'category']).orderBy('id').execute();
  const categories = [...new Set(products.map((p) => p.category))];
  const regions = REGIONS.map((r) => r.name);
  // Cells people open: the map's riskiest, plus others anywhere (most of them quiet).
  const riskiest = [
    (await map('/v1/riskmap?limit=100')).items,
    (await map(`/v1/riskmap?granularity=day&from=${monthAgo}&limit=100`)).items,
  ];
  for (const items of riskiest) {
    if (items.some((cell, i) => i > 0 && cell.risk > items[i - 1]!.risk))
      throw new Error('not riskiest first');
  }
  const cells = riskiest.flat().map((c) => [c.sku, c.region] as const);
  for (let i = 0; i < 100; i++) {
    cells.push([products[(i * 7919) % products.length]!.sku, regions[(i * 13) % regions.length]!]);
  }
  // The default map's pages 2 to 6, by the cursors of the pages before them.
  const pages: string[] = [];
  let page = await map('/v1/riskmap');
  while (page.nextCursor && pages.length < 5) {
    pages.push(`/v1/riskmap?cursor=${encodeURIComponent(page.nextCursor)}`);
    page = await map(pages.at(-1)!);
  }

  const cycle = <T>(list: readonly T[], i: number) => list[i % list.length]!;
  const queries: [string, (i: number) => string][] = [
    ['map, default (hour cells, last 24 h)', () => '/v1/riskmap'],
    ['map, day cells over 30 days', () => `/v1/riskmap?granularity=day&from=${monthAgo}`],
    ['map, one SKU (hour, 24 h)', (i) => `/v1/riskmap?sku=${cycle(products, i * 37).sku}`],
    [
      'map, one SKU (day, 30 days)',
      (i) => `/v1/riskmap?granularity=day&from=${monthAgo}&sku=${cycle(products, i * 37).sku}`,
    ],
    ['map, one region (hour, 24 h)', (i) => `/v1/riskmap?region=${encodeURIComponent(cycle(regions, i))}`],
    [
      'map, one region (day, 30 days)',
      (i) => `/v1/riskmap?granularity=day&from=${monthAgo}&region=${encodeURIComponent(cycle(regions, i))}`,
    ],
    ['map, one category (hour, 24 h)', (i) => `/v1/riskmap?category=${cycle(categories, i)}`],
    [
      'map, one category (day, 30 days)',
      (i) => `/v1/riskmap?granularity=day&from=${monthAgo}&category=${cycle(categories, i)}`,
    ],
    ['map, 500 cells (limit=500)', () => '/v1/riskmap?limit=500'],
    ...(pages.length > 0
      ? [['map, pages 2 to 6 by cursor', (i: number) => cycle(pages, i)] as [string, (i: number) => string]]
      : []),
    ['cell evidence, hour, 24 h', (i) => evidencePath(cycle(cells, i), '')],
    [
      'cell evidence, day, 30 days',
      (i) => evidencePath(cycle(cells, i), `?granularity=day&from=${monthAgo}`),
    ],
  ];
  if (pages.length === 0) console.log('watcher: the map answered no nextCursor; paging not measured');

  const all: number[] = [];
  const lines: string[] = [];
  const timingConditions = conditions();
  for (const [name, path] of queries) {
    for (let i = 0; i < WARM_UP; i++) await get(path(i + REQUESTS));
    const times: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const started = performance.now();
      await get(path(i));
      times.push(performance.now() - started);
    }
    all.push(...times);
    lines.push(`  ${name.padEnd(36)} ${summary(times)}`);
  }
  const overall = percentile(all, 0.95);
  console.log(
    `watcher: risk map reads through the HTTP app in-process, one at a time, ${REQUESTS} per query after ${WARM_UP} warm-up ` +
      `(${timingConditions} at the start, ${conditions()} at the end):\n${lines.join('\n')}\n` +
      `  ${'overall'.padEnd(36)} ${summary(all)} (target p95 < ${TARGET_MS} ms: ${overall < TARGET_MS ? 'met' : 'MISSED'})`,
  );
  await ctx.close();
} finally {
  await database.dispose();
}

function evidencePath([sku, region]: readonly [string, string], query: string): string {
  return `/v1/riskmap/cells/${encodeURIComponent(sku)}/${encodeURIComponent(region)}${query}`;
}

function percentile(times: number[], p: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

function summary(times: number[]): string {
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  return `p50 ${ms(percentile(times, 0.5))}, p95 ${ms(percentile(times, 0.95))}, max ${ms(Math.max(...times))}`;
}

/**
 * Fills risk_cells, risk_cell_terms and mentions on one connection (its temporary tables and
 * settings are its own), each table loaded with its foreign keys and secondary indexes set aside and
 * rebuilt after, as a bulk load should be. Returns how long each phase took.
 */
async function fillRiskMap(db: Kysely<Database>, lastHour: Date): Promise<[string, number][]> {
  const phases: [string, number][] = [];
  const phase: Phase = async (name, work) => {
    const started = performance.now();
    await work();
    phases.push([name, performance.now() - started]);
  };
  try {
    await loadRiskMap(db, lastHour, phase);
  } finally {
    // The connection goes back to the pool the handlers read through: without this session's
    // settings, temporary tables and functions.
    await sql`discard all`.execute(db);
  }
  return phases;
}

type Phase = (name: string, work: () => Promise<unknown>) => Promise<void>;

async function loadRiskMap(db: Kysely<Database>, lastHour: Date, phase: Phase): Promise<void> {
  await sql`set work_mem = '64MB'`.execute(db);
  await sql`set maintenance_work_mem = '256MB'`.execute(db);
  await sql`select setseed(0.42)`.execute(db);
  // Poisson tail of k negatives against e expected, as the evaluator scores (see @aftercare/risk):
  // exact for one negative, a Stirling-corrected Chernoff bound above.
  await sql`
    create function pg_temp.bench_risk(k bigint, e float8) returns real language sql immutable as $$
      select (case when k = 0 then 0 else least(100, round(greatest(
        -10 * log(1 - exp(-e)),
        case when k > e then 10 / ln(10) * (e - k + k * ln(k / e) + 0.5 * ln(2 * pi() * k)) else 0 end
      )::numeric, 1)) end)::real
    $$`.execute(db);
  await sql`
    create function pg_temp.bench_trend(k bigint, e float8) returns text language sql immutable as $$
      select case when k > 2 * e + 1 then 'rising' when k = 0 and e > 1 then 'falling' else 'steady' end
    $$`.execute(db);

  await phase('shape', async () => {
    await sql`
      create temporary table bench_regions as
      select * from unnest(${REGIONS.map((r) => r.name)}::text[], ${REGIONS.map((r) => r.weight)}::float8[])
        as r(region, weight)`.execute(db);
    // Products: Zipf-like popularity in a shuffled order, and a usual share of negative posts.
    await sql`
      create temporary table bench_products as
      select id as product_id, power(rank() over (order by random()), -0.9) as weight,
        0.04 + 0.16 * random() as negative_share
      from products`.execute(db);
    // Each product in each region: the product's and the region's weights times a lognormal affinity,
    // in key order so the cells come out in the primary key's order.
    await sql`
      create temporary table bench_pairs as
      select p.product_id, r.region, p.negative_share,
        p.weight * r.weight * exp(sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()) - 0.5) as weight,
        null::timestamptz as incident_from, null::timestamptz as incident_to, 0::float8 as negative_per_hour
      from bench_products p cross join bench_regions r
      order by p.product_id, r.region`.execute(db);
    await sql`
      update bench_pairs set negative_per_hour = greatest(0.01,
        ${MENTIONS} * weight / (select sum(weight) from bench_pairs) / ${DAYS * 24} * negative_share)`.execute(
      db,
    );
    await sql`
      with incidents as (
        select product_id, region,
          ${lastHour}::timestamptz - floor(random() * ${DAYS * 24}) * interval '1 hour' as starts,
          floor(random() * 8) as hours
        from (select * from bench_pairs order by weight desc limit ${INCIDENTS * 10}) busy
        order by random() limit ${INCIDENTS})
      update bench_pairs p set incident_from = i.starts, incident_to = i.starts + i.hours * interval '1 hour'
      from incidents i where i.product_id = p.product_id and i.region = p.region`.execute(db);
    // Hours: busy in the Chinese day, quiet at night, weekends a little busier.
    await sql`
      create temporary table bench_hours as
      select h as window_start,
        (1 + 0.8 * sin(2 * pi() * (extract(hour from h at time zone 'Asia/Shanghai') - 9) / 24))
          * (case when extract(isodow from h at time zone 'Asia/Shanghai') >= 6 then 1.2 else 1 end) as weight
      from generate_series(${lastHour}::timestamptz - ${`${DAYS * 24 - 1} hours`}::interval, ${lastHour}::timestamptz,
        interval '1 hour') h`.execute(db);
    await sql`analyze bench_pairs`.execute(db);
    await sql`analyze bench_hours`.execute(db);
  });

  await withoutSecondaryIndexes(db, 'risk_cells', phase, async () => {
    // Each hour of each product and region: its expected volume rounded at random (most cells of
    // quiet products in small regions round to nothing), its negatives, complaints and topics.
    await phase('hour cells', () =>
      sql`
        insert into risk_cells (granularity, product_id, region, window_start, mentions, negative,
          complaints, quality, logistics, service, advertising, other, score_sum, risk, expected_negative, trend)
        select 'hour', product_id, region, window_start, mentions, negative, complaints,
          floor(complaints * 0.45 + random()), floor(complaints * 0.25 + random()),
          floor(complaints * 0.2 + random()), floor(complaints * 0.05 + random()),
          floor(complaints * 0.1 + random()), (mentions - negative) * 0.55 - negative * 0.7,
          pg_temp.bench_risk(negative, expected), expected, pg_temp.bench_trend(negative, expected)
        from (
          select *, floor(negative * 0.75 + random())::int as complaints
          from (
            select c.*, floor(c.mentions * c.share + random())::int as negative
            from (select sum(weight) as w from bench_pairs) tp, (select sum(weight) as w from bench_hours) th,
              bench_hours h cross join lateral (
                select p.product_id, p.region, h.window_start, p.negative_per_hour as expected,
                  case when h.window_start between p.incident_from and p.incident_to then 0.6 else p.negative_share end as share,
                  floor(${MENTIONS} * p.weight * h.weight / (tp.w * th.w)
                    * (case when h.window_start between p.incident_from and p.incident_to then 3 else 1 end)
                    + random())::int as mentions
                from bench_pairs p
              ) c
            where c.mentions > 0
          ) n
        ) c`.execute(db),
    );
    // Exactly 10 million: one mention more or fewer in as many cells as the rounding left over.
    await phase('exact total', () =>
      sql`
        with d as (select ${MENTIONS} - sum(mentions) as diff from risk_cells where granularity = 'hour')
        update risk_cells set mentions = mentions + sign(d.diff)::int
        from d
        where ctid = any(array(
          select ctid from risk_cells, d
          where granularity = 'hour' and (d.diff > 0 or mentions > greatest(negative, 1))
          order by random() limit (select abs(diff) from d)))`.execute(db),
    );
    await phase('day cells', () =>
      sql`
        insert into risk_cells (granularity, product_id, region, window_start, mentions, negative,
          complaints, quality, logistics, service, advertising, other, score_sum, risk, expected_negative, trend)
        select 'day', product_id, region, window_start, mentions, negative, complaints, quality, logistics,
          service, advertising, other, score_sum,
          pg_temp.bench_risk(negative, expected), expected, pg_temp.bench_trend(negative, expected)
        from (
          select c.product_id, c.region, date_trunc('day', c.window_start, 'UTC') as window_start,
            sum(c.mentions) as mentions, sum(c.negative) as negative, sum(c.complaints) as complaints,
            sum(c.quality) as quality, sum(c.logistics) as logistics, sum(c.service) as service,
            sum(c.advertising) as advertising, sum(c.other) as other, sum(c.score_sum) as score_sum,
            24 * min(p.negative_per_hour) as expected
          from risk_cells c join bench_pairs p using (product_id, region)
          where c.granularity = 'hour'
          group by 1, 2, 3
        ) d
        order by window_start, product_id, region`.execute(db),
    );
  });

  // Up to three words per cell with negatives, the first in every negative post; a day's are its hours'.
  await withoutSecondaryIndexes(db, 'risk_cell_terms', phase, () =>
    phase('terms', async () => {
      await sql`
        insert into risk_cell_terms (granularity, product_id, region, window_start, term, count)
        select 'hour', c.product_id, c.region, c.window_start,
          (${TERMS}::text[])[1 + (c.product_id * 7 + k * (1 + (extract(epoch from c.window_start)::bigint / 3600) % 7)) % ${TERMS.length}],
          ceil(c.negative::float8 / (k + 1))
        from risk_cells c cross join generate_series(0, 2) k
        where c.granularity = 'hour' and c.negative > k`.execute(db);
      await sql`
        insert into risk_cell_terms (granularity, product_id, region, window_start, term, count)
        select 'day', product_id, region, date_trunc('day', window_start, 'UTC'), term, sum(count)
        from risk_cell_terms where granularity = 'hour'
        group by 2, 3, 4, 5`.execute(db);
    }),
  );

  // A sample of the posts behind the cells, as many negative among them as in their cells.
  await withoutSecondaryIndexes(db, 'mentions', phase, () =>
    phase('raw mentions', () =>
      sql`
        insert into mentions (source, external_id, text, author, rating, lang, occurred_at, received_at,
          product_id, region, city, order_ref, attributed_by, label, score, complaint, topics, terms)
        select case when m.n % 3 = 0 then 'weibo' else 'review_site' end, 'bench-' || m.n,
          case when m.negative then '质量太差了，用了一次就坏了，要求退货' else '很好用，推荐购买，性价比高' end,
          '@user' || (m.n % 50000), null, 'zh', m.occurred_at, m.occurred_at + interval '2 seconds',
          m.product_id, m.region, null, null, 'sku',
          case when m.negative then 'negative' when m.n % 4 = 0 then 'neutral' else 'positive' end,
          case when m.negative then -0.7 else 0.6 end, m.negative,
          case when m.negative then '["quality"]'::jsonb else '[]'::jsonb end,
          case when m.negative then '["坏了", "退货"]'::jsonb else '[]'::jsonb end
        from (
          select row_number() over () as n, c.product_id, c.region,
            c.window_start + random() * interval '1 hour' as occurred_at, i <= c.sampled_negative as negative
          from (
            select *, floor(s.sampled * s.negative::float8 / s.mentions + random())::int as sampled_negative
            from (
              select product_id, region, window_start, mentions, negative,
                floor(mentions * ${RAW_MENTIONS / MENTIONS}::float8 + random())::int as sampled
              from risk_cells where granularity = 'hour'
            ) s
            where s.sampled > 0
          ) c cross join lateral generate_series(1, c.sampled) i
        ) m`.execute(db),
    ),
  );
}

/**
 * Runs a bulk load into `table` with its foreign keys and non-unique indexes dropped, then puts them
 * back as the migrations defined them (read from the catalog, so an index added later is kept too).
 */
async function withoutSecondaryIndexes(
  db: Kysely<Database>,
  table: string,
  phase: Phase,
  load: () => Promise<unknown>,
) {
  const { rows: indexes } = await sql<{ name: string; definition: string }>`
    select c.relname as name, pg_get_indexdef(i.indexrelid) as definition
    from pg_index i join pg_class c on c.oid = i.indexrelid
    where i.indrelid = ${table}::regclass and not i.indisunique`.execute(db);
  const { rows: keys } = await sql<{ name: string; definition: string }>`
    select conname as name, pg_get_constraintdef(oid) as definition
    from pg_constraint where conrelid = ${table}::regclass and contype = 'f'`.execute(db);
  for (const key of keys) {
    await sql`alter table ${sql.table(table)} drop constraint ${sql.ref(key.name)}`.execute(db);
  }
  for (const index of indexes) await sql`drop index ${sql.ref(index.name)}`.execute(db);
  await load();
  await phase(`${table} indexes`, async () => {
    for (const index of indexes) await sql.raw(index.definition).execute(db);
    for (const key of keys) {
      await sql`alter table ${sql.table(table)} add constraint ${sql.ref(key.name)} ${sql.raw(key.definition)}`.execute(
        db,
      );
    }
  });
}

async function describeData(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{
    granularity: string;
    cells: string;
    mentions: string;
    risky: string;
    median: number;
    p99: number;
    busiest: number;
  }>`
    select granularity, count(*) as cells, sum(mentions) as mentions, count(*) filter (where risk > 0) as risky,
      percentile_disc(0.5) within group (order by mentions) as median,
      percentile_disc(0.99) within group (order by mentions) as p99, max(mentions) as busiest
    from risk_cells group by granularity order by granularity desc`.execute(db);
  const counts = await sql<{ terms: string; mentions: string; negative: string }>`
    select (select count(*) from risk_cell_terms) as terms, (select count(*) from mentions) as mentions,
      (select count(*) from mentions where label = 'negative') as negative`.execute(db);
  const n = (value: string | number) => Number(value).toLocaleString('en');
  const possible = PRODUCTS * REGIONS.length * DAYS * 24;
  const cells = rows.map(
    (r) =>
      `${n(r.cells)} ${r.granularity} cells (${n(r.mentions)} mentions; per cell median ${r.median}, ` +
      `p99 ${r.p99}, max ${n(r.busiest)}; ${n(r.risky)} with risk > 0)`,
  );
  const hours = Number(rows.find((r) => r.granularity === 'hour')?.cells ?? 0);
  const c = counts.rows[0]!;
  return (
    `${PRODUCTS} SKUs x ${REGIONS.length} regions x ${DAYS} days: ${cells.join(', ')}; ` +
    `${((100 * hours) / possible).toFixed(0)}% of the ${n(possible)} possible hour cells hold any; ` +
    `${n(c.terms)} cell terms; ${n(c.mentions)} raw mentions (${n(c.negative)} negative)`
  );
}

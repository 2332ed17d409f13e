// Orders per second through POST /v1/orders (real HTTP, validation, upsert), against a plain COPY of
// the same rows into the same table shape, on embedded PGlite and on a real PostgreSQL server.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createApiToken } from '@aftercare/auth';
import { readEnv, toConfig } from '@aftercare/config';
import { createContext } from '@aftercare/context';
import { createTestDatabase, type TestDatabase } from '@aftercare/db/testing';
import { createHttpApp, createMetricsRegistry, listen } from '@aftercare/http';
import { createLogger } from '@aftercare/logger';
import { MAX_BATCH, referenceRoutes, upsertCustomers, upsertProducts } from '@aftercare/reference';
import { systemClock } from '@aftercare/runtime';
import { sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

const CUSTOMERS = 20_000;
const PRODUCTS = 500;
const ORDERS = Number(process.env.BENCH_ORDERS ?? 100_000);
const serverUrl =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/test';

function ordersFixture() {
  return Array.from({ length: ORDERS }, (_, i) => ({
    externalRef: `O${String(i).padStart(8, '0')}`,
    customerRef: `C${String(i % CUSTOMERS).padStart(6, '0')}`,
    sku: `SKU-${String(i % PRODUCTS).padStart(5, '0')}`,
    region: 'CN-Zhejiang',
    purchasedAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
    amount: 10 + (i % 500),
    status: 'delivered' as const,
  }));
}

async function seedReferences(database: TestDatabase) {
  const ctx = { db: database.db, clock: systemClock };
  const customers = Array.from({ length: CUSTOMERS }, (_, i) => ({
    externalRef: `C${String(i).padStart(6, '0')}`,
    name: `Customer ${i}`,
    phone: null,
    email: null,
    locale: 'zh-CN',
    timeZone: 'Asia/Shanghai',
    region: 'CN-Zhejiang',
    tier: 'regular' as const,
    consents: { sms: true, email: true, call: true },
  }));
  for (let i = 0; i < customers.length; i += MAX_BATCH)
    await upsertCustomers(ctx, { records: customers.slice(i, i + MAX_BATCH), actor: 'bench' });
  await upsertProducts(ctx, {
    records: Array.from({ length: PRODUCTS }, (_, i) => ({
      sku: `SKU-${String(i).padStart(5, '0')}`,
      name: `Product ${i}`,
      category: 'electronics',
      price: 10,
      warrantyMonths: 12,
    })),
    actor: 'bench',
  });
}

async function importThroughApi(
  database: TestDatabase,
  orders: ReturnType<typeof ordersFixture>,
  concurrency: number,
) {
  const config = toConfig(readEnv({ LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '100000' }));
  const ctx = await createContext(config, {
    database,
    migrate: false,
    logger: createLogger({ level: 'silent' }),
  });
  // A real ingest token, as a feed would send: each request pays for the token lookup.
  const { token } = await createApiToken(ctx, { name: 'bench feed', role: 'ingest', createdBy: 'bench' });
  const app = createHttpApp(
    ctx,
    [{ name: 'platform', routes: referenceRoutes(ctx), workers: [] }],
    createMetricsRegistry(),
  );
  const server = await listen(app, '127.0.0.1', 0);
  const batches: string[] = [];
  for (let i = 0; i < orders.length; i += MAX_BATCH)
    batches.push(JSON.stringify({ items: orders.slice(i, i + MAX_BATCH) }));
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < batches.length) {
        const body = batches[next++]!;
        const res = await fetch(`${server.url}/v1/orders`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body,
        });
        if (res.status !== 200) throw new Error(`batch failed: ${res.status} ${await res.text()}`);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await server.close(1000);
  await ctx.close();
  return orders.length / seconds;
}

/** The same rows, ids already resolved, as CSV for COPY into a table shaped like orders. */
async function copyCsv(database: TestDatabase, orders: ReturnType<typeof ordersFixture>) {
  const customers = new Map(
    (await database.db.selectFrom('customers').select(['id', 'external_ref']).execute()).map((r) => [
      r.external_ref,
      r.id,
    ]),
  );
  const products = new Map(
    (await database.db.selectFrom('products').select(['id', 'sku']).execute()).map((r) => [r.sku, r.id]),
  );
  await sql`create table orders_copy (like orders including all)`.execute(database.db);
  const csv = orders
    .map(
      (o) =>
        `${o.externalRef},${customers.get(o.customerRef)},${products.get(o.sku)},${o.region},${o.purchasedAt},${o.amount},${o.status}`,
    )
    .join('\n');
  return `${csv}\n`;
}

const COPY_SQL =
  'copy orders_copy (external_ref, customer_id, product_id, region, purchased_at, amount, status) from stdin with (format csv)';

async function copyOnServer(url: string, csv: string, rows: number) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const started = performance.now();
  await pipeline(Readable.from([csv]), client.query(copyFrom(COPY_SQL)));
  const seconds = (performance.now() - started) / 1000;
  await client.end();
  return rows / seconds;
}

async function copyOnPglite(database: TestDatabase, csv: string, rows: number) {
  // PGlite takes COPY input as a Blob in place of the /dev/blob device.
  const started = performance.now();
  await database.engine.pglite!.query(COPY_SQL.replace('from stdin', "from '/dev/blob'"), [], {
    blob: new Blob([csv]),
  });
  return rows / ((performance.now() - started) / 1000);
}

async function run(engine: 'pglite' | 'postgres') {
  const database = await createTestDatabase({
    serverUrl: engine === 'pglite' ? '' : serverUrl,
    prefix: 'aftercare_bench',
  });
  try {
    await seedReferences(database);
    const orders = ordersFixture();
    const apiRate = await importThroughApi(database, orders, engine === 'pglite' ? 1 : 4);
    const csv = await copyCsv(database, orders);
    const copyRate =
      engine === 'pglite'
        ? await copyOnPglite(database, csv, orders.length)
        : await copyOnServer(database.url!, csv, orders.length);
    const target = engine === 'pglite' ? 5_000 : 20_000;
    console.log(
      `import: orders/s through POST /v1/orders on ${engine}: ${Math.round(apiRate)} (target ${target}) | plain COPY: ${Math.round(copyRate)} | API/COPY: ${(apiRate / copyRate).toFixed(2)}`,
    );
  } finally {
    await database.dispose();
  }
}

await run('pglite');
const probe = new pg.Client({ connectionString: serverUrl });
const reachable = await probe.connect().then(
  () => true,
  () => false,
);
await probe.end().catch(() => {});
if (reachable) await run('postgres');
else console.log(`import: real PostgreSQL at ${new URL(serverUrl).host} not reachable; skipped`);

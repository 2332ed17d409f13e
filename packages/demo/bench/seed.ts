// Seeds the full demo data set into a fresh database and prints how long it took, how long the
// event loop stalled meanwhile (what a request to a server seeding on first start would wait) and
// the resident memory before and after: on embedded PGlite always, and on the real server too when
// TEST_DATABASE_URL is set (a scratch database, dropped after). `node --expose-gc` makes the RSS
// after the seed a figure of what stays, not of garbage not yet collected.
import { type DatabaseHandle, migrateToLatest, openDatabase } from '@aftercare/db';
import { createTestDatabase } from '@aftercare/db/testing';
import { systemClock } from '@aftercare/runtime';
import { seedDemo } from '../src/index.js';
import { megabytes, startEventLoopProbe } from './event-loop-probe.js';

const settle = async () => {
  globalThis.gc?.();
  await new Promise((resolve) => setTimeout(resolve, 100));
};

async function bench(
  kind: 'pglite' | 'postgres',
  open: () => Promise<DatabaseHandle & { dispose?: () => Promise<void> }>,
) {
  const database = await open();
  try {
    if (kind === 'pglite') await migrateToLatest(database.db);
    const ctx = { db: database.db, clock: systemClock };
    const now = new Date();
    await settle();
    const rssBefore = process.memoryUsage().rss;
    const probe = startEventLoopProbe(10);
    const first = await seedDemo(ctx, { now, actor: 'bench:seed-demo' });
    const stall = probe.stop();
    await settle();
    const rssAfter = process.memoryUsage().rss;
    console.log(
      `demo: seed-demo on ${kind}: ${first.customers} customers, ${first.products} products, ${first.orders} orders in ${first.seconds.toFixed(1)} s`,
    );
    console.log(
      `demo: event loop while seeding on ${kind}: longest stall ${stall.maxMs.toFixed(0)} ms, p99 ${stall.p99Ms.toFixed(0)} ms, median ${stall.p50Ms.toFixed(0)} ms (${stall.samples} ticks of 10 ms)`,
    );
    console.log(
      `demo: resident memory on ${kind}: ${megabytes(rssBefore)} before, peak ${megabytes(stall.peakRss)} while seeding (JS heap peak ${megabytes(stall.peakHeap)}), ${megabytes(rssAfter)} after the seed`,
    );
    const again = await seedDemo(ctx, { now, actor: 'bench:seed-demo' });
    const inserted =
      again.written.customers.inserted + again.written.products.inserted + again.written.orders.inserted;
    console.log(
      `demo: seed-demo again on ${kind} (idempotent, ${inserted} inserted) in ${again.seconds.toFixed(1)} s`,
    );
  } finally {
    await (database.dispose ?? database.close)();
  }
}

await bench('pglite', () => openDatabase({ url: undefined, dataDir: 'memory://' }));
if (process.env.TEST_DATABASE_URL) await bench('postgres', () => createTestDatabase());

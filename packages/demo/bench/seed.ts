// Seeds the full demo data set into a fresh database and prints how long it took: on embedded PGlite
// always, and on the real server too when TEST_DATABASE_URL is set (a scratch database, dropped after).
import { type DatabaseHandle, migrateToLatest, openDatabase } from '@aftercare/db';
import { createTestDatabase } from '@aftercare/db/testing';
import { systemClock } from '@aftercare/runtime';
import { seedDemo } from '../src/index.js';

async function bench(
  kind: 'pglite' | 'postgres',
  open: () => Promise<DatabaseHandle & { dispose?: () => Promise<void> }>,
) {
  const database = await open();
  try {
    if (kind === 'pglite') await migrateToLatest(database.db);
    const write = { db: database.db, clock: systemClock, actor: 'bench:seed-demo' };
    const now = new Date();
    const first = await seedDemo(write, { now });
    console.log(
      `demo: seed-demo on ${kind}: ${first.customers} customers, ${first.products} products, ${first.orders} orders in ${first.seconds.toFixed(1)} s`,
    );
    const again = await seedDemo(write, { now });
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

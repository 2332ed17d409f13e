// Complaint intake through the batch path (POST /v1/complaints/batch calls the same verb): grading,
// duplicate detection, clocks and events for 10 batches of 1,000, on PGlite and, when a server is
// named, on PostgreSQL. Target: 2,000 complaints/s.
import { readEnv, toConfig } from '@aftercare/config';
import { createContext } from '@aftercare/context';
import { createTestDatabase, type TestDatabase } from '@aftercare/db/testing';
import { seedDemo } from '@aftercare/demo';
import { createLogger } from '@aftercare/logger';
import { systemClock } from '@aftercare/runtime';
import { openComplaints } from '../src/complaints/open-complaints.js';
import type { ComplaintInput } from '../src/complaints/schemas.js';
import { CATEGORY_SHARE, DEMO_TEXTS } from '../src/demo/complaint-texts.js';

const BATCHES = 10;
const BATCH = 1_000;

async function bench(kind: string, open: () => Promise<TestDatabase>): Promise<void> {
  const database = await open();
  const ctx = await createContext(toConfig(readEnv({ LOG_LEVEL: 'silent' })), {
    database,
    migrate: false,
    logger: createLogger({ level: 'silent' }),
  });
  try {
    const now = systemClock.now();
    await seedDemo(ctx, { actor: 'bench', now, customers: 5_000, products: 200, orders: 20_000 });
    const orders = await ctx.db
      .selectFrom('orders')
      .innerJoin('customers', 'customers.id', 'orders.customer_id')
      .select(['orders.external_ref as orderRef', 'customers.external_ref as customerRef'])
      .execute();
    let n = 0;
    const item = (): ComplaintInput => {
      n++;
      const order = orders[(n * 7919) % orders.length]!;
      const [category] = CATEGORY_SHARE[n % CATEGORY_SHARE.length]!;
      const texts = DEMO_TEXTS[category];
      return {
        externalRef: `BENCH-${n}`,
        ...order,
        channel: 'chat',
        category,
        text: texts[n % texts.length]!,
      };
    };
    ctx.scorer.score('warm up the lexicons');
    let merged = 0;
    const started = performance.now();
    for (let b = 0; b < BATCHES; b++) {
      const outcomes = await openComplaints(ctx, {
        items: Array.from({ length: BATCH }, item),
        actor: 'bench',
      });
      merged += outcomes.filter((o) => o.status === 'merged').length;
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `scheduler: intake on ${kind}: ${Math.round((BATCHES * BATCH) / seconds).toLocaleString('en')} complaints/s ` +
        `(${BATCHES} batches of ${BATCH}, graded, ${merged} merged as duplicates; target 2,000)`,
    );
  } finally {
    await ctx.close();
    await database.dispose();
  }
}

await bench('pglite', () => createTestDatabase({ serverUrl: '' }));
const server =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/test';
await bench('postgres', () => createTestDatabase({ serverUrl: server, prefix: 'aftercare_bench' })).catch(
  (error) =>
    console.log(`scheduler: intake on postgres skipped, no server at ${new URL(server).host} (${error})`),
);

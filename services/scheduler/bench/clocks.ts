// SLA clock breaches on a real server: 1,000,000 running clocks with breach deadlines, of which 10,000
// fall due within one minute starting a few seconds from now, worked by the supervised clock
// deadline worker (4 claim loops). Prints the worst and p99 lateness of the recorded breaches
// (ended_at - due_at; target <= 5 s) and the claim query's plan and time (target < 50 ms, an index
// on due time). Skips (exit 0) when no server answers.
import { cpus } from 'node:os';
import { readEnv, toConfig } from '@aftercare/config';
import { createContext } from '@aftercare/context';
import { isDatabaseUnavailable } from '@aftercare/db';
import { createTestDatabase, type TestDatabase } from '@aftercare/db/testing';
import { superviseWorkers } from '@aftercare/jobs';
import { createLogger } from '@aftercare/logger';
import { systemClock } from '@aftercare/runtime';
import { sql } from 'kysely';
import { clockDeadlineQueue } from '../src/clocks/deadline-queue.js';
import { clockDeadlineWorker } from '../src/clocks/deadline-worker.js';
import { insertRunningClocks } from '../test/clocks/fixtures/running-clocks.js';
import { seedShopWithVipAndRegularBuyers } from '../test/seed/shop-with-vip-and-regular-buyers.js';

const CLOCKS = 1_000_000;
const DUE = 10_000;
const DUE_SPREAD_MS = 50_000;
const LEAD_MS = 5_000;
const CONCURRENCY = 4;
const BATCH = 20;
const serverUrl =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/test';

async function bench(database: TestDatabase): Promise<void> {
  const ctx = await createContext(toConfig(readEnv({ LOG_LEVEL: 'silent' })), {
    database: { ...database, close: async () => {} },
    migrate: false,
    clock: systemClock,
    logger: createLogger({ level: 'silent' }),
  });
  const { db } = ctx;
  await seedShopWithVipAndRegularBuyers(ctx);

  // Seeded an hour ahead (a million rows take a while), then the due ones are moved to start
  // LEAD_MS from now: two set-based updates of 10,000 rows.
  const seedStarted = performance.now();
  const seededFrom = new Date(Date.now() + 3_600_000);
  await insertRunningClocks(db, {
    count: CLOCKS,
    dueCount: DUE,
    dueFrom: seededFrom,
    dueSpreadMs: DUE_SPREAD_MS,
  });
  await sql`analyze complaints, complaint_clocks, clock_deadlines`.execute(db);
  const seedS = (performance.now() - seedStarted) / 1_000;

  // The claim's row selection (createWorkQueue's claim) as it runs once all 10,000 are due: a
  // rolled-back transaction, so nothing stays locked.
  const claimAt = new Date(seededFrom.getTime() + DUE_SPREAD_MS).toISOString();
  const plan = await db
    .transaction()
    .execute(async (trx) => {
      const { rows } = await sql<{ 'QUERY PLAN': string }>`
        explain (analyze, buffers) select id from clock_deadlines
        where state in ('pending', 'running') and due_at <= ${claimAt}::timestamptz
          and (state = 'pending' or lease_expires_at < ${claimAt}::timestamptz)
        order by due_at limit ${BATCH} for update skip locked`.execute(trx);
      throw new Rollback(rows.map((row) => row['QUERY PLAN']));
    })
    .catch((error: unknown) => {
      if (error instanceof Rollback) return error.lines;
      throw error;
    });
  const claimMs = await db
    .transaction()
    .execute(async (trx) => {
      const queue = clockDeadlineQueue({ db: trx, clock: { now: () => new Date(claimAt) } });
      const started = performance.now();
      await queue.claim('bench/explain', BATCH);
      throw new Rollback([String(performance.now() - started)]);
    })
    .catch((error: unknown) => {
      if (error instanceof Rollback) return Number(error.lines[0]);
      throw error;
    });

  const dueFrom = new Date(Date.now() + LEAD_MS);
  const shiftMs = seededFrom.getTime() - dueFrom.getTime();
  const dueUntil = new Date(seededFrom.getTime() + DUE_SPREAD_MS).toISOString();
  await db.transaction().execute(async (trx) => {
    await sql`update complaint_clocks set due_at = due_at - ${shiftMs}::float8 * interval '1 millisecond',
      started_at = started_at - ${shiftMs}::float8 * interval '1 millisecond'
      where state = 'running' and due_at < ${dueUntil}::timestamptz`.execute(trx);
    await sql`update clock_deadlines set due_at = due_at - ${shiftMs}::float8 * interval '1 millisecond'
      where state = 'pending' and due_at < ${dueUntil}::timestamptz`.execute(trx);
  });

  const supervisor = superviseWorkers(ctx, [
    clockDeadlineWorker(ctx, { concurrency: CONCURRENCY, batchSize: BATCH }),
  ]);
  const lastDue = dueFrom.getTime() + DUE_SPREAD_MS;
  let breached = 0;
  while (Date.now() < lastDue + 60_000) {
    breached = Number(
      (
        await sql<{
          n: number;
        }>`select count(*)::int as n from complaint_clocks where state = 'breached'`.execute(db)
      ).rows[0]?.n,
    );
    if (breached >= DUE) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await supervisor.stop();

  const { rows } = await sql<{ n: number; worst: number; p99: number; median: number }>`
    select count(*)::int as n,
      extract(epoch from max(ended_at - due_at))::float8 as worst,
      extract(epoch from percentile_cont(0.99) within group (order by ended_at - due_at))::float8 as p99,
      extract(epoch from percentile_cont(0.5) within group (order by ended_at - due_at))::float8 as median
    from complaint_clocks where state = 'breached'`.execute(db);
  const late = rows[0]!;
  const fixed = (seconds: number) => `${seconds.toFixed(3)} s`;
  console.log(
    `scheduler: clock breaches on postgres: ${CLOCKS.toLocaleString('en')} running clocks (seeded in ${seedS.toFixed(1)} s), ` +
      `${DUE.toLocaleString('en')} due over ${DUE_SPREAD_MS / 1_000} s, ${CONCURRENCY} claim loops x ${BATCH}; ` +
      `${late.n.toLocaleString('en')} breached, lateness worst ${fixed(late.worst)}, p99 ${fixed(late.p99)}, ` +
      `median ${fixed(late.median)} (target <= 5 s); ${cpus().length} CPUs, Node ${process.version}`,
  );
  const execution = plan.find((line) => line.startsWith('Execution Time')) ?? 'no execution time';
  console.log(
    `scheduler: claim of ${BATCH} among ${DUE.toLocaleString('en')} due / ${CLOCKS.toLocaleString('en')} open deadlines: ` +
      `${execution.toLowerCase()}, claim() ${claimMs.toFixed(1)} ms (target < 50 ms); plan: ${plan[0]?.trim()} / ` +
      `${plan.find((line) => /Index|Seq Scan/.test(line))?.trim() ?? 'no scan line'}`,
  );
  if (late.n < DUE) throw new Error(`only ${late.n} of ${DUE} clocks breached`);
}

/** Ends a transaction on purpose, carrying what was measured inside it. */
class Rollback extends Error {
  constructor(readonly lines: string[]) {
    super('rollback');
  }
}

let database: TestDatabase | undefined;
try {
  database = await createTestDatabase({ serverUrl, prefix: 'aftercare_bench' });
} catch (error) {
  if (!isDatabaseUnavailable(error)) throw error;
  console.log(
    `scheduler: clock breaches skipped, no PostgreSQL server at ${new URL(serverUrl).host} (${error})`,
  );
}
if (database) {
  try {
    await bench(database);
  } finally {
    await database.dispose();
  }
}

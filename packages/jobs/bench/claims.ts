// Claims throughput of the table-backed work queue on a real server: 50,000 due rows worked by 32
// concurrent claim loops (claim a batch, complete its rows). Skips (exit 0) when no server answers.
import { type Database, openDatabase } from '@aftercare/db';
import { testDatabaseName } from '@aftercare/db/testing';
import { type Clock, systemClock } from '@aftercare/runtime';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { createWorkQueue } from '../src/index.js';
import { createWorkTable, insertDueRows } from '../test/fixtures/work-table.js';

const ROWS = 50_000;
const WORKERS = 32;
const BATCH = Number(process.env.BENCH_BATCH ?? 20);
const serverUrl =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/test';

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query(statement);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Works every row of a fresh table; `each` commits one completion per row, `batch` one per claim. */
async function run(db: Kysely<Database>, clock: Clock, mode: 'each' | 'batch'): Promise<void> {
  const table = `bench_${mode}`;
  await createWorkTable(db, table);
  await insertDueRows(db, table, ROWS, new Date(clock.now().getTime() - 1_000));
  await sql`analyze ${sql.table(table)}`.execute(db);
  const queue = createWorkQueue(
    { db, clock },
    {
      table,
      leaseMs: 300_000,
      maxAttempts: 3,
      backoff: { baseMs: 1_000, maxMs: 60_000 },
    },
  );

  const claimsPerRow = new Map<number, number>();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: WORKERS }, async (_, index) => {
      const worker = `bench-${index}`;
      for (;;) {
        const rows = await queue.claim(worker, BATCH);
        if (rows.length === 0) return;
        for (const row of rows) claimsPerRow.set(row.id, (claimsPerRow.get(row.id) ?? 0) + 1);
        let done = 0;
        if (mode === 'batch')
          done = (
            await queue.completeMany(
              rows.map((row) => row.id),
              worker,
            )
          ).length;
        else for (const row of rows) done += (await queue.complete(row.id, worker)) ? 1 : 0;
        if (done !== rows.length) throw new Error(`${worker} lost a lease`);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1_000;
  const counts = [...claimsPerRow.values()];
  const claims = counts.reduce((sum, n) => sum + n, 0);
  const duplicates = counts.filter((n) => n > 1).length;
  const missing = ROWS - claimsPerRow.size;
  const label = mode === 'each' ? 'complete each' : 'complete per batch';
  console.log(
    `jobs: claims/s (${WORKERS} workers, batch ${BATCH}, ${label}, real Postgres): ${Math.round(claims / seconds)}  (duplicates: ${duplicates}, missing: ${missing})`,
  );
  if (duplicates > 0 || missing > 0) process.exitCode = 1;
}

// Named like test databases, so a CI run's clean-up finds what a killed bench left behind.
const name = testDatabaseName('aftercare_bench');
let created = false;
try {
  await admin(`create database ${name}`);
  created = true;
} catch (error) {
  console.log(
    `jobs: claims benchmark skipped, no PostgreSQL server at ${new URL(serverUrl).host} (${error})`,
  );
}

if (created) {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), dataDir: 'memory://', poolMax: WORKERS + 2 });
  try {
    await run(database.db, systemClock, 'each');
    await run(database.db, systemClock, 'batch');
  } finally {
    await database.close();
    await admin(`drop database if exists ${name} with (force)`);
  }
}

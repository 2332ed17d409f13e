import { createTestDatabase, type TestDatabase, testDatabaseKind } from '@aftercare/db/testing';
import { ManualClock } from '@aftercare/runtime';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createWorkQueue, runWorkLoop, type WorkQueue } from '../src/index.js';
import { captureLogger, type JobsContext, testJobsContext } from './fixtures/context.js';
import { waitUntil } from './fixtures/wait.js';
import { createWorkTable, insertDueRows, type TaskRow } from './fixtures/work-table.js';

const start = new Date('2026-03-01T09:00:00Z');

describe(`work loop on ${testDatabaseKind()}`, () => {
  let database: TestDatabase;
  let queue: WorkQueue<TaskRow>;
  let ctx: JobsContext;
  beforeAll(async () => {
    database = await createTestDatabase();
    ctx = await testJobsContext(database, new ManualClock(start));
    await createWorkTable(database.db, 'test_messages');
  });
  afterAll(async () => database?.dispose());
  beforeEach(async () => {
    await sql`truncate test_messages restart identity`.execute(database.db);
    queue = createWorkQueue<TaskRow>(ctx, {
      table: 'test_messages',
      leaseMs: 60_000,
      maxAttempts: 3,
      backoff: { baseMs: 1_000, maxMs: 60_000 },
    });
  });
  const states = async () =>
    (
      await sql<{ label: string; state: string; last_error: string | null }>`
        select label, state, last_error from test_messages order by id`.execute(database.db)
    ).rows;

  it('leaves completion to a handler that completes its row in its own transaction', async () => {
    await insertDueRows(database.db, 'test_messages', 3, start);
    const { logger, lines } = captureLogger('warn');
    const stop = new AbortController();
    let handled = 0;
    const loop = runWorkLoop(
      { ...ctx, logger },
      {
        queue,
        workerId: 'test',
        signal: stop.signal,
        pollMs: 20,
        handlerCompletes: true,
        handler: async (row) => {
          await database.db.transaction().execute(async (trx) => {
            await sql`update test_messages set label = label || '-recorded' where id = ${row.id}`.execute(
              trx,
            );
            expect(await queue.complete(row.id, row.leased_by!, trx)).toBe(true);
          });
          handled++;
        },
      },
    );
    await waitUntil('all rows handled', async () => handled === 3);
    stop.abort();
    await loop;
    expect((await states()).map((r) => `${r.label} ${r.state}`)).toEqual([
      'row-1-recorded done',
      'row-2-recorded done',
      'row-3-recorded done',
    ]);
    // Had the loop completed them again, it would have found them done and warned of a lost lease.
    expect(lines.filter((line) => line.msg === 'lease lost before completion')).toEqual([]);
  });

  it('handles every due row, completes successes, schedules retries for failures and stops on abort', async () => {
    await insertDueRows(database.db, 'test_messages', 30, start);
    const stop = new AbortController();
    const seen: string[] = [];
    const loop = runWorkLoop(ctx, {
      queue,
      workerId: 'test',
      signal: stop.signal,
      pollMs: 20,
      batchSize: 4,
      concurrency: 3,
      handler: async (row) => {
        seen.push(row.label);
        if (row.label === 'row-7') throw new Error('provider refused');
      },
    });
    await waitUntil('all rows handled', async () => seen.length === 30);
    stop.abort();
    await loop;
    expect(new Set(seen).size).toBe(30);
    const rows = await states();
    expect(rows.filter((r) => r.state === 'done')).toHaveLength(29);
    expect(rows.find((r) => r.label === 'row-7')).toMatchObject({
      state: 'pending',
      last_error: 'Error: provider refused',
    });
  });

  it('hands whole batches to a batch handler, and a failing batch to the row handler one by one', async () => {
    await insertDueRows(database.db, 'test_messages', 12, start);
    const stop = new AbortController();
    const batches: string[][] = [];
    const single: string[] = [];
    const loop = runWorkLoop(ctx, {
      queue,
      workerId: 'test',
      signal: stop.signal,
      pollMs: 20,
      batchSize: 5,
      batchHandler: async (rows) => {
        batches.push(rows.map((row) => row.label));
        if (rows.some((row) => row.label === 'row-7')) throw new Error('one bad row in the batch');
      },
      handler: async (row) => {
        single.push(row.label);
        if (row.label === 'row-7') throw new Error('row-7 is bad');
      },
    });
    await waitUntil('all rows tried', async () => batches.flat().length === 12);
    await waitUntil('the bad batch retried row by row', async () => single.length === 5);
    stop.abort();
    await loop;
    expect(batches.map((labels) => labels.length)).toEqual([5, 5, 2]);
    expect(single.sort()).toEqual(['row-10', 'row-6', 'row-7', 'row-8', 'row-9']);
    const rows = await states();
    expect(rows.filter((r) => r.state === 'done')).toHaveLength(11);
    expect(rows.find((r) => r.label === 'row-7')).toMatchObject({
      state: 'pending',
      last_error: 'Error: row-7 is bad',
    });
  });

  it('wakes on NOTIFY instead of waiting for the poll', async () => {
    const stop = new AbortController();
    const seen: string[] = [];
    const loop = runWorkLoop(ctx, {
      queue,
      workerId: 'test',
      signal: stop.signal,
      pollMs: 60_000,
      listen: database.engine.listen,
      handler: async (row) => {
        seen.push(row.label);
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 200)); // the loop is now asleep
    await database.db.transaction().execute(async (trx) => {
      await insertDueRows(trx, 'test_messages', 1, start);
      await queue.notify(trx);
    });
    await waitUntil('the notified row', async () => seen.length === 1, 5_000);
    stop.abort();
    await loop;
  });

  it('hands a row back without spending an attempt when stopped mid-row', async () => {
    await insertDueRows(database.db, 'test_messages', 1, start);
    const stop = new AbortController();
    let started = false;
    const loop = runWorkLoop(ctx, {
      queue,
      workerId: 'test',
      signal: stop.signal,
      pollMs: 20,
      handler: (_row, signal) =>
        new Promise((_resolve, reject) => {
          started = true;
          signal.addEventListener('abort', () => reject(new Error('aborted')));
        }),
    });
    await waitUntil('the handler to start', async () => started);
    stop.abort();
    await loop;
    const [row] = (await sql<TaskRow>`select * from test_messages`.execute(database.db)).rows;
    expect(row).toMatchObject({ state: 'pending', attempts: 0, last_error: null });
  });
});

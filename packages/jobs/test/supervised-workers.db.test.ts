import { createTestDatabase, type TestDatabase, testDatabaseKind } from '@aftercare/db/testing';
import { createEventWriter } from '@aftercare/events';
import { systemClock, type Worker } from '@aftercare/runtime';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createWorkQueue,
  eventConsumerWorker,
  processId,
  type Supervisor,
  schedulerWorker,
  superviseWorkers,
  workLoopWorker,
} from '../src/index.js';
import { type JobsContext, testJobsContext } from './fixtures/context.js';
import { waitUntil } from './fixtures/wait.js';
import { createWorkTable, type TaskRow } from './fixtures/work-table.js';

// The three worker adapters wired as a service would wire them, under the supervisor, on real time:
// a small demo table of work, an erasure event, an every-second cron job and a worker that crashes.
describe(`supervised workers on ${testDatabaseKind()}`, () => {
  let database: TestDatabase;
  let ctx: JobsContext;
  let supervisor: Supervisor | undefined;
  const count = async (query: ReturnType<typeof sql<{ n: number }>>) =>
    (await query.execute(database.db)).rows[0]!.n;

  beforeAll(async () => {
    database = await createTestDatabase();
    await createWorkTable(database.db, 'demo_tasks');
    await sql`create table demo_erasures (customer_id text primary key, event_id bigint not null)`.execute(
      database.db,
    );
    await sql`create table demo_ticks (tick timestamptz primary key)`.execute(database.db);
    await sql`create table demo_switch (broken boolean not null)`.execute(database.db);
  });
  // Tests run in random order (vitest shuffles): each starts from empty demo tables.
  beforeEach(async () => {
    await sql`truncate demo_tasks, demo_erasures, demo_ticks, demo_switch, domain_events, event_cursors,
      periodic_jobs`.execute(database.db);
  });
  afterEach(async () => {
    await supervisor?.stop();
    supervisor = undefined;
  });
  afterAll(async () => database?.dispose());

  const enqueue = (label: string) =>
    database.db.transaction().execute(async (trx) => {
      await sql`insert into demo_tasks (label, due_at) values (${label}, now())`.execute(trx);
      await queue().notify(trx);
    });
  const queue = () =>
    createWorkQueue<TaskRow>(ctx, {
      table: 'demo_tasks',
      leaseMs: 30_000,
      maxAttempts: 3,
      backoff: { baseMs: 100, maxMs: 1_000 },
    });
  const stateOf = (name: string) => ctx.health.workers().find((worker) => worker.name === name)?.state;

  it('works a demo row through a supervised work loop, woken by the engine, polling at WORKER_POLL_MS', async () => {
    // A poll far longer than the test: only the default `ctx.engine.listen` can wake the loop in time.
    ctx = await testJobsContext(database, systemClock, { WORKER_POLL_MS: '60000' });
    const handled: string[] = [];
    const worker = workLoopWorker(ctx, {
      queue: queue(),
      handler: async (row) => {
        handled.push(row.label);
      },
    });
    expect(worker.name).toBe('work:demo_tasks');
    supervisor = superviseWorkers(ctx, [worker]);
    await new Promise((resolve) => setTimeout(resolve, 200)); // the loop is listening and asleep
    await enqueue('send-survey');
    await waitUntil(
      'the row done',
      async () =>
        (await count(
          sql`select count(*)::int as n from demo_tasks where label = 'send-survey' and state = 'done'`,
        )) === 1,
      5_000,
    );
    expect(handled).toEqual(['send-survey']);
    const [row] = (await sql<TaskRow>`select * from demo_tasks`.execute(database.db)).rows;
    expect(row!.leased_by).toBe(`${processId()}/0`);
    expect(stateOf('work:demo_tasks')).toBe('running');
    await supervisor.stop();
    expect(stateOf('work:demo_tasks')).toBe('stopped');
  });

  it('delivers an appended event to a supervised consumer once, its write committed with the cursor', async () => {
    ctx = await testJobsContext(database, systemClock);
    const calls: number[] = [];
    const worker = eventConsumerWorker(ctx, {
      consumer: 'demo.privacy',
      types: ['customer.erased@1'],
      handler: async (events, trx) => {
        calls.push(events.length);
        for (const event of events) {
          await sql`insert into demo_erasures (customer_id, event_id)
            values (${event.payload.customerId}, ${event.id})`.execute(trx);
        }
      },
    });
    supervisor = superviseWorkers(ctx, [worker]);
    const appended = await database.db.transaction().execute((trx) =>
      createEventWriter(systemClock).append(trx, {
        type: 'customer.erased@1',
        aggregateType: 'customer',
        aggregateId: 'cus_42',
        payload: {
          customerId: 'cus_42',
          externalRef: 'shop-42',
          erasedAt: systemClock.now().toISOString(),
          erasedBy: 'usr_1',
        },
      }),
    );
    await waitUntil('the erasure handled', async () => calls.length === 1, 5_000);
    await new Promise((resolve) => setTimeout(resolve, 200)); // ten more polls: nothing is redelivered
    expect(calls).toEqual([1]);
    const erasures = await sql`select customer_id, event_id from demo_erasures`.execute(database.db);
    expect(erasures.rows).toEqual([{ customer_id: 'cus_42', event_id: appended.id }]);
    const cursor = await database.db
      .selectFrom('event_cursors')
      .selectAll()
      .where('consumer', '=', 'demo.privacy')
      .executeTakeFirstOrThrow();
    expect(cursor).toMatchObject({ last_id: appended.id, last_txid: appended.txid });
    expect(stateOf('events:demo.privacy')).toBe('running');
  });

  it('runs an every-second cron job of a supervised scheduler', async () => {
    ctx = await testJobsContext(database, systemClock);
    const worker = schedulerWorker(ctx, {
      name: 'demo',
      jobs: [
        {
          name: 'demo-every-second',
          cron: '* * * * * *',
          run: async (_signal, tick) => {
            await sql`insert into demo_ticks (tick) values (${tick.toISOString()}::timestamptz)`.execute(
              database.db,
            );
          },
        },
      ],
    });
    expect(worker.name).toBe('cron:demo');
    supervisor = superviseWorkers(ctx, [worker]);
    await waitUntil(
      'two ticks',
      async () => (await count(sql`select count(*)::int as n from demo_ticks`)) >= 2,
      5_000,
    );
    const job = await database.db
      .selectFrom('periodic_jobs')
      .selectAll()
      .where('name', '=', 'demo-every-second')
      .executeTakeFirstOrThrow();
    expect(job).toMatchObject({ last_runner: processId(), last_error: null });
    expect(stateOf('cron:demo')).toBe('running');
  });

  it('restarts a crashing worker with backoff, reports it failing after 3 crashes, and running once it recovers', async () => {
    ctx = await testJobsContext(database, systemClock);
    await sql`insert into demo_switch (broken) values (true)`.execute(database.db);
    const inner = workLoopWorker(ctx, { queue: queue(), handler: async () => {} });
    // The loop's dependency is down at start (the switch) and comes back later: each run checks it.
    let runs = 0;
    const worker: Worker = {
      name: inner.name,
      async run(signal) {
        runs += 1;
        const { rows } = await sql<{ broken: boolean }>`select broken from demo_switch`.execute(database.db);
        if (rows[0]?.broken) throw new Error('demo dependency is down');
        await inner.run(signal);
      },
    };
    const startedAt = Date.now();
    supervisor = superviseWorkers(ctx, [worker], {
      backoff: { baseMs: 40, maxMs: 160 },
      failingAfter: 3,
      healthyAfterMs: 300,
    });
    await waitUntil('failing', async () => stateOf('work:demo_tasks') === 'failing', 5_000);
    // Three crashes with equal-jitter waits of at least 20 + 40 ms before the third run.
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(60);
    expect(ctx.health.workers()).toEqual([
      {
        name: 'work:demo_tasks',
        state: 'failing',
        restarts: 3,
        consecutiveCrashes: 3,
        lastError: 'Error: demo dependency is down',
      },
    ]);
    expect(ctx.health.notReadyReasons()).toEqual([
      'worker work:demo_tasks keeps crashing (its errors are in the log)',
    ]);

    await sql`update demo_switch set broken = false`.execute(database.db);
    await enqueue('after-recovery');
    await waitUntil('running again', async () => stateOf('work:demo_tasks') === 'running', 5_000);
    expect(runs).toBeGreaterThanOrEqual(4);
    expect(ctx.health.notReadyReasons()).toEqual([]);
    expect(
      await count(
        sql`select count(*)::int as n from demo_tasks where label = 'after-recovery' and state = 'done'`,
      ),
    ).toBe(1);
    expect(ctx.health.workers()[0]).toMatchObject({ consecutiveCrashes: 0, restarts: runs - 1 });
  });
});

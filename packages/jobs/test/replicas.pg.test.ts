import { createTestDatabase, type TestDatabase } from '@aftercare/db/testing';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Child, spawnChild } from './fixtures/children.js';
import { waitUntil } from './fixtures/wait.js';
import { createWorkTable, insertDueRows } from './fixtures/work-table.js';

// Separate Node processes on one real server, as replicas would run: the claims, leases and ticks
// they share are decided by the database alone.
// About 15 s each here; the timeouts leave room for a busy CI machine.
describe('replicas in separate processes', { timeout: 45_000 }, () => {
  let database: TestDatabase;
  const children: Child[] = [];
  const start = (script: string, env: Record<string, string>) => {
    const child = spawnChild(script, { DATABASE_URL: database.url!, ...env });
    children.push(child);
    return child;
  };
  const count = async (query: ReturnType<typeof sql<{ n: number }>>) =>
    (await query.execute(database.db)).rows[0]!.n;

  beforeAll(async () => {
    database = await createTestDatabase();
    await sql`create table claims_log (row_id bigint not null, worker text not null, attempt int not null,
      claimed_at timestamptz not null)`.execute(database.db);
    await sql`create table periodic_runs (tick timestamptz not null, runner text not null)`.execute(
      database.db,
    );
  });
  afterEach(async () => {
    for (const child of children.splice(0)) child.process.kill('SIGKILL');
    await sql`truncate claims_log`.execute(database.db);
  });
  afterAll(async () => database?.dispose());

  it('two processes with 16 claim loops each claim 10,000 due rows exactly once', async () => {
    await createWorkTable(database.db, 'work_items');
    await insertDueRows(database.db, 'work_items', 10_000, new Date(Date.now() + 3_600_000));
    const env = { TABLE: 'work_items', CONCURRENCY: '16', BATCH: '20', LEASE_MS: '60000', POLL_MS: '200' };
    const replicas = [
      start('claimer.ts', { ...env, WORKER: 'p1' }),
      start('claimer.ts', { ...env, WORKER: 'p2' }),
    ];
    await Promise.all(replicas.map((child) => child.waitForLine('ready')));
    await new Promise((resolve) => setTimeout(resolve, 300)); // both are listening and asleep

    // Everything becomes due at once and both replicas are woken together.
    const startedAt = Date.now();
    await sql`update work_items set due_at = now()`.execute(database.db);
    await sql`select pg_notify('work_work_items', '')`.execute(database.db);
    await waitUntil(
      'all rows done',
      async () =>
        (await count(sql`select count(*)::int as n from work_items where state = 'done'`)) === 10_000,
      15_000,
    );
    const elapsedMs = Date.now() - startedAt;
    console.log(`claims: 10,000 rows by 2 processes x 16 loops in ${elapsedMs} ms`);
    for (const child of replicas) child.process.kill('SIGTERM');
    expect(await Promise.all(replicas.map((child) => child.exited)), replicas[0]!.output()).toEqual([0, 0]);

    const { rows } = await sql<{ claims: number; rows: number; worst: number; workers: number }>`
      select sum(claims)::int as claims, count(*)::int as rows, max(claims)::int as worst,
        (select count(distinct worker)::int from claims_log) as workers
      from (select row_id, count(*) as claims from claims_log group by row_id) per_row
    `.execute(database.db);
    expect(rows[0], `claims (in ${elapsedMs} ms)`).toEqual({
      claims: 10_000,
      rows: 10_000,
      worst: 1,
      workers: 2,
    });
    expect(await count(sql`select count(*)::int as n from work_items where attempts <> 1`)).toBe(0);
    const handled = replicas.map((child) => Number(/handled (\d+)/.exec(child.output())?.[1]));
    expect(handled[0]! + handled[1]!, `per process: ${handled}`).toBe(10_000);
  });

  it("gives a killed process's leased rows to another process only after the lease expires", async () => {
    await createWorkTable(database.db, 'lease_items');
    await insertDueRows(database.db, 'lease_items', 40, new Date(Date.now() - 1_000));
    const holder = start('claimer.ts', {
      TABLE: 'lease_items',
      WORKER: 'doomed',
      BATCH: '40',
      LEASE_MS: '3000',
      HANG: '1',
    });
    // The holder leases all 40 in one claim and then hangs in the first row's handler.
    await waitUntil(
      'the holder to lease all rows',
      async () =>
        (await count(
          sql`select count(*)::int as n from lease_items where state = 'running' and leased_by like 'doomed/%'`,
        )) === 40,
      10_000,
    );
    holder.process.kill('SIGKILL');
    expect(await holder.exited).toBe('SIGKILL');
    const leases = await sql<{ id: number; lease_expires_at: Date }>`
      select id, lease_expires_at from lease_items where leased_by like 'doomed/%'`.execute(database.db);
    expect(leases.rows).toHaveLength(40);

    const heir = start('claimer.ts', {
      TABLE: 'lease_items',
      WORKER: 'heir',
      CONCURRENCY: '2',
      POLL_MS: '100',
    });
    await heir.waitForLine('ready');
    await waitUntil(
      'the heir to finish every row',
      async () => (await count(sql`select count(*)::int as n from lease_items where state = 'done'`)) === 40,
      15_000,
    );
    heir.process.kill('SIGTERM');
    expect(await heir.exited, heir.output()).toBe(0);
    const claims = await sql<{ row_id: number; attempt: number; claimed_at: Date }>`
      select row_id, attempt, claimed_at from claims_log where worker = 'heir'`.execute(database.db);
    expect(claims.rows).toHaveLength(40);
    const expiry = new Map(leases.rows.map((row) => [row.id, new Date(row.lease_expires_at).getTime()]));
    for (const claim of claims.rows) {
      const lateByMs = new Date(claim.claimed_at).getTime() - expiry.get(claim.row_id)!;
      expect(
        lateByMs,
        `row ${claim.row_id} reclaimed ${lateByMs} ms after its lease expired`,
      ).toBeGreaterThan(0);
      expect(lateByMs).toBeLessThan(2_000);
      expect(claim.attempt).toBe(2);
    }
  });

  it('runs an every-second periodic job once per tick across two processes', async () => {
    const replicas = [start('cron-replica.ts', { RUNNER: 'r1' }), start('cron-replica.ts', { RUNNER: 'r2' })];
    await Promise.all(replicas.map((child) => child.waitForLine('ready')));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const from = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    const to = Date.now();
    for (const child of replicas) child.process.kill('SIGTERM');
    await Promise.all(replicas.map((child) => child.waitForLine('stopped')));

    const runs = await sql<{ tick: Date; runs: number; runners: string }>`
      select tick, count(*)::int as runs, string_agg(runner, ',') as runners
      from periodic_runs group by tick order by tick`.execute(database.db);
    const twice = runs.rows.filter((row) => row.runs > 1);
    expect(twice, 'ticks run more than once').toEqual([]);
    const window = runs.rows.filter((row) => {
      const at = new Date(row.tick).getTime();
      return at >= Math.ceil(from / 1_000) * 1_000 && at <= Math.floor(to / 1_000) * 1_000;
    });
    const expected = Math.floor(to / 1_000) - Math.ceil(from / 1_000) + 1;
    expect(window.length, `ticks run in a ${expected}-tick window`).toBeGreaterThanOrEqual(expected - 1);
    const runners = new Set(runs.rows.map((row) => row.runners));
    console.log(`periodic: ${window.length}/${expected} ticks run; runners seen: ${[...runners].join(' ')}`);
  });
});

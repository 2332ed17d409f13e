import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from '@aftercare/db/testing';
import { systemClock } from '@aftercare/runtime';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { seedShopWithVipAndRegularBuyers } from '../seed/shop-with-vip-and-regular-buyers.js';
import { insertRunningClocks } from './fixtures/running-clocks.js';

const serviceDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

interface Replica {
  process: ChildProcess;
  output(): string;
  /** Resolves when the replica has printed a line matching `line`. */
  printed(line: RegExp, timeoutMs?: number): Promise<void>;
  exited: Promise<number | string>;
}

// Scheduler replicas as separate Node processes on one real server: whatever they share is decided
// by the database (SKIP LOCKED claims, leases, the clock row lock), so each breach is recorded once.
describe('clock deadline workers in separate processes', { timeout: 60_000 }, () => {
  let database: TestDatabase;
  const replicas: Replica[] = [];
  const start = (env: Record<string, string>): Replica => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join('test', 'clocks', 'fixtures', 'deadline-replica.ts')],
      {
        cwd: serviceDir,
        env: { ...process.env, DATABASE_URL: database.url!, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const replica: Replica = {
      process: child,
      output: () => output,
      printed: (line, timeoutMs = 20_000) =>
        vi.waitFor(
          () => {
            if (!line.test(output)) throw new Error(`no ${line} from the replica yet; output:\n${output}`);
          },
          { timeout: timeoutMs, interval: 50 },
        ),
      exited: new Promise((resolve) =>
        child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
      ),
    };
    replicas.push(replica);
    return replica;
  };
  const one = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(database.db)).rows[0]!;
  /** Breaches recorded per complaint: history entries, events and clocks, with the worst repeat. */
  const tally = () =>
    one(sql<{ history: number; historyWorst: number; events: number; eventsWorst: number; breached: number }>`
      select
        (select count(distinct complaint_id)::int from complaint_history where type = 'breached') as history,
        (select coalesce(max(n), 0)::int from (select count(*) as n from complaint_history
          where type = 'breached' group by complaint_id) h) as "historyWorst",
        (select count(distinct aggregate_id)::int from domain_events where type = 'complaint.breached@1') as events,
        (select coalesce(max(n), 0)::int from (select count(*) as n from domain_events
          where type = 'complaint.breached@1' group by aggregate_id) e) as "eventsWorst",
        (select count(*)::int from complaint_clocks where state = 'breached') as breached`);
  /** Escalations recorded (rows and events), with the worst repeat of one clock's rung. */
  const escalationTally = () =>
    one(sql<{ escalations: number; perRungWorst: number; events: number; eventsPerRungWorst: number }>`
      select
        (select count(*)::int from escalations) as escalations,
        (select coalesce(max(n), 0)::int from (select count(*) as n from complaint_history
          where type = 'escalated' group by complaint_id, details->>'step') h) as "perRungWorst",
        (select count(*)::int from domain_events where type = 'complaint.escalated@1') as events,
        (select coalesce(max(n), 0)::int from (select count(*) as n from domain_events
          where type = 'complaint.escalated@1' group by aggregate_id, payload->>'step') e) as "eventsPerRungWorst"`);
  const waitForBreaches = (n: number, timeoutMs: number) =>
    vi.waitFor(
      async () => {
        const { breached } = await tally();
        if (breached < n) throw new Error(`${breached} of ${n} clocks breached`);
      },
      { timeout: timeoutMs, interval: 100 },
    );

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedShopWithVipAndRegularBuyers({ db: database.db, clock: systemClock });
  });
  beforeEach(async () => {
    await sql`truncate complaints, domain_events cascade`.execute(database.db);
  });
  afterEach(async () => {
    for (const replica of replicas.splice(0)) replica.process.kill('SIGKILL');
  });
  afterAll(async () => database?.dispose());

  it('two processes record each of 2,000 due breaches, and each rung of their escalation, exactly once', async () => {
    await insertRunningClocks(database.db, {
      count: 2_000,
      dueCount: 2_000,
      dueFrom: new Date(Date.now() + 2_000),
    });
    const pair = [start({ WORKER: 'p1' }), start({ WORKER: 'p2' })];
    await Promise.all(pair.map((replica) => replica.printed(/^ready$/m)));

    await waitForBreaches(2_000, 30_000);
    // Half an hour on: every clock is still breached, so each climbs to its second rung. The rows
    // are already scheduled (at breach + 30 min); moving them to now stands in for the wait.
    await sql`update clock_deadlines set due_at = now() where step = 'escalate:2' and state = 'pending'`.execute(
      database.db,
    );
    await vi.waitFor(
      async () => {
        const { escalations } = await escalationTally();
        if (escalations < 4_000) throw new Error(`${escalations} of 4,000 escalations`);
      },
      { timeout: 30_000, interval: 100 },
    );
    for (const replica of pair) replica.process.kill('SIGTERM');
    expect(await Promise.all(pair.map((replica) => replica.exited)), pair[0]!.output()).toEqual([0, 0]);

    expect(await tally()).toEqual({
      history: 2_000,
      historyWorst: 1,
      events: 2_000,
      eventsWorst: 1,
      breached: 2_000,
    });
    expect(await escalationTally(), 'each rung of each clock escalated once, with one event').toEqual({
      escalations: 4_000,
      perRungWorst: 1,
      events: 4_000,
      eventsPerRungWorst: 1,
    });
    const split = await sql<{ replica: string; n: number }>`
      select split_part(leased_by, '/', 1) as replica, count(*)::int as n from clock_deadlines
      where state = 'done' group by 1 order by 1`.execute(database.db);
    expect(
      split.rows.map((row) => row.replica),
      'both replicas worked',
    ).toEqual(['p1', 'p2']);
    const late = await one(sql<{ worst: number }>`
      select extract(epoch from max(ended_at - due_at))::float8 as worst from complaint_clocks`);
    console.log(
      `2,000 breaches by 2 processes: ${JSON.stringify(split.rows)}, worst lateness ${late.worst} s`,
    );
  });

  it("takes over a SIGKILLed process's leased deadlines after the lease, missing none", async () => {
    await insertRunningClocks(database.db, {
      count: 200,
      dueCount: 200,
      dueFrom: new Date(Date.now() - 1_000),
    });
    const doomed = start({ WORKER: 'doomed', HOLD: '200', LEASE_MS: '3000' });
    await doomed.printed(/^holding 200$/m);
    doomed.process.kill('SIGKILL');
    expect(await doomed.exited).toBe('SIGKILL');
    const leases = await sql<{ id: number; lease_expires_at: Date }>`
      select id, lease_expires_at from clock_deadlines where leased_by = 'doomed/0' and state = 'running'`.execute(
      database.db,
    );
    expect(leases.rows).toHaveLength(200);

    const heir = start({ WORKER: 'heir' });
    await heir.printed(/^ready$/m);
    await waitForBreaches(200, 15_000);
    expect(await tally()).toEqual({
      history: 200,
      historyWorst: 1,
      events: 200,
      eventsWorst: 1,
      breached: 200,
    });

    const taken = await sql<{ id: number; attempts: number; leased_by: string; ended_at: Date }>`
      select d.id, d.attempts, d.leased_by, k.ended_at from clock_deadlines d
      join complaint_clocks k on k.id = d.clock_id where d.step = 'breach'`.execute(database.db);
    const expiry = new Map(leases.rows.map((row) => [row.id, row.lease_expires_at.getTime()]));
    for (const row of taken.rows) {
      expect(row, `deadline ${row.id}`).toMatchObject({
        attempts: 2,
        leased_by: expect.stringMatching(/^heir\//),
      });
      const afterLeaseMs = row.ended_at.getTime() - expiry.get(row.id)!;
      expect(
        afterLeaseMs,
        `deadline ${row.id} breached ${afterLeaseMs} ms after the lease expired`,
      ).toBeGreaterThan(0);
    }
  });
});

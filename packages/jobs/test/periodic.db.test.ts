import { createTestDatabase, type TestDatabase, testDatabaseKind } from '@aftercare/db/testing';
import { ManualClock, systemClock } from '@aftercare/runtime';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type PeriodicJob, runPeriodicTickOnce, startScheduler, tickOf } from '../src/index.js';
import { testJobsContext } from './fixtures/context.js';
import { waitUntil } from './fixtures/wait.js';

describe(`periodic jobs on ${testDatabaseKind()}`, () => {
  let database: TestDatabase;
  let clock: ManualClock;
  const signal = new AbortController().signal;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database?.dispose());
  beforeEach(async () => {
    await sql`truncate periodic_jobs`.execute(database.db);
    clock = new ManualClock('2026-03-01T09:00:00.250Z');
  });

  const countingJob = (name = 'plan-callbacks') => {
    const runs: number[] = [];
    const job: PeriodicJob = {
      name,
      cron: '* * * * *',
      run: async () => {
        runs.push(clock.now().getTime());
      },
    };
    return { job, runs };
  };
  const ctx = () => ({ db: database.db, clock });
  const record = (name: string) =>
    database.db.selectFrom('periodic_jobs').selectAll().where('name', '=', name).executeTakeFirstOrThrow();

  it('runs each tick once across replicas, never an older tick, and records the run', async () => {
    const { job, runs } = countingJob();
    const tick = tickOf(clock.now());
    expect(tick.toISOString()).toBe('2026-03-01T09:00:00.000Z');
    expect(await runPeriodicTickOnce(ctx(), { job, tick, runner: 'replica-a', signal })).toBe('ran');
    expect(await runPeriodicTickOnce(ctx(), { job, tick, runner: 'replica-b', signal })).toBe('skipped');
    const earlier = new Date(tick.getTime() - 60_000);
    expect(await runPeriodicTickOnce(ctx(), { job, tick: earlier, runner: 'replica-b', signal })).toBe(
      'skipped',
    );
    expect(runs).toHaveLength(1);
    expect(await record(job.name)).toMatchObject({
      last_tick_at: tick,
      last_started_at: clock.now(),
      last_finished_at: clock.now(),
      last_error: null,
      last_runner: 'replica-a',
    });

    clock.advance(60_000);
    const next = tickOf(clock.now());
    expect(await runPeriodicTickOnce(ctx(), { job, tick: next, runner: 'replica-b', signal })).toBe('ran');
    expect(runs).toHaveLength(2);
    expect(await record(job.name)).toMatchObject({ last_tick_at: next, last_runner: 'replica-b' });
  });

  it('lets exactly one of many concurrent replicas have a tick', async () => {
    const { job, runs } = countingJob('concurrent');
    const tick = tickOf(clock.now());
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        runPeriodicTickOnce(ctx(), { job, tick, runner: `replica-${i}`, signal }),
      ),
    );
    expect(outcomes.filter((o) => o === 'ran')).toHaveLength(1);
    expect(runs).toHaveLength(1);
  });

  it('records a failure and still lets the next tick run', async () => {
    const job: PeriodicJob = {
      name: 'failing',
      cron: '* * * * *',
      run: async () => {
        clock.advance(1_500);
        throw new Error('helpdesk unreachable');
      },
    };
    const tick = tickOf(clock.now());
    expect(await runPeriodicTickOnce(ctx(), { job, tick, runner: 'replica-a', signal })).toBe('failed');
    const row = await record('failing');
    expect(row.last_error).toBe('Error: helpdesk unreachable');
    expect(row.last_finished_at!.getTime() - row.last_started_at!.getTime()).toBe(1_500);
    const next = new Date(tick.getTime() + 60_000);
    expect(await runPeriodicTickOnce(ctx(), { job, tick: next, runner: 'replica-a', signal })).toBe('failed');
  });

  it('does not start a tick once stopping', async () => {
    const { job, runs } = countingJob('stopping');
    const stopped = AbortSignal.abort();
    expect(
      await runPeriodicTickOnce(ctx(), { job, tick: tickOf(clock.now()), runner: 'a', signal: stopped }),
    ).toBe('skipped');
    expect(runs).toHaveLength(0);
  });

  it('wires cron firings to the tick guard and stops by aborting and awaiting running jobs', async () => {
    let started = 0;
    let finished = 0;
    const scheduler = startScheduler(await testJobsContext(database, systemClock), {
      runner: 'replica-a',
      jobs: [
        {
          name: 'every-second',
          cron: '* * * * * *',
          run: (jobSignal) =>
            new Promise<void>((resolve) => {
              started += 1;
              jobSignal.addEventListener('abort', () => {
                finished += 1;
                resolve();
              });
            }),
        },
      ],
    });
    await waitUntil('a cron firing', async () => started === 1, 3_000);
    await scheduler.stop();
    expect(finished, 'stop waited for the running job').toBe(1);
    const row = await record('every-second');
    expect(row.last_tick_at!.getMilliseconds()).toBe(0);
    expect(row.last_finished_at).not.toBeNull();
  });

  it('refuses an invalid cron expression', async () => {
    const ctx = await testJobsContext(database, systemClock);
    expect(() =>
      startScheduler(ctx, {
        runner: 'a',
        jobs: [{ name: 'bad', cron: 'every tuesday', run: async () => {} }],
      }),
    ).toThrow(/invalid cron/);
  });
});

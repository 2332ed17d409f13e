import { createTestDatabase, type TestDatabase, testDatabaseKind } from '@aftercare/db/testing';
import { ManualClock } from '@aftercare/runtime';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createWorkQueue, type WorkQueueOptions } from '../src/index.js';
import { createWorkTable, insertDueRows, type TaskRow } from './fixtures/work-table.js';

const start = new Date('2026-03-01T09:00:00Z');

describe(`work queue on ${testDatabaseKind()}`, () => {
  let database: TestDatabase;
  let clock: ManualClock;
  beforeAll(async () => {
    database = await createTestDatabase();
    await createWorkTable(database.db, 'test_tasks');
  });
  afterAll(async () => database?.dispose());
  beforeEach(async () => {
    await sql`truncate test_tasks restart identity`.execute(database.db);
    clock = new ManualClock(start);
  });

  const queueWith = (overrides: Partial<WorkQueueOptions> = {}) =>
    createWorkQueue<TaskRow>(
      { db: database.db, clock },
      {
        table: 'test_tasks',
        leaseMs: 30_000,
        maxAttempts: 3,
        backoff: { baseMs: 1_000, maxMs: 10_000 },
        random: () => 0.5,
        ...overrides,
      },
    );
  const row = async (id: number) =>
    (await sql<TaskRow>`select * from test_tasks where id = ${id}`.execute(database.db)).rows[0]!;

  it('claims only due rows, oldest due first, and leases them', async () => {
    await insertDueRows(database.db, 'test_tasks', 2, new Date(start.getTime() - 60_000));
    await insertDueRows(database.db, 'test_tasks', 1, new Date(start.getTime() - 120_000));
    await insertDueRows(database.db, 'test_tasks', 1, new Date(start.getTime() + 1));
    const claimed = await queueWith().claim('w1', 10);
    expect(claimed.map((r) => r.id)).toEqual([3, 1, 2]);
    for (const r of claimed) {
      expect(r).toMatchObject({ state: 'running', attempts: 1, leased_by: 'w1' });
      expect(new Date(r.lease_expires_at!).getTime()).toBe(start.getTime() + 30_000);
    }
    expect(await queueWith().claim('w2', 10), 'nothing else is due').toEqual([]);
  });

  it('never hands one row to two claims', async () => {
    await insertDueRows(database.db, 'test_tasks', 25, start);
    const queue = queueWith();
    const batches = await Promise.all(Array.from({ length: 8 }, (_, i) => queue.claim(`w${i}`, 4)));
    const ids = batches.flat().map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(25);
  });

  it('completes only for the worker that holds the lease', async () => {
    await insertDueRows(database.db, 'test_tasks', 1, start);
    const queue = queueWith();
    const [claimed] = await queue.claim('w1', 1);
    expect(await queue.complete(claimed!.id, 'w2')).toBe(false);
    expect(await queue.complete(claimed!.id, 'w1')).toBe(true);
    expect(await row(claimed!.id)).toMatchObject({ state: 'done', lease_expires_at: null });
    expect(await queue.complete(claimed!.id, 'w1'), 'a done row cannot be completed twice').toBe(false);
  });

  it('completes a batch in one statement, skipping rows it no longer holds', async () => {
    await insertDueRows(database.db, 'test_tasks', 3, start);
    const queue = queueWith();
    const mine = await queue.claim('w1', 2);
    const theirs = await queue.claim('w2', 1);
    const ids = [...mine, ...theirs].map((r) => r.id);
    expect((await queue.completeMany(ids, 'w1')).sort()).toEqual(mine.map((r) => r.id).sort());
    expect(await queue.completeMany([], 'w1')).toEqual([]);
    expect((await row(theirs[0]!.id)).state).toBe('running');
  });

  it('retries with exponential, jittered backoff and goes dead after maxAttempts', async () => {
    await insertDueRows(database.db, 'test_tasks', 1, start);
    const queue = queueWith();
    // equal jitter with random 0.5: delay = cap * 0.75, cap = min(10 s, 1 s * 2^(attempts-1)).
    const expectedDelays = [750, 1_500];
    for (const delay of expectedDelays) {
      const [claimed] = await queue.claim('w1', 1);
      const outcome = await queue.fail(claimed!.id, 'w1', new Error('smtp down'));
      expect(outcome?.state).toBe('pending');
      expect(outcome!.dueAt.getTime() - clock.now().getTime()).toBe(delay);
      expect(await queue.claim('w1', 1), 'not due before the backoff passes').toEqual([]);
      clock.advance(delay);
    }
    const [last] = await queue.claim('w1', 1);
    expect(last!.attempts).toBe(3);
    const outcome = await queue.fail(last!.id, 'w1', new Error('smtp down'));
    expect(outcome?.state).toBe('dead');
    expect(await row(last!.id)).toMatchObject({ state: 'dead', attempts: 3, last_error: 'Error: smtp down' });
    clock.advance(86_400_000);
    expect(await queue.claim('w1', 1), 'dead rows stay dead').toEqual([]);
  });

  it('caps the delay at maxMs and supports full jitter', async () => {
    await insertDueRows(database.db, 'test_tasks', 1, start);
    const queue = queueWith({ maxAttempts: 20, backoff: { baseMs: 1_000, maxMs: 5_000, jitter: 'full' } });
    await sql`update test_tasks set attempts = 9`.execute(database.db);
    const [claimed] = await queue.claim('w1', 1);
    const outcome = await queue.fail(claimed!.id, 'w1', 'boom');
    expect(outcome!.dueAt.getTime() - clock.now().getTime()).toBe(2_500);
  });

  it('does not let a worker that lost its lease fail the row', async () => {
    await insertDueRows(database.db, 'test_tasks', 1, start);
    const queue = queueWith();
    const [claimed] = await queue.claim('w1', 1);
    expect(await queue.fail(claimed!.id, 'w2', 'not mine')).toBeNull();
  });

  it('gives a row to another worker only after its lease expires', async () => {
    await insertDueRows(database.db, 'test_tasks', 1, start);
    const queue = queueWith();
    const [first] = await queue.claim('crashed', 1);
    clock.advance(29_999);
    expect(await queue.claim('w2', 1), 'lease still held').toEqual([]);
    clock.advance(2);
    const [again] = await queue.claim('w2', 1);
    expect(again).toMatchObject({ id: first!.id, attempts: 2, leased_by: 'w2' });
    expect(await queue.complete(first!.id, 'crashed'), 'the old holder lost it').toBe(false);
    expect(await queue.complete(first!.id, 'w2')).toBe(true);
  });

  it('marks a row dead when its lease expires after the last attempt', async () => {
    await insertDueRows(database.db, 'test_tasks', 1, start);
    const queue = queueWith({ maxAttempts: 1 });
    const [claimed] = await queue.claim('crashed', 1);
    clock.advance(30_001);
    expect(await queue.claim('w2', 1)).toEqual([]);
    expect(await row(claimed!.id)).toMatchObject({
      state: 'dead',
      attempts: 1,
      last_error: 'lease expired after 1 attempts',
    });
  });

  it('releases a row without spending an attempt', async () => {
    await insertDueRows(database.db, 'test_tasks', 1, start);
    const queue = queueWith();
    const [claimed] = await queue.claim('w1', 1);
    expect(await queue.release(claimed!.id, 'w1')).toBe(true);
    expect(await row(claimed!.id)).toMatchObject({ state: 'pending', attempts: 0, lease_expires_at: null });
    expect((await queue.claim('w2', 1))[0]?.id).toBe(claimed!.id);
  });
});

import type { DomainEvent } from '@aftercare/db';
import { createTestDatabase, type TestDatabase, testDatabaseKind } from '@aftercare/db/testing';
import { ManualClock } from '@aftercare/runtime';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { appendEvent, type ConsumeOptions, consumeEvents, runEventConsumer } from '../src/index.js';
import { waitUntil } from './fixtures/wait.js';

const clock = new ManualClock('2026-03-01T09:00:00Z');

describe(`domain events on ${testDatabaseKind()}`, () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
    await sql`create table handled (event_id bigint primary key, consumer text not null)`.execute(
      database.db,
    );
  });
  afterAll(async () => database?.dispose());
  beforeEach(async () => {
    await sql`truncate domain_events, event_cursors, handled`.execute(database.db);
  });

  const append = async (type: string, aggregateId: string) => {
    const event = await database.db
      .transaction()
      .execute((trx) =>
        appendEvent(trx, { type, aggregateType: 'complaint', aggregateId, payload: { aggregateId } }, clock),
      );
    await readable();
    return event;
  };
  // On a shared server a transaction of another suite can hold the snapshot xmin back for a moment;
  // wait until our events are readable so the assertions below are about our logic, not that.
  const readable = () =>
    waitUntil('events below the snapshot xmin', async () => {
      const { rows } = await sql<{ waiting: number }>`
        select count(*)::int as waiting from domain_events
        where txid >= pg_snapshot_xmin(pg_current_snapshot())`.execute(database.db);
      return rows[0]!.waiting === 0;
    });
  const consume = (consumer: string, extra: Partial<ConsumeOptions> = {}) => {
    const batches: DomainEvent[][] = [];
    const run = consumeEvents({
      db: database.db,
      consumer,
      clock,
      batchSize: 2,
      handler: async (events) => {
        batches.push(events);
      },
      ...extra,
    });
    return run.then((result) => ({ ...result, batches }));
  };

  it('writes the event with its transaction id and the clock time', async () => {
    const { id, txid } = await append('complaint.opened', 'c1');
    const row = await database.db
      .selectFrom('domain_events')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ type: 'complaint.opened', txid, payload: { aggregateId: 'c1' } });
    expect(row.occurred_at.toISOString()).toBe('2026-03-01T09:00:00.000Z');
  });

  it('delivers in order from a durable cursor that each new consumer instance continues', async () => {
    for (const n of [1, 2, 3, 4, 5]) await append('complaint.opened', `c${n}`);
    const first = await consume('planner');
    expect(first.batches.flat().map((e) => e.aggregate_id)).toEqual(['c1', 'c2']);
    const second = await consume('planner');
    expect(second.batches.flat().map((e) => e.aggregate_id)).toEqual(['c3', 'c4']);
    const third = await consume('planner');
    expect(third.batches.flat().map((e) => e.aggregate_id)).toEqual(['c5']);
    expect((await consume('planner')).read, 'caught up').toBe(0);
    const cursor = await database.db.selectFrom('event_cursors').selectAll().executeTakeFirstOrThrow();
    expect(cursor).toMatchObject({ consumer: 'planner', updated_at: clock.now() });
    const other = await consume('reports', { batchSize: 10 });
    expect(other.read, 'each consumer has its own cursor').toBe(5);
  });

  it('keeps the cursor and rolls back the handler writes when the handler fails', async () => {
    await append('complaint.opened', 'c1');
    await append('complaint.opened', 'c2');
    const failing = consumeEvents({
      db: database.db,
      consumer: 'planner',
      clock,
      handler: async (events, trx) => {
        await trx
          .insertInto('handled' as never)
          .values({ event_id: events[0]!.id, consumer: 'planner' } as never)
          .execute();
        throw new Error('handler crashed');
      },
    });
    await expect(failing).rejects.toThrow('handler crashed');
    const handled = await sql<{ n: number }>`select count(*)::int as n from handled`.execute(database.db);
    expect(handled.rows[0]!.n, 'handler writes rolled back').toBe(0);
    const retry = await consume('planner', { batchSize: 10 });
    expect(
      retry.batches.flat().map((e) => e.aggregate_id),
      'redelivered',
    ).toEqual(['c1', 'c2']);
  });

  it('passes only the wanted types and moves the cursor past the rest', async () => {
    await append('complaint.opened', 'c1');
    await append('complaint.resolved', 'c1');
    await append('complaint.opened', 'c2');
    await append('complaint.resolved', 'c2');
    const first = await consume('callbacks', { types: ['complaint.resolved'], batchSize: 3 });
    expect(first).toMatchObject({ read: 3, handled: 1 });
    expect(first.batches.flat().map((e) => [e.type, e.aggregate_id])).toEqual([['complaint.resolved', 'c1']]);
    const second = await consume('callbacks', { types: ['complaint.resolved'], batchSize: 3 });
    expect(second.batches.flat().map((e) => e.aggregate_id)).toEqual(['c2']);
    const none = await consume('nobody', { types: ['complaint.escalated'], batchSize: 10 });
    expect(none).toMatchObject({ read: 4, handled: 0, batches: [] });
  });

  it('never delivers events of a rolled-back transaction', async () => {
    await expect(
      database.db.transaction().execute(async (trx) => {
        await appendEvent(trx, { type: 'x', aggregateType: 'a', aggregateId: '1', payload: {} }, clock);
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    await append('y', '2');
    const result = await consume('planner', { batchSize: 10 });
    expect(result.batches.flat().map((e) => e.type)).toEqual(['y']);
  });

  it('runs as a loop that commits handler writes with the cursor', async () => {
    for (const n of [1, 2, 3]) await append('complaint.opened', `c${n}`);
    const stop = new AbortController();
    const loop = runEventConsumer({
      db: database.db,
      consumer: 'loop',
      clock,
      batchSize: 2,
      pollMs: 20,
      signal: stop.signal,
      handler: async (events, trx) => {
        await trx
          .insertInto('handled' as never)
          .values(events.map((e) => ({ event_id: e.id, consumer: 'loop' })) as never)
          .execute();
      },
    });
    await append('complaint.opened', 'c4');
    const count = async () =>
      (await sql<{ n: number }>`select count(*)::int as n from handled`.execute(database.db)).rows[0]!.n;
    await waitUntil('four handled events', async () => (await count()) === 4);
    stop.abort();
    await loop;
  });
});

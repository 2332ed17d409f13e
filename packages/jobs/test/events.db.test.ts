import { createTestDatabase, type TestDatabase, testDatabaseKind } from '@aftercare/db/testing';
import { createEventWriter, type NewEvent, type StoredEvent } from '@aftercare/events';
import { ManualClock } from '@aftercare/runtime';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ConsumeOptions, consumeEvents, runEventConsumer } from '../src/index.js';
import { captureLogger, testJobsContext } from './fixtures/context.js';
import { waitUntil } from './fixtures/wait.js';

const clock = new ManualClock('2026-03-01T09:00:00Z');
const events = createEventWriter(clock);

/** Customer `n` erased (a named scenario used by most tests below). */
const erased = (n: number): NewEvent<'customer.erased@1'> => ({
  type: 'customer.erased@1',
  aggregateType: 'customer',
  aggregateId: `cus_${n}`,
  payload: {
    customerId: `cus_${n}`,
    externalRef: `shop-${n}`,
    erasedAt: clock.now().toISOString(),
    erasedBy: 'usr_1',
  },
});
/** Customer `n` withdrew SMS consent. */
const smsWithdrawn = (n: number): NewEvent<'customer.consent-changed@1'> => ({
  type: 'customer.consent-changed@1',
  aggregateType: 'customer',
  aggregateId: `cus_${n}`,
  payload: {
    customerId: `cus_${n}`,
    channel: 'sms',
    granted: false,
    source: 'unsubscribe-link',
    changedAt: clock.now().toISOString(),
  },
});

describe(`domain events on ${testDatabaseKind()}`, () => {
  let database: TestDatabase;
  const ctx = () => ({ db: database.db, clock });
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

  const append = async (event: NewEvent<'customer.erased@1'> | NewEvent<'customer.consent-changed@1'>) => {
    const appended = await database.db.transaction().execute((trx) => events.append(trx, event));
    await readable();
    return appended;
  };
  /** A row the writer would refuse: how an event from a newer (or broken) deploy looks to this one. */
  const appendRaw = async (type: string, payload: object) => {
    await sql`insert into domain_events (type, aggregate_type, aggregate_id, payload, occurred_at)
      values (${type}, 'customer', 'cus_0', ${JSON.stringify(payload)}::jsonb, now())`.execute(database.db);
    await readable();
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
  const recordHandled = (consumer: string, ids: number[]) =>
    sql`insert into handled (event_id, consumer) select id, ${consumer} from unnest(${ids}::bigint[]) as id`;
  const handledCount = async () =>
    (await sql<{ n: number }>`select count(*)::int as n from handled`.execute(database.db)).rows[0]!.n;
  const consume = (consumer: string, extra: Partial<ConsumeOptions> = {}) => {
    const batches: StoredEvent[][] = [];
    const run = consumeEvents(ctx(), {
      consumer,
      batchSize: 2,
      handler: async (batch) => {
        batches.push(batch);
      },
      ...extra,
    });
    return run.then((result) => ({ ...result, batches }));
  };

  it('hands the handler parsed, typed events', async () => {
    const { id, txid } = await append(erased(1));
    const seen: string[] = [];
    const result = await consumeEvents(ctx(), {
      consumer: 'privacy',
      types: ['customer.erased@1'],
      handler: async (batch) => {
        // `types` narrows the payload: no cast, no parsing in the handler.
        for (const event of batch) seen.push(event.payload.erasedBy);
        expect(batch).toEqual([
          {
            id,
            txid,
            type: 'customer.erased@1',
            aggregateType: 'customer',
            aggregateId: 'cus_1',
            payload: erased(1).payload,
            occurredAt: clock.now(),
          },
        ]);
      },
    });
    expect(result).toEqual({ read: 1, handled: 1 });
    expect(seen).toEqual(['usr_1']);
  });

  it('delivers in order from a durable cursor that each new consumer instance continues', async () => {
    for (const n of [1, 2, 3, 4, 5]) await append(erased(n));
    const first = await consume('planner');
    expect(first.batches.flat().map((e) => e.aggregateId)).toEqual(['cus_1', 'cus_2']);
    const second = await consume('planner');
    expect(second.batches.flat().map((e) => e.aggregateId)).toEqual(['cus_3', 'cus_4']);
    const third = await consume('planner');
    expect(third.batches.flat().map((e) => e.aggregateId)).toEqual(['cus_5']);
    expect((await consume('planner')).read, 'caught up').toBe(0);
    const cursor = await database.db.selectFrom('event_cursors').selectAll().executeTakeFirstOrThrow();
    expect(cursor).toMatchObject({ consumer: 'planner', updated_at: clock.now() });
    const other = await consume('reports', { batchSize: 10 });
    expect(other.read, 'each consumer has its own cursor').toBe(5);
  });

  it('keeps the cursor and rolls back the handler writes when the handler fails', async () => {
    await append(erased(1));
    await append(erased(2));
    const failing = consumeEvents(ctx(), {
      consumer: 'planner',
      handler: async (batch, trx) => {
        await recordHandled('planner', [batch[0]!.id]).execute(trx);
        throw new Error('handler crashed');
      },
    });
    await expect(failing).rejects.toThrow('handler crashed');
    expect(await handledCount(), 'handler writes rolled back').toBe(0);
    const retry = await consume('planner', { batchSize: 10 });
    expect(
      retry.batches.flat().map((e) => e.aggregateId),
      'redelivered',
    ).toEqual(['cus_1', 'cus_2']);
  });

  it('passes only the wanted types and moves the cursor past the rest', async () => {
    await append(smsWithdrawn(1));
    await append(erased(1));
    await append(smsWithdrawn(2));
    await append(erased(2));
    const wanted = { types: ['customer.erased@1' as const], batchSize: 3 };
    const first = await consume('privacy', wanted);
    expect(first).toMatchObject({ read: 3, handled: 1 });
    expect(first.batches.flat().map((e) => [e.type, e.aggregateId])).toEqual([
      ['customer.erased@1', 'cus_1'],
    ]);
    const second = await consume('privacy', wanted);
    expect(second.batches.flat().map((e) => e.aggregateId)).toEqual(['cus_2']);
    const none = await consume('nobody', { types: [], batchSize: 10 });
    expect(none).toMatchObject({ read: 4, handled: 0, batches: [] });
  });

  it('never delivers events of a rolled-back transaction', async () => {
    await expect(
      database.db.transaction().execute(async (trx) => {
        await events.append(trx, erased(1));
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    await append(erased(2));
    const result = await consume('planner', { batchSize: 10 });
    expect(result.batches.flat().map((e) => e.aggregateId)).toEqual(['cus_2']);
  });

  it('fails the batch on a wanted event that does not parse, and passes over an unknown unwanted type', async () => {
    await appendRaw('customer.merged@1', { into: 'cus_9' });
    await append(erased(1));
    const privacy = await consume('privacy', { types: ['customer.erased@1'], batchSize: 10 });
    expect(privacy, 'a type this consumer does not want is not parsed').toMatchObject({
      read: 2,
      handled: 1,
    });

    await appendRaw('customer.erased@1', { customerId: 'cus_2' });
    await append(erased(3));
    const failing = consume('privacy', { types: ['customer.erased@1'], batchSize: 10 });
    await expect(failing).rejects.toThrow(/customer.erased@1 does not match the catalogue: externalRef/);
    const again = consume('privacy', { types: ['customer.erased@1'], batchSize: 10 });
    await expect(again, 'the cursor stayed: the event is not skipped').rejects.toThrow(/externalRef/);
    await expect(consume('everything'), 'without types every event is parsed').rejects.toThrow(
      /customer.merged@1 does not match the catalogue: unknown event type/,
    );
  });

  it('runs as a loop that commits handler writes with the cursor', async () => {
    for (const n of [1, 2, 3]) await append(erased(n));
    const stop = new AbortController();
    const loop = runEventConsumer(await testJobsContext(database, clock), {
      consumer: 'loop',
      batchSize: 2,
      signal: stop.signal,
      handler: async (batch, trx) => {
        await recordHandled(
          'loop',
          batch.map((e) => e.id),
        ).execute(trx);
      },
    });
    await append(erased(4));
    await waitUntil('four handled events', async () => (await handledCount()) === 4);
    stop.abort();
    await loop;
  });

  it('logs a failing batch as an error and retries it with growing waits until it parses', async () => {
    await appendRaw('customer.erased@1', { customerId: 'cus_1' });
    const { logger, lines } = captureLogger();
    const stop = new AbortController();
    const delivered: string[] = [];
    const loop = runEventConsumer(
      { ...(await testJobsContext(database, clock)), logger },
      {
        consumer: 'privacy',
        types: ['customer.erased@1'],
        pollMs: 10,
        maxRetryMs: 1_000,
        random: () => 0,
        signal: stop.signal,
        handler: async (batch) => {
          delivered.push(...batch.map((e) => e.payload.externalRef));
        },
      },
    );
    const failures = () => lines.filter((line) => line.msg === 'event batch failed');
    await waitUntil('three failed attempts', async () => failures().length >= 3);
    expect(failures().map((line) => [line.level, line.failures, line.waitMs])).toEqual(
      expect.arrayContaining([
        ['error', 1, 5],
        ['error', 2, 10],
        ['error', 3, 20],
      ]),
    );
    expect(delivered).toEqual([]);
    // The deploy mismatch is fixed (here: the row is repaired); the next retry delivers it.
    await sql`update domain_events set payload = ${JSON.stringify(erased(1).payload)}::jsonb`.execute(
      database.db,
    );
    await waitUntil('the repaired event delivered', async () => delivered.length === 1);
    stop.abort();
    await loop;
    expect(delivered).toEqual(['shop-1']);
  });
});

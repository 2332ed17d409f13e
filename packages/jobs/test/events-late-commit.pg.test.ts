import type { DomainEvent } from '@aftercare/db';
import { createTestDatabase, type TestDatabase } from '@aftercare/db/testing';
import { ManualClock } from '@aftercare/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendEvent, consumeEvents } from '../src/index.js';
import { waitUntil } from './fixtures/wait.js';

const clock = new ManualClock('2026-03-01T09:00:00Z');

// Needs two connections with one transaction held open: a real server only.
describe('domain events with a late-committing transaction', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database?.dispose());

  it('waits for the older open transaction instead of skipping its event', async () => {
    const delivered: DomainEvent[] = [];
    const consume = () =>
      consumeEvents({
        db: database.db,
        consumer: 'planner',
        clock,
        handler: async (events) => {
          delivered.push(...events);
        },
      });

    let commitA!: () => void;
    const gateA = new Promise<void>((resolve) => {
      commitA = resolve;
    });
    let appendedA!: () => void;
    const aAppended = new Promise<void>((resolve) => {
      appendedA = resolve;
    });
    // Transaction A writes first (smaller id and txid) but commits last.
    const txA = database.db.transaction().execute(async (trx) => {
      const event = await appendEvent(
        trx,
        { type: 'a', aggregateType: 't', aggregateId: 'A', payload: {} },
        clock,
      );
      appendedA();
      await gateA;
      return event;
    });
    await aAppended;
    const eventB = await database.db
      .transaction()
      .execute((trx) =>
        appendEvent(trx, { type: 'b', aggregateType: 't', aggregateId: 'B', payload: {} }, clock),
      );

    // B is committed and visible, yet it lies above A's still-open txid: a reader by id would take
    // B now and later skip A. Ours delivers nothing until A has finished.
    const early = await consume();
    expect(early.read, `delivered early: ${JSON.stringify(delivered)}`).toBe(0);

    commitA();
    const eventA = await txA;
    expect(BigInt(eventA.txid) < BigInt(eventB.txid)).toBe(true);
    await waitUntil('both events delivered', async () => {
      await consume();
      return delivered.length >= 2;
    });
    expect(delivered.map((e) => e.aggregate_id)).toEqual(['A', 'B']);
    expect((await consume()).read, 'nothing delivered twice').toBe(0);
  });
});

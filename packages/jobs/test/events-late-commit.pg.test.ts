import { createTestDatabase, type TestDatabase } from '@aftercare/db/testing';
import { createEventWriter, type NewEvent, type StoredEvent } from '@aftercare/events';
import { ManualClock } from '@aftercare/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumeEvents } from '../src/index.js';
import { waitUntil } from './fixtures/wait.js';

const clock = new ManualClock('2026-03-01T09:00:00Z');
const events = createEventWriter(clock);
const smsWithdrawn = (customerId: string): NewEvent<'customer.consent-changed@1'> => ({
  type: 'customer.consent-changed@1',
  aggregateType: 'customer',
  aggregateId: customerId,
  payload: {
    customerId,
    channel: 'sms',
    granted: false,
    source: 'care-call',
    changedAt: '2026-03-01T09:00:00Z',
  },
});

// Needs two connections with one transaction held open: a real server only.
describe('domain events with a late-committing transaction', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database?.dispose());

  it('waits for the older open transaction instead of skipping its event', async () => {
    const delivered: StoredEvent[] = [];
    const consume = () =>
      consumeEvents(
        { db: database.db, clock },
        {
          consumer: 'planner',
          handler: async (batch) => {
            delivered.push(...batch);
          },
        },
      );

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
      const event = await events.append(trx, smsWithdrawn('cus_1'));
      appendedA();
      await gateA;
      return event;
    });
    await aAppended;
    const eventB = await database.db
      .transaction()
      .execute((trx) => events.append(trx, smsWithdrawn('cus_2')));

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
    expect(delivered.map((e) => e.aggregateId)).toEqual(['cus_1', 'cus_2']);
    expect((await consume()).read, 'nothing delivered twice').toBe(0);
  });
});

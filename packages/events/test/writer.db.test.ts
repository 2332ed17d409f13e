import { createTestDatabase, type TestDatabase, testDatabaseKind } from '@aftercare/db/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEventWriter, EventSchemaError, parseEvent } from '../src/index.js';
import { erasedCustomer42 } from './fixtures.js';

const clock = { now: () => new Date('2026-03-01T09:00:05Z') };

describe(`event writer on ${testDatabaseKind()}`, () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database?.dispose());
  beforeEach(async () => {
    await sql`truncate domain_events`.execute(database.db);
  });
  const rows = () => database.db.selectFrom('domain_events').selectAll().orderBy('id').execute();

  it('writes the versioned type, the payload and the clock time in the caller transaction', async () => {
    const events = createEventWriter(clock);
    const appended = await database.db.transaction().execute((trx) =>
      events.append(trx, {
        type: 'customer.erased@1',
        aggregateType: 'customer',
        aggregateId: 'cus_42',
        payload: erasedCustomer42,
      }),
    );
    const [row] = await rows();
    expect(row).toMatchObject({
      id: appended.id,
      txid: appended.txid,
      type: 'customer.erased@1',
      aggregate_type: 'customer',
      aggregate_id: 'cus_42',
      payload: erasedCustomer42,
      occurred_at: clock.now(),
    });
    const event = parseEvent(row!);
    expect(event).toEqual({
      id: appended.id,
      txid: appended.txid,
      type: 'customer.erased@1',
      aggregateType: 'customer',
      aggregateId: 'cus_42',
      payload: erasedCustomer42,
      occurredAt: clock.now(),
    });
  });

  it('throws on a payload that does not match, and writes nothing', async () => {
    const events = createEventWriter(clock);
    const write = database.db.transaction().execute((trx) =>
      events.append(trx, {
        type: 'customer.erased@1',
        aggregateType: 'customer',
        aggregateId: 'cus_42',
        // @ts-expect-error: erasedBy is missing; the schema refuses it at run time too
        payload: { customerId: 'cus_42', externalRef: 'shop-42', erasedAt: '2026-03-01T09:00:00Z' },
      }),
    );
    await expect(write).rejects.toThrow(EventSchemaError);
    await expect(write).rejects.toThrow(/erasedBy/);
    expect(await rows(), 'nothing written').toEqual([]);
  });

  it('refuses to parse a row of an unknown type or with a payload its schema rejects', async () => {
    await sql`insert into domain_events (type, aggregate_type, aggregate_id, payload, occurred_at) values
      ('customer.merged@1', 'customer', 'cus_1', '{}', now()),
      ('customer.erased@1', 'customer', 'cus_2', '{"customerId": "cus_2"}', now())`.execute(database.db);
    const [unknown, bad] = await rows();
    expect(() => parseEvent(unknown!)).toThrow(/customer.merged@1 does not match the catalogue: unknown/);
    expect(() => parseEvent(bad!)).toThrow(EventSchemaError);
    expect(() => parseEvent(bad!)).toThrow(/externalRef/);
  });
});

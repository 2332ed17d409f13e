import { countRows, createTestDatabase, type TestDatabase, testDatabaseKind } from '@aftercare/db/testing';
import { createMemoryEventWriter } from '@aftercare/events';
import { referencePersonalData } from '@aftercare/reference';
import { seedVipWithThreeOrders, VIP_REF } from '@aftercare/reference/testing';
import { ManualClock } from '@aftercare/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eraseCustomerData, exportCustomerData, type PersonalDataOwner } from '../src/index.js';

/** A service that keeps a copy of each customer's phone number and fails while erasing it. */
const failingCallbacks: PersonalDataOwner = {
  owner: 'callbacks',
  tables: [{ table: 'callbacks', personalColumns: ['phone'] }],
  exportCustomer: async (_ctx, customer) => ({ callbacks: [{ customerRef: customer.externalRef }] }),
  eraseCustomer: async () => {
    throw new Error('callbacks store unavailable');
  },
};

describe(`erasure across owners on ${testDatabaseKind()}`, () => {
  let database: TestDatabase;
  const clock = new ManualClock('2026-03-01T09:00:00Z');
  const events = createMemoryEventWriter();
  const ctx = () => ({ db: database.db, clock, events });

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedVipWithThreeOrders(ctx());
  });
  afterAll(async () => database?.dispose());

  it('exports one section per owner, in registration order', async () => {
    const document = await exportCustomerData(ctx(), {
      owners: [referencePersonalData, failingCallbacks],
      externalRef: VIP_REF,
    });
    expect(Object.keys(document.sections)).toEqual(['reference', 'callbacks']);
    expect(document.sections.callbacks).toEqual({ callbacks: [{ customerRef: VIP_REF }] });
  });

  it('erases in one transaction: when one owner fails, no owner’s change, audit entry or event stays', async () => {
    await expect(
      eraseCustomerData(ctx(), {
        owners: [referencePersonalData, failingCallbacks],
        externalRef: VIP_REF,
        actor: 'test',
      }),
    ).rejects.toThrow('callbacks store unavailable');
    const row = await database.db
      .selectFrom('customers')
      .select(['name', 'erased_at'])
      .where('external_ref', '=', VIP_REF)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ name: '王芳', erased_at: null });
    expect(await countRows(database.db, 'audit_log')).toBe(3); // the three seed batches
    expect(events.appended).toEqual([]);
  });

  it('refuses two owners of the same name', async () => {
    await expect(
      exportCustomerData(ctx(), {
        owners: [referencePersonalData, referencePersonalData],
        externalRef: VIP_REF,
      }),
    ).rejects.toThrow('registered twice');
  });
});

import type { Database } from '@aftercare/db';
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import type { EventPayload } from '../src/index.js';

/** A named scenario: customer 42 erased on request of user 3. */
export const erasedCustomer42: EventPayload<'customer.erased@1'> = {
  customerId: 'cus_42',
  externalRef: 'shop-42',
  erasedAt: '2026-03-01T09:00:00.000Z',
  erasedBy: 'usr_3',
};

/** A Kysely that never connects (Kysely's documented "cold" setup): for the in-memory writer. */
export const coldDatabase = new Kysely<Database>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

import { countRows, createTestDatabase, type TestDatabase, testDatabaseKind } from '@aftercare/db/testing';
import { createTestContext } from '@aftercare/http/testing';
import { upsertCustomers } from '@aftercare/reference';
import type { AppContext } from '@aftercare/runtime';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_ACTOR, seedDemoIfEmpty } from '../src/demo.js';

const SMALL = { customers: 40, products: 10, orders: 60 };

describe(`the demo seed at start on ${testDatabaseKind()}`, () => {
  let database: TestDatabase;
  let ctx: AppContext;
  beforeAll(async () => {
    database = await createTestDatabase();
    ctx = await createTestContext(database);
  });
  beforeEach(async () => {
    // Complaints and everything else that refers to the reference data go with it.
    await sql`truncate customers, products, orders, audit_log cascade`.execute(database.db);
  });
  afterAll(async () => database?.dispose());

  const oneCustomer = (actor: string) =>
    upsertCustomers(ctx, {
      actor,
      records: [
        {
          externalRef: 'C-OWN-1',
          name: 'Li Lei',
          locale: 'zh-CN',
          timeZone: 'Asia/Shanghai',
          region: 'CN-Shanghai',
          tier: 'regular',
          consents: { sms: true, email: true, call: true },
        },
      ],
    });

  it('seeds an empty database once', async () => {
    expect(await seedDemoIfEmpty(ctx, SMALL)).toMatchObject(SMALL);
    expect(await seedDemoIfEmpty(ctx, SMALL)).toBeUndefined();
    expect(await countRows(database.db, 'orders')).toBe(SMALL.orders);
  });

  it('finishes a demo seed that was stopped half-way', async () => {
    await oneCustomer(DEMO_ACTOR); // as if the first batch was written, then SIGTERM
    expect(await seedDemoIfEmpty(ctx, SMALL)).toMatchObject(SMALL);
    expect(await countRows(database.db, 'products')).toBe(SMALL.products);
    expect(await seedDemoIfEmpty(ctx, SMALL)).toBeUndefined();
  });

  it('leaves a database with data of its own alone', async () => {
    await oneCustomer('token:7');
    expect(await seedDemoIfEmpty(ctx, SMALL)).toBeUndefined();
    expect(await countRows(database.db, 'customers')).toBe(1);
  });
});

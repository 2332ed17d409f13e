import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MigrationError, migrateToLatest, pendingMigrations } from '../src/index.js';
import { migrations } from '../src/migrations/index.js';
import { createTestDatabase, type TestDatabase, testDatabaseKind } from '../src/testing.js';

describe(`database on ${testDatabaseKind()}`, () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database?.dispose());

  it('applies every migration and has none pending', async () => {
    expect(await pendingMigrations(database.db)).toEqual([]);
    const tables = await sql<{ table_name: string }>`
      select table_name from information_schema.tables where table_schema = current_schema() order by 1
    `.execute(database.db);
    expect(tables.rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining([
        'customers',
        'products',
        'orders',
        'users',
        'api_tokens',
        'audit_log',
        'domain_events',
      ]),
    );
  });

  it('returns bigint ids as numbers and money as exact strings', async () => {
    const product = await database.db
      .insertInto('products')
      .values({
        sku: 'SKU-BIGINT',
        name: 'Kettle',
        category: 'home-appliances',
        price: '19.99',
        warranty_months: 12,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    expect(typeof product.id).toBe('number');
    expect(product.price).toBe('19.99');
    expect(product.created_at).toBeInstanceOf(Date);
  });

  it('enforces the reference constraints', async () => {
    const product = { sku: 'SKU-UNIQUE', name: 'Once', category: 'x', price: '1.00', warranty_months: 0 };
    await database.db.insertInto('products').values(product).execute();
    await expect(
      database.db
        .insertInto('products')
        .values({ ...product, name: 'Again' })
        .execute(),
    ).rejects.toThrow(/duplicate key|unique/i);
    await expect(
      sql`insert into customers (external_ref, name, locale, time_zone, region, tier, consent_sms_at,
            consent_email_at, consent_call_at, consent_sms_source, consent_email_source, consent_call_source)
          values ('c1', 'A', 'en', 'UTC', 'r', 'gold', now(), now(), now(), 'test', 'test', 'test')`.execute(
        database.db,
      ),
    ).rejects.toThrow(/check constraint/i);
  });

  it('stamps each domain event with its transaction id', async () => {
    const ids = await database.db.transaction().execute(async (trx) => {
      const first = await trx
        .insertInto('domain_events')
        .values({ type: 't', aggregate_type: 'a', aggregate_id: '1', payload: '{}', occurred_at: new Date() })
        .returning(['txid'])
        .executeTakeFirstOrThrow();
      const second = await trx
        .insertInto('domain_events')
        .values({ type: 't', aggregate_type: 'a', aggregate_id: '2', payload: '{}', occurred_at: new Date() })
        .returning(['txid'])
        .executeTakeFirstOrThrow();
      return [first.txid, second.txid];
    });
    expect(ids[0]).toBe(ids[1]);
  });
});

describe(`a migration that fails on ${testDatabaseKind()}`, () => {
  it('throws naming the migration and leaves none of the run applied', async () => {
    const database = await createTestDatabase({ migrate: false });
    try {
      // A table in the way: the first migration cannot create customers.
      await sql`create table customers (id int)`.execute(database.db);
      const failed = migrateToLatest(database.db);
      await expect(failed).rejects.toThrow(MigrationError);
      await expect(failed).rejects.toThrow(/^migration 20261122T120000-reference-model failed: .*customers/);
      expect(await pendingMigrations(database.db)).toEqual(Object.keys(migrations));
    } finally {
      await database.dispose();
    }
  });
});

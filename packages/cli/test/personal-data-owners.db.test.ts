import { createTestDatabase, type TestDatabase, testDatabaseKind } from '@aftercare/db/testing';
import { type TableColumn, unclaimedContactColumns } from '@aftercare/privacy';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERSONAL_DATA } from '../src/targets.js';

/** The owners the composition root registers: export and erasure reach exactly these. */
const registeredOwners = () => PERSONAL_DATA;

/** Contact-looking columns that hold no customer's data, each with the reason. */
const NOT_CUSTOMER_DATA: readonly (TableColumn & { why: string })[] = [
  { table: 'users', column: 'email', why: 'staff sign-in addresses: our people, not customers' },
  { table: 'users', column: 'phone', why: 'staff numbers for escalations: our people, not customers' },
];

describe(`columns holding contact data on ${testDatabaseKind()}`, () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database?.dispose());

  it('are all claimed by a registered owner of personal data', async () => {
    const unclaimed = await unclaimedContactColumns(database.db, registeredOwners(), NOT_CUSTOMER_DATA);
    expect(
      unclaimed,
      'a table holds contact data that export and erasure would miss: list its columns in the ' +
        'personalColumns of its owner (a PersonalDataOwner) and register the owner in PERSONAL_DATA ' +
        '(packages/cli/src/targets.ts)',
    ).toEqual([]);
  });

  it('exist as claimed: no owner claims a table or column the schema lacks', async () => {
    const { rows } = await sql<{ table: string; column: string }>`
      select table_name as "table", column_name as "column" from information_schema.columns
      where table_schema = 'public'`.execute(database.db);
    const existing = new Set(rows.map((r) => `${r.table}.${r.column}`));
    const claimed = registeredOwners().flatMap((o) =>
      o.tables.flatMap((t) =>
        (t.personalColumns.length > 0 ? t.personalColumns : ['id']).map((c) => `${t.table}.${c}`),
      ),
    );
    expect(claimed.filter((c) => !existing.has(c))).toEqual([]);
  });

  it('names a new table with a phone number or e-mail address that no owner registers', async () => {
    // In a transaction that is rolled back, so the other tests see the schema as migrated.
    const found = await database.db
      .transaction()
      .execute(async (trx) => {
        await sql`create table callback_contacts (id int, Mobile_No text, contact_e_mail text, note text)`.execute(
          trx,
        );
        const unclaimed = await unclaimedContactColumns(trx, registeredOwners(), NOT_CUSTOMER_DATA);
        throw Object.assign(new Error('rollback'), { unclaimed });
      })
      .catch((error: { unclaimed?: unknown }) => error.unclaimed);
    expect(found).toEqual([
      { table: 'callback_contacts', column: 'mobile_no' },
      { table: 'callback_contacts', column: 'contact_e_mail' },
    ]);
  });
});

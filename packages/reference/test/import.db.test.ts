import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countRows, createTestDatabase, type TestDatabase, testDatabaseKind } from '@aftercare/db/testing';
import { ManualClock } from '@aftercare/runtime';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type ImportProgress,
  ImportSyntaxError,
  type ImportTarget,
  importFile,
} from '../src/import/index.js';

const CUSTOMER_HEADER =
  'externalRef,name,phone,email,locale,timeZone,region,tier,smsConsent,emailConsent,callConsent,consentSource';
const PRODUCT_HEADER = 'sku,name,category,price,warrantyMonths';
const ORDER_HEADER = 'externalRef,customerRef,sku,region,purchasedAt,amount,status';

// Named scenarios: each file is what a shop's export would look like in that situation.
const SHOP_CUSTOMERS_CSV = [
  CUSTOMER_HEADER,
  'C-1,"Wang, Li (王丽)",+8613812345678,Li.Wang@Example.cn,zh-cn,Asia/Shanghai,"East, 华东",vip,yes,no,1,checkout-form',
  'C-2,张伟,+86 139 1234 5678,,zh-CN,Asia/Shanghai,华北,regular,TRUE,false,0,',
  'C-3,"Anna ""Nan"" Schmidt",+4915123456789,anna@example.de,de-DE,Europe/Berlin,DE,regular,0,1,no,',
].join('\n');

const SHOP_PRODUCTS_NDJSON = [
  {
    sku: 'AC-100',
    name: '空调 Air Conditioner 1.5P',
    category: 'appliance',
    price: 2999,
    warrantyMonths: 24,
  },
  { sku: 'WM-200', name: 'Washer, front-loading', category: 'appliance', price: 1899.5, warrantyMonths: 12 },
]
  .map((record) => JSON.stringify(record))
  .join('\n\n'); // an empty line between records is skipped

const SHOP_ORDERS_CSV = [
  ORDER_HEADER,
  'O-1,C-1,AC-100,华东,2026-02-01T10:00:00+08:00,2999.00,delivered',
  'O-2,C-2,WM-200,华北,2026-02-03T12:30:00+08:00,1899.5,shipped',
  'O-3,C-1,WM-200,华东,2026-02-05T09:00:00+08:00,1799,placed',
].join('\n');

function customerRow(
  ref: string,
  overrides: { name?: string; phone?: string; timeZone?: string } = {},
): string {
  const name = overrides.name ?? `Customer ${ref}`;
  const phone = overrides.phone ?? '+8613812345678';
  const zone = overrides.timeZone ?? 'Asia/Shanghai';
  return `${ref},${name},${phone},,zh-CN,${zone},华东,regular,yes,yes,no,`;
}

function productRow(sku: string, name = `Product ${sku}`): string {
  return `${sku},${name},appliance,199.00,12`;
}

describe(`importing reference files on ${testDatabaseKind()}`, () => {
  let database: TestDatabase;
  let dir: string;
  let write: ImportTarget;
  const clock = new ManualClock('2026-03-01T09:00:00Z');

  beforeAll(async () => {
    database = await createTestDatabase();
    dir = await mkdtemp(join(tmpdir(), 'aftercare-import-'));
    write = { ctx: { db: database.db, clock }, actor: 'test:import' };
  });
  // Each test imports what it needs into empty tables, so any one runs alone or in any order.
  beforeEach(async () => {
    await sql`truncate orders, products, customers, audit_log restart identity cascade`.execute(database.db);
  });
  afterAll(async () => {
    await database?.dispose();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function fileWith(name: string, content: string): Promise<string> {
    const path = join(dir, name);
    await writeFile(path, content);
    return path;
  }

  const count = (table: 'customers' | 'products' | 'orders') => countRows(database.db, table);

  /** The scenario of a small shop: its customers CSV, products NDJSON and orders CSV, imported. */
  async function importShop() {
    return {
      customers: await importFile(write, {
        entity: 'customers',
        path: await fileWith('shop-customers.csv', SHOP_CUSTOMERS_CSV),
      }),
      products: await importFile(write, {
        entity: 'products',
        path: await fileWith('shop-products.ndjson', SHOP_PRODUCTS_NDJSON),
      }),
      orders: await importFile(write, {
        entity: 'orders',
        path: await fileWith('shop-orders.csv', SHOP_ORDERS_CSV),
      }),
    };
  }

  it('imports customers CSV, products NDJSON and orders CSV', async () => {
    const started = performance.now();
    const { customers, products, orders } = await importShop();
    const elapsedSeconds = (performance.now() - started) / 1000;
    expect(customers).toMatchObject({
      entity: 'customers',
      records: 3,
      inserted: 3,
      updated: 0,
      unchanged: 0,
    });
    expect(customers.rejected, JSON.stringify(customers.problems)).toBe(0);
    expect(products).toMatchObject({ records: 2, inserted: 2, rejected: 0, problems: [] });
    expect(orders).toMatchObject({ records: 3, inserted: 3, rejected: 0, problems: [] });
    expect(orders.file).toContain('shop-orders.csv');
    // Seconds, not milliseconds, and of this import: within what the three imports took together.
    const reported = customers.seconds + products.seconds + orders.seconds;
    expect(orders.seconds).toBeGreaterThan(0);
    expect(reported).toBeLessThanOrEqual(elapsedSeconds + 0.003);

    const stored = await database.db
      .selectFrom('customers')
      .selectAll()
      .where('external_ref', 'in', ['C-1', 'C-2', 'C-3'])
      .orderBy('external_ref')
      .execute();
    expect(stored.map((c) => [c.name, c.phone, c.email, c.locale, c.region, c.tier])).toEqual([
      ['Wang, Li (王丽)', '+8613812345678', 'li.wang@example.cn', 'zh-CN', 'East, 华东', 'vip'],
      ['张伟', '+8613912345678', null, 'zh-CN', '华北', 'regular'],
      ['Anna "Nan" Schmidt', '+4915123456789', 'anna@example.de', 'de-DE', 'DE', 'regular'],
    ]);
    expect(
      stored.map((c) => [c.consent_sms, c.consent_email, c.consent_call, c.consent_email_source]),
    ).toEqual([
      [true, false, true, 'checkout-form'],
      [true, false, false, 'import'],
      [false, true, false, 'import'],
    ]);

    const storedOrders = await database.db
      .selectFrom('orders as o')
      .innerJoin('customers as c', 'c.id', 'o.customer_id')
      .innerJoin('products as p', 'p.id', 'o.product_id')
      .select([
        'o.external_ref',
        'c.external_ref as customer',
        'p.sku',
        'o.amount',
        'o.status',
        'o.purchased_at',
      ])
      .orderBy('o.external_ref')
      .execute();
    expect(storedOrders.map((o) => [o.external_ref, o.customer, o.sku, Number(o.amount), o.status])).toEqual([
      ['O-1', 'C-1', 'AC-100', 2999, 'delivered'],
      ['O-2', 'C-2', 'WM-200', 1899.5, 'shipped'],
      ['O-3', 'C-1', 'WM-200', 1799, 'placed'],
    ]);
    expect(storedOrders[0]?.purchased_at.toISOString()).toBe('2026-02-01T02:00:00.000Z');
  });

  it('changes nothing when the same files are imported again, and updates only what changed', async () => {
    await importShop();
    const again = [
      await importFile(write, { entity: 'customers', path: join(dir, 'shop-customers.csv') }),
      await importFile(write, { entity: 'products', path: join(dir, 'shop-products.ndjson') }),
      await importFile(write, { entity: 'orders', path: join(dir, 'shop-orders.csv') }),
    ];
    expect(again.map((s) => [s.inserted, s.updated, s.unchanged, s.rejected])).toEqual([
      [0, 0, 3, 0],
      [0, 0, 2, 0],
      [0, 0, 3, 0],
    ]);

    const repriced = SHOP_PRODUCTS_NDJSON.replace('"price":2999', '"price":2799');
    const changed = await importFile(write, {
      entity: 'products',
      path: await fileWith('repriced.ndjson', repriced),
    });
    expect(changed).toMatchObject({ inserted: 0, updated: 1, unchanged: 1 });
  });

  it.each([
    ['an opening quote that is never closed', 'P-40000,"Broken name,appliance,10,12', productRow],
    ['a quote inside an unquoted cell', 'P-40000,Broken "name",appliance,10,12', productRow],
    // The next quote in the file ends the runaway cell and is followed by junk: reported later by
    // csv-parse, but the record that broke begins on line 40,000.
    [
      'an unclosed quote that a later quoted cell closes',
      'P-40000,"Broken name,appliance,10,12',
      quotedProductRow,
    ],
  ])('refuses a CSV with %s on line 40,000 and writes nothing', async (_, brokenLine, rowAfter) => {
    const lines = [PRODUCT_HEADER];
    for (let line = 2; line < 40_000; line++) lines.push(productRow(`P-${line}`));
    lines.push(brokenLine);
    for (let line = 40_001; line <= 40_010; line++) lines.push(rowAfter(`P-${line}`));
    const path = await fileWith('broken-quote.csv', lines.join('\n'));
    const before = await count('products');

    const error = await importFile(write, { entity: 'products', path }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportSyntaxError);
    expect((error as ImportSyntaxError).line, (error as Error).message).toBe(40_000);
    expect((error as Error).message).toContain(`${path} line 40000`);
    expect(await count('products')).toBe(before);
  });

  it('reports rejected records by file line and imports the valid ones', async () => {
    await importShop();
    const customers = await importFile(write, {
      entity: 'customers',
      path: await fileWith(
        'customers-with-problems.csv',
        [
          CUSTOMER_HEADER,
          customerRow('C-10'),
          customerRow('C-11', { phone: '12345' }),
          customerRow('C-12', { timeZone: 'Mars/Olympus_Mons' }),
          customerRow('C-10', { name: 'Someone else' }),
          customerRow('C-14'),
        ].join('\n'),
      ),
    });
    expect(customers).toMatchObject({ records: 5, inserted: 2, rejected: 3 });
    expect(customers.problems).toEqual([
      { line: 3, field: 'phone', reason: expect.stringContaining('not a valid phone number') },
      { line: 4, field: 'timeZone', reason: expect.stringContaining('not an IANA time zone') },
      { line: 5, field: 'externalRef', reason: expect.stringContaining('repeats line 2') },
    ]);
    const c10 = await database.db
      .selectFrom('customers')
      .select('name')
      .where('external_ref', '=', 'C-10')
      .execute();
    expect(c10).toEqual([{ name: 'Customer C-10' }]);

    const orders = await importFile(write, {
      entity: 'orders',
      // Small batches: the refused records sit in different batches, each retried without them.
      batchSize: 2,
      path: await fileWith(
        'orders-with-unknown-refs.csv',
        [
          ORDER_HEADER,
          'O-10,C-10,AC-100,华东,2026-02-10T10:00:00+08:00,2799,delivered',
          'O-11,C-404,AC-100,华东,2026-02-10T11:00:00+08:00,2799,delivered',
          'O-12,C-14,WM-200,华东,2026-02-11T10:00:00+08:00,1899.50,placed',
          'O-13,C-14,NO-SUCH-SKU,华东,2026-02-11T10:00:00+08:00,10,placed',
          'O-14,C-14,AC-100,华东,2026-02-12T10:00:00+08:00,2799,placed',
        ].join('\n'),
      ),
    });
    expect(orders).toMatchObject({ records: 5, inserted: 3, rejected: 2 });
    expect(orders.problems).toEqual([
      { line: 3, field: 'customerRef', reason: 'no customer with this externalRef' },
      { line: 5, field: 'sku', reason: 'no product with this SKU' },
    ]);
    const written = await database.db
      .selectFrom('orders')
      .select('external_ref')
      .where('external_ref', 'in', ['O-10', 'O-11', 'O-12', 'O-13', 'O-14'])
      .orderBy('external_ref')
      .execute();
    expect(written.map((o) => o.external_ref)).toEqual(['O-10', 'O-12', 'O-14']);
  });

  it('keeps quoted commas, newlines and Chinese text, and counts lines after a multi-line cell', async () => {
    const summary = await importFile(write, {
      entity: 'customers',
      path: await fileWith(
        'multi-line-cells.csv',
        [
          CUSTOMER_HEADER,
          // A name may not hold a line break (plain text only), but the cell must parse as one record.
          customerRow('C-20', { name: '"Zhao, Min\n(赵敏)"' }),
          '',
          customerRow('C-21', { name: '"李, 娜 ""Nana"""' }),
          customerRow('C-22', { phone: '+861234' }),
          'C-23,Short row,+8613812345678',
          `C-24,Maybe,+8613812345678,,zh-CN,Asia/Shanghai,华东,regular,maybe,yes,no,`,
        ].join('\n'),
      ),
    });
    expect(summary.problems).toEqual([
      { line: 2, field: 'name', reason: expect.stringContaining('plain text') },
      { line: 6, field: 'phone', reason: expect.stringContaining('not a valid phone number') },
      { line: 7, field: '(record)', reason: 'has a different number of cells than the header' },
      { line: 8, field: 'smsConsent', reason: 'expected true/false, yes/no or 1/0' },
    ]);
    expect(summary).toMatchObject({ records: 5, inserted: 1, rejected: 4 });
    const li = await database.db
      .selectFrom('customers')
      .select('name')
      .where('external_ref', '=', 'C-21')
      .execute();
    expect(li).toEqual([{ name: '李, 娜 "Nana"' }]);
  });

  it('reads a CRLF file with a byte-order mark', async () => {
    const content = `\uFEFF${[CUSTOMER_HEADER, customerRow('C-30'), customerRow('C-31', { phone: 'none' })].join('\r\n')}\r\n`;
    const summary = await importFile(write, {
      entity: 'customers',
      path: await fileWith('excel-export.csv', content),
    });
    expect(summary).toMatchObject({ records: 2, inserted: 1, rejected: 1 });
    expect(summary.problems.map((p) => [p.line, p.field])).toEqual([[3, 'phone']]);
  });

  it('refuses a CSV whose header has an unknown column, naming it', async () => {
    const path = await fileWith(
      'typo-in-header.csv',
      [CUSTOMER_HEADER.replace('phone', 'phoneNumber'), customerRow('C-40')].join('\n'),
    );
    const error = await importFile(write, { entity: 'customers', path }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportSyntaxError);
    expect((error as Error).message).toContain('unknown column "phoneNumber"');
    expect((error as ImportSyntaxError).line).toBe(1);

    const missing = await fileWith(
      'missing-column.csv',
      `${PRODUCT_HEADER.replace(',price', '')}\nP-1,Fan,appliance,12`,
    );
    await expect(importFile(write, { entity: 'products', path: missing })).rejects.toThrow(
      /missing column price/,
    );
    expect(await database.db.selectFrom('customers').where('external_ref', '=', 'C-40').execute()).toEqual(
      [],
    );
  });

  it('refuses an NDJSON file with a line that is not JSON and writes nothing', async () => {
    const path = await fileWith(
      'truncated.ndjson',
      [
        JSON.stringify({ sku: 'NJ-1', name: 'Kettle', category: 'kitchen', price: 99, warrantyMonths: 6 }),
        '{"sku":"NJ-2","name":"Toaster",',
      ].join('\n'),
    );
    const error = await importFile(write, { entity: 'products', path }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportSyntaxError);
    expect((error as ImportSyntaxError).line).toBe(2);
    expect((error as Error).message).toContain(`${path} line 2: not a JSON value`);
    expect(await database.db.selectFrom('products').where('sku', '=', 'NJ-1').execute()).toEqual([]);
  });

  it('reports NDJSON schema problems by JSON path and line', async () => {
    const path = await fileWith(
      'products.jsonl',
      [
        JSON.stringify({
          sku: 'NJ-3',
          name: 'Fan',
          category: 'appliance',
          price: 'cheap',
          warrantyMonths: 6,
        }),
        '42',
        JSON.stringify({ sku: 'NJ-4', name: 'Fan', category: 'appliance', price: 59.9, warrantyMonths: 6 }),
      ].join('\n'),
    );
    const summary = await importFile(write, { entity: 'products', path });
    expect(summary).toMatchObject({ records: 3, inserted: 1, rejected: 2 });
    expect(summary.problems).toEqual([
      { line: 1, field: 'price', reason: 'expected a number' },
      { line: 2, field: '(record)', reason: expect.any(String) },
    ]);
  });

  it('stops between batches when aborted, and a re-run finishes the job', async () => {
    const lines = [PRODUCT_HEADER];
    for (let i = 1; i <= 10; i++) lines.push(productRow(`AB-${i}`));
    const path = await fileWith('abort.csv', lines.join('\n'));
    const controller = new AbortController();
    const progress: ImportProgress[] = [];
    const aborted = importFile(write, {
      entity: 'products',
      path,
      batchSize: 4,
      signal: controller.signal,
      onProgress: (p) => {
        progress.push(p);
        if (p.phase === 'writing') controller.abort();
      },
    });
    await expect(aborted).rejects.toThrow(/abort/i);
    const written = await database.db
      .selectFrom('products')
      .select('sku')
      .where('sku', 'like', 'AB-%')
      .execute();
    expect(written).toHaveLength(4);

    const rerun = await importFile(write, {
      entity: 'products',
      path,
      batchSize: 4,
      onProgress: (p) => progress.push(p),
    });
    expect(rerun).toMatchObject({ records: 10, inserted: 6, unchanged: 4 });
    expect(progress.at(-1)).toEqual({
      phase: 'writing',
      bytesRead: expect.any(Number),
      totalBytes: expect.any(Number),
      records: 10,
    });
    expect(progress.at(-1)?.bytesRead).toBe(progress.at(-1)?.totalBytes);
  });
});

function quotedProductRow(sku: string): string {
  return productRow(sku, `"Product ${sku}"`);
}

import { countRows, createTestDatabase, type TestDatabase, testDatabaseKind } from '@aftercare/db/testing';
import { createTestApp, createTestContext } from '@aftercare/http/testing';
import { ManualClock } from '@aftercare/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referenceRoutes } from '../src/index.js';
import { customer, order, product } from './fixtures.js';

type Api = Awaited<ReturnType<typeof createTestApp>>;
type ProblemBody = {
  type: string;
  detail: string;
  errors: { index?: number; field: string; reason: string }[];
};

describe(`reference data API on ${testDatabaseKind()}`, () => {
  let database: TestDatabase;
  let api: Api;
  const clock = new ManualClock('2026-03-01T09:00:00Z');
  const post = (path: string, items: unknown[], token = api.tokens.ingest) =>
    api.request(path, { method: 'POST', token, json: { items } });
  const count = (table: 'customers' | 'products' | 'orders') => countRows(database.db, table);

  beforeAll(async () => {
    database = await createTestDatabase();
    api = await createTestApp(createTestContext(database, {}, clock), (ctx) => [
      { name: 'platform', routes: referenceRoutes(ctx), workers: [] },
    ]);
  });
  afterAll(async () => database?.dispose());

  it('upserts a batch of customers by externalRef and is idempotent on retry', async () => {
    const batch = Array.from({ length: 30 }, (_, i) => customer(i + 1));
    const first = await post('/v1/customers', batch);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ inserted: 30, updated: 0, unchanged: 0 });
    const retry = await post('/v1/customers', batch);
    expect(await retry.json()).toEqual({ inserted: 0, updated: 0, unchanged: 30 });
    const changed = await post('/v1/customers', [customer(1, { tier: 'vip' }), customer(31)]);
    expect(await changed.json()).toEqual({ inserted: 1, updated: 1, unchanged: 0 });
    expect(await count('customers')).toBe(31);
  });

  it('normalises contacts and keeps when each consent channel changed', async () => {
    await post('/v1/customers', [
      customer(40, { phone: '+86 138 0000 0040', email: 'MiXeD@Example.COM', locale: 'zh-cn' }),
    ]);
    clock.advance(3_600_000);
    await post('/v1/customers', [
      customer(40, {
        phone: '+8613800000040',
        email: 'mixed@example.com',
        consents: { sms: false, email: true, call: true },
        consentSource: 'phone-call',
      }),
    ]);
    const res = await api.request('/v1/customers/C000040', { token: api.tokens.agent });
    const body = (await res.json()) as { consentChangedAt: Record<'sms' | 'email', string> };
    expect(body).toMatchObject({
      id: expect.stringMatching(/^cus_\d+$/),
      phone: '+8613800000040',
      email: 'mixed@example.com',
      locale: 'zh-CN',
      consents: { sms: false, email: true, call: true },
      consentSources: { sms: 'phone-call', email: 'api', call: 'api' },
    });
    expect(body.consentChangedAt.sms).toBe('2026-03-01T10:00:00.000Z');
    expect(body.consentChangedAt.email).toBe('2026-03-01T09:00:00.000Z');
    expect((await api.request('/v1/customers/NOPE', { token: api.tokens.agent })).status).toBe(404);
  });

  it('lists with filters and cursor pagination', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query = `/v1/customers?region=CN-Shanghai&limit=7${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await (await api.request(query, { token: api.tokens.marketing })).json()) as {
        items: { externalRef: string; region: string }[];
        nextCursor: string | null;
      };
      expect(page.items.every((item) => item.region === 'CN-Shanghai')).toBe(true);
      seen.push(...page.items.map((item) => item.externalRef));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(16);
    expect(new Set(seen).size).toBe(16);

    const vip = (await (
      await api.request('/v1/customers?tier=vip&limit=500', { token: api.tokens.agent })
    ).json()) as {
      items: { tier: string }[];
    };
    expect(vip.items.length).toBeGreaterThan(0);
    expect(vip.items.every((item) => item.tier === 'vip')).toBe(true);
  });

  it('rejects bad list parameters with the field named', async () => {
    for (const [query, field] of [
      ['limit=0', 'limit'],
      ['limit=abc', 'limit'],
      ['tier=gold', 'tier'],
      ['cursor=bm9wZQ', 'cursor'],
      ['color=red', ''],
    ] as const) {
      const res = await api.request(`/v1/customers?${query}`, { token: api.tokens.agent });
      expect(res.status, query).toBe(400);
      const body = (await res.json()) as ProblemBody;
      if (field)
        expect(
          body.errors.map((e) => e.field),
          query,
        ).toContain(field);
    }
  });

  it('writes products and orders, and lists orders by customer and SKU', async () => {
    expect(await (await post('/v1/products', [product(1), product(2)])).json()).toEqual({
      inserted: 2,
      updated: 0,
      unchanged: 0,
    });
    const orders = [order(1, 1, 1), order(2, 1, 2), order(3, 2, 1, { status: 'returned' })];
    expect(await (await post('/v1/orders', orders)).json()).toEqual({
      inserted: 3,
      updated: 0,
      unchanged: 0,
    });
    const page = (await (
      await api.request('/v1/orders?customerRef=C000001', { token: api.tokens.agent })
    ).json()) as {
      items: Record<string, unknown>[];
    };
    expect(page.items).toHaveLength(2);
    expect(page.items[0]).toMatchObject({
      id: expect.stringMatching(/^ord_\d+$/),
      externalRef: 'O0000001',
      customerRef: 'C000001',
      sku: 'SKU-00001',
      purchasedAt: '2026-02-14T02:30:00.000Z',
      amount: 59.8,
      status: 'delivered',
    });
    const returned = (await (
      await api.request('/v1/orders?sku=SKU-00001&status=returned', { token: api.tokens.agent })
    ).json()) as {
      items: unknown[];
    };
    expect(returned.items).toHaveLength(1);
    const products = (await (
      await api.request('/v1/products?category=home-appliances', { token: api.tokens.agent })
    ).json()) as {
      items: { price: number; warrantyMonths: number }[];
    };
    expect(products.items[0]).toMatchObject({ price: 40.9, warrantyMonths: 12 });
  });

  it('rejects a batch with invalid records whole, naming every bad index, field and reason', async () => {
    const before = await count('customers');
    const res = await post('/v1/customers', [
      customer(100),
      customer(101, { phone: '12345' }),
      customer(102, { timeZone: 'Mars/Olympus_Mons' }),
      customer(103, { tier: 'gold' }),
      customer(104, { consents: { sms: 'yes', email: true, call: true } }),
      customer(105, { email: 'not-an-email' }),
    ]);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const body = (await res.json()) as ProblemBody;
    expect(body.type).toBe('/problems/validation');
    expect(body.errors).toEqual(
      expect.arrayContaining([
        { index: 1, field: 'phone', reason: expect.stringContaining('not a valid phone number') },
        { index: 2, field: 'timeZone', reason: expect.stringContaining('IANA time zone') },
        { index: 3, field: 'tier', reason: 'expected regular or vip' },
        { index: 4, field: 'consents.sms', reason: expect.any(String) },
        { index: 5, field: 'email', reason: 'not a valid e-mail address' },
      ]),
    );
    expect(await count('customers')).toBe(before);
  });

  it('rejects a duplicate externalRef inside one batch and writes nothing', async () => {
    const before = await count('customers');
    const res = await post('/v1/customers', [customer(200), customer(201), customer(200, { name: 'Other' })]);
    expect(res.status).toBe(400);
    const body = (await res.json()) as ProblemBody;
    expect(body.errors).toEqual([
      { index: 2, field: 'externalRef', reason: 'duplicates record 0 in this batch (C000200)' },
    ]);
    expect(await count('customers')).toBe(before);
  });

  it('rejects orders for unknown customers or products and writes none of the batch', async () => {
    const before = await count('orders');
    const res = await post('/v1/orders', [order(10, 1, 1), order(11, 999, 1), order(12, 1, 999)]);
    expect(res.status).toBe(400);
    expect(((await res.json()) as ProblemBody).errors).toEqual([
      { index: 1, field: 'customerRef', reason: 'no customer with this externalRef' },
      { index: 2, field: 'sku', reason: 'no product with this SKU' },
    ]);
    expect(await count('orders')).toBe(before);
  });

  it('refuses markup in text fields and stores SQL-looking text as plain data', async () => {
    const html = '<script>alert(1)</script>';
    const htmlRes = await post('/v1/customers', [
      customer(300, { name: html, region: html, consentSource: html }),
    ]);
    expect(htmlRes.status).toBe(400);
    expect(((await htmlRes.json()) as ProblemBody).errors.map((e) => e.field).sort()).toEqual([
      'consentSource',
      'name',
      'region',
    ]);
    const productHtml = await post('/v1/products', [
      product(300, { name: '<b>x</b>', category: '<img src=x onerror=alert(1)>' }),
    ]);
    expect(((await productHtml.json()) as ProblemBody).errors.map((e) => e.field).sort()).toEqual([
      'category',
      'name',
    ]);
    const badRef = await post('/v1/customers', [
      customer(301, { externalRef: "x'; drop table customers; --" }),
    ]);
    expect(((await badRef.json()) as ProblemBody).errors[0]).toMatchObject({ field: 'externalRef' });

    const sqlText = "Robert'); DROP TABLE customers; --";
    const stored = await post('/v1/customers', [customer(302, { name: sqlText, region: "x' OR '1'='1" })]);
    expect(stored.status).toBe(200);
    const body = (await (await api.request('/v1/customers/C000302', { token: api.tokens.agent })).json()) as {
      name: string;
    };
    expect(body.name).toBe(sqlText);
    expect(await count('customers')).toBeGreaterThan(30);
  });

  it('answers 400, not 500, for text and times the database could not hold', async () => {
    for (const path of ['/v1/customers?region=%00', '/v1/customers/%00', '/v1/orders?customerRef=a%00b']) {
      const res = await api.request(path, { token: api.tokens.agent });
      expect(res.status, path).toBe(400);
    }
    const surrogate = await post('/v1/customers', [customer(700, { name: 'x\ud800y' })]);
    expect(((await surrogate.json()) as ProblemBody).errors).toEqual([
      { index: 0, field: 'name', reason: 'must be valid Unicode text' },
    ]);
    for (const purchasedAt of ['0000-01-01T00:00:00Z', '2026-01-01T00:00:00+99:99']) {
      const res = await post('/v1/orders', [order(700, 1, 1, { purchasedAt })]);
      expect(res.status, purchasedAt).toBe(400);
      expect(((await res.json()) as ProblemBody).errors[0]).toMatchObject({ index: 0, field: 'purchasedAt' });
    }
    const farPast = await api.request('/v1/orders?purchasedFrom=0000-01-01T00:00:00Z', {
      token: api.tokens.agent,
    });
    expect(farPast.status).toBe(400);
  });

  it('refuses batches that are empty, too large or not a batch', async () => {
    expect((await post('/v1/customers', [])).status).toBe(400);
    const tooMany = await post(
      '/v1/products',
      Array.from({ length: 5001 }, (_, i) => product(i)),
    );
    expect(((await tooMany.json()) as ProblemBody).errors[0]).toMatchObject({
      field: 'items',
      reason: 'a batch holds at most 5000 records',
    });
    const notBatch = await api.request('/v1/customers', {
      method: 'POST',
      token: api.tokens.ingest,
      json: [customer(1)],
    });
    expect(notBatch.status).toBe(400);
  });

  it('answers 413 to a 50 MB body and writes nothing', async () => {
    const before = await count('customers');
    const res = await api.request('/v1/customers', {
      method: 'POST',
      token: api.tokens.ingest,
      headers: { 'Content-Type': 'application/json' },
      body: `{"items":[${JSON.stringify(customer(500, { name: 'x'.repeat(50 * 1024 * 1024) }))}]}`,
    });
    expect(res.status).toBe(413);
    expect(await count('customers')).toBe(before);
  });

  it('lets ingest write but not read, and people read but not write', async () => {
    expect((await api.request('/v1/customers', { token: api.tokens.ingest })).status).toBe(403);
    expect((await post('/v1/customers', [customer(600)], api.tokens.agent)).status).toBe(403);
    expect((await post('/v1/customers', [customer(600)], api.tokens.admin)).status).toBe(200);
    expect((await api.request('/v1/customers')).status).toBe(401);
  });

  it('records each batch in the audit log with the token that wrote it', async () => {
    const entries = await database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'customer.upserted')
      .execute();
    expect(entries.length).toBeGreaterThan(2);
    expect(entries[0]!.actor).toMatch(/^token:\d+$/);
    expect(entries[0]!.details).toEqual({ inserted: 30, updated: 0, unchanged: 0 });
  });
});

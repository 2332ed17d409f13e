import { countRows, testDatabaseKind } from '@aftercare/db/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seedKitchenCatalogue } from './seed/kitchen-catalogue.js';
import {
  SHANGHAI_REFS,
  SHANGHAI_VIPS,
  seedShanghaiAndNewYorkCustomers,
  shanghaiCustomer,
} from './seed/shanghai-and-new-york-customers.js';
import { type ProblemBody, type ReferenceApi, startReferenceApi } from './support/reference-api.js';

type Customer = { externalRef: string; region: string; tier: string; name: string; timeZone: string };
type Page<T> = { items: T[]; nextCursor: string | null };

describe(`/v1/customers on ${testDatabaseKind()}`, () => {
  let ref: ReferenceApi;
  const count = () => countRows(ref.database.db, 'customers');

  beforeAll(async () => {
    ref = await startReferenceApi();
  });
  beforeEach(async () => ref.reset());
  afterAll(async () => ref?.close());

  it('upserts a batch by externalRef and answers a retry as unchanged', async () => {
    const batch = ['A-1', 'A-2', 'A-3'].map((r) => shanghaiCustomer(r));
    const first = await ref.post('/v1/customers', batch);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ inserted: 3, updated: 0, unchanged: 0 });
    expect(await (await ref.post('/v1/customers', batch)).json()).toEqual({
      inserted: 0,
      updated: 0,
      unchanged: 3,
    });
    const changed = await ref.post('/v1/customers', [
      shanghaiCustomer('A-1', { tier: 'vip' }),
      shanghaiCustomer('A-4'),
    ]);
    expect(await changed.json()).toEqual({ inserted: 1, updated: 1, unchanged: 0 });
    expect(await count()).toBe(4);
  });

  it('normalises contacts and keeps when each consent channel changed', async () => {
    await ref.post('/v1/customers', [
      shanghaiCustomer('A-40', { phone: '+86 138 0000 0040', email: 'MiXeD@Example.COM', locale: 'zh-cn' }),
    ]);
    ref.clock.advance(3_600_000);
    await ref.post('/v1/customers', [
      shanghaiCustomer('A-40', {
        phone: '+8613800000040',
        email: 'mixed@example.com',
        consents: { sms: false, email: true, call: true },
        consentSource: 'phone-call',
      }),
    ]);
    const { status, body } = await ref.get<Customer & { consentChangedAt: Record<string, string> }>(
      '/v1/customers/A-40',
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({
      id: expect.stringMatching(/^cus_\d+$/),
      phone: '+8613800000040',
      email: 'mixed@example.com',
      locale: 'zh-CN',
      consents: { sms: false, email: true, call: true },
      consentSources: { sms: 'phone-call', email: 'api', call: 'api' },
      erasedAt: null,
    });
    expect(body.consentChangedAt.sms).toBe('2026-03-01T10:00:00.000Z');
    expect(body.consentChangedAt.email).toBe('2026-03-01T09:00:00.000Z');
  });

  it('stores a time zone by its canonical name (asia/SHANGHAI as Asia/Shanghai)', async () => {
    const res = await ref.post('/v1/customers', [shanghaiCustomer('TZ-1', { timeZone: 'asia/SHANGHAI' })]);
    expect(res.status, await res.clone().text()).toBe(200);
    const { body } = await ref.get<Customer>('/v1/customers/TZ-1');
    expect(body.timeZone).toBe('Asia/Shanghai');
  });

  it('refuses a locale of 99,004 characters, naming the field', async () => {
    const res = await ref.post('/v1/customers', [
      shanghaiCustomer('LOC-1', { locale: `zh-${'a'.repeat(99_001)}` }),
    ]);
    expect(res.status).toBe(400);
    const body = (await res.json()) as ProblemBody;
    expect(body.errors).toEqual([
      { index: 0, field: 'locale', reason: expect.stringContaining('language tag') },
    ]);
    expect(await count()).toBe(0);
  });

  it('lists with filters and cursor pagination', async () => {
    await seedShanghaiAndNewYorkCustomers(ref.ctx);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/v1/customers?region=CN-Shanghai&limit=7${cursor ? `&cursor=${cursor}` : ''}`;
      const { status, body }: { status: number; body: Page<Customer> } = await ref.get(
        query,
        ref.api.tokens.marketing,
      );
      expect(status).toBe(200);
      expect(body.items.every((item) => item.region === 'CN-Shanghai')).toBe(true);
      seen.push(...body.items.map((item) => item.externalRef));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual(SHANGHAI_REFS);

    const vip = await ref.get<Page<Customer>>('/v1/customers?tier=vip&limit=500', ref.api.tokens.supervisor);
    expect(vip.body.items.map((item) => item.externalRef).sort()).toEqual(SHANGHAI_VIPS);
  });

  it('rejects bad list parameters with the field named', async () => {
    for (const [query, field] of [
      ['limit=0', 'limit'],
      ['limit=abc', 'limit'],
      ['limit=0x10', 'limit'],
      ['limit=1e2', 'limit'],
      ['tier=gold', 'tier'],
      ['cursor=bm9wZQ', 'cursor'],
      ['color=red', 'color'],
    ] as const) {
      const { status, body } = await ref.get<ProblemBody>(`/v1/customers?${query}`);
      expect(status, query).toBe(400);
      expect(
        body.errors.map((e) => e.field),
        query,
      ).toEqual([field]);
    }
  });

  it('refuses a cursor issued by the products list', async () => {
    await seedKitchenCatalogue(ref.ctx);
    await seedShanghaiAndNewYorkCustomers(ref.ctx);
    const products = await ref.get<Page<unknown>>('/v1/products?limit=1');
    expect(products.body.nextCursor).toEqual(expect.any(String));
    const { status, body } = await ref.get<ProblemBody>(`/v1/customers?cursor=${products.body.nextCursor}`);
    expect(status).toBe(400);
    expect(body.errors).toEqual([{ field: 'cursor', reason: expect.stringContaining('customers list') }]);
  });

  it('rejects a batch with invalid records whole, naming every bad index, field and reason', async () => {
    const res = await ref.post('/v1/customers', [
      shanghaiCustomer('B-0'),
      shanghaiCustomer('B-1', { phone: '12345' }),
      shanghaiCustomer('B-2', { timeZone: 'Mars/Olympus_Mons' }),
      shanghaiCustomer('B-3', { tier: 'gold' }),
      shanghaiCustomer('B-4', { consents: { sms: 'yes', email: true, call: true } }),
      shanghaiCustomer('B-5', { email: 'not-an-email' }),
      shanghaiCustomer('B-6', { color: 'red' }),
    ]);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const body = (await res.json()) as ProblemBody;
    expect(body.type).toBe('/problems/validation');
    expect(body.errors).toEqual([
      { index: 1, field: 'phone', reason: expect.stringContaining('not a valid phone number') },
      { index: 2, field: 'timeZone', reason: expect.stringContaining('IANA time zone') },
      { index: 3, field: 'tier', reason: 'expected regular or vip' },
      { index: 4, field: 'consents.sms', reason: expect.any(String) },
      { index: 5, field: 'email', reason: 'not a valid e-mail address' },
      { index: 6, field: 'color', reason: 'is not a field we know' },
    ]);
    expect(await count()).toBe(0);
  });

  it('answers a batch of 5,000 invalid records with the first 1,000 problems and their count', async () => {
    const items = Array.from({ length: 5_000 }, (_, i) =>
      shanghaiCustomer(`BAD-${i}`, { phone: '12345', tier: 'gold' }),
    );
    const res = await ref.post('/v1/customers', items);
    expect(res.status).toBe(400);
    const body = (await res.json()) as ProblemBody;
    expect(body.errors).toHaveLength(1_000);
    expect(body.errorCount).toBe(10_000);
    expect(body.errors[0]).toEqual({ index: 0, field: 'phone', reason: expect.any(String) });
    expect(await count()).toBe(0);
  });

  it('rejects a duplicate externalRef inside one batch and writes nothing', async () => {
    const res = await ref.post('/v1/customers', [
      shanghaiCustomer('D-1'),
      shanghaiCustomer('D-2'),
      shanghaiCustomer('D-1', { name: 'Other' }),
    ]);
    expect(res.status).toBe(400);
    expect(((await res.json()) as ProblemBody).errors).toEqual([
      { index: 2, field: 'externalRef', reason: 'duplicates record 0 in this batch (D-1)' },
    ]);
    expect(await count()).toBe(0);
  });

  it('refuses markup in text fields and stores SQL-looking text as plain data', async () => {
    const html = '<script>alert(1)</script>';
    const htmlRes = await ref.post('/v1/customers', [
      shanghaiCustomer('X-1', { name: html, region: html, consentSource: html }),
    ]);
    expect(htmlRes.status).toBe(400);
    expect(((await htmlRes.json()) as ProblemBody).errors.map((e) => e.field).sort()).toEqual([
      'consentSource',
      'name',
      'region',
    ]);
    const badRef = await ref.post('/v1/customers', [shanghaiCustomer("x'; drop table customers; --")]);
    expect(((await badRef.json()) as ProblemBody).errors[0]).toMatchObject({ field: 'externalRef' });

    const sqlText = "Robert'); DROP TABLE customers; --";
    const stored = await ref.post('/v1/customers', [
      shanghaiCustomer('X-2', { name: sqlText, region: "x' OR '1'='1" }),
    ]);
    expect(stored.status).toBe(200);
    expect((await ref.get<Customer>('/v1/customers/X-2')).body.name).toBe(sqlText);
    expect(await count()).toBe(1);
  });

  it('answers 400, not 500, for text the database could not hold', async () => {
    for (const path of ['/v1/customers?region=%00', '/v1/customers/%00']) {
      expect((await ref.get(path)).status, path).toBe(400);
    }
    const surrogate = await ref.post('/v1/customers', [shanghaiCustomer('U-1', { name: 'x\ud800y' })]);
    expect(((await surrogate.json()) as ProblemBody).errors).toEqual([
      { index: 0, field: 'name', reason: 'must be valid Unicode text' },
    ]);
  });

  it('refuses batches that are empty or not a batch, and bodies that are not JSON', async () => {
    expect((await ref.post('/v1/customers', [])).status).toBe(400);
    const notBatch = await ref.api.request('/v1/customers', {
      method: 'POST',
      token: ref.api.tokens.ingest,
      json: [shanghaiCustomer('N-1')],
    });
    expect(notBatch.status).toBe(400);
    const text = await ref.api.request('/v1/customers', {
      method: 'POST',
      token: ref.api.tokens.ingest,
      headers: { 'Content-Type': 'text/csv' },
      body: 'externalRef\nN-1',
    });
    expect(text.status).toBe(415);
  });

  it('answers 413 to a 50 MB body and writes nothing', async () => {
    const res = await ref.api.request('/v1/customers', {
      method: 'POST',
      token: ref.api.tokens.ingest,
      headers: { 'Content-Type': 'application/json' },
      body: `{"items":[${JSON.stringify(shanghaiCustomer('BIG-1', { name: 'x'.repeat(50 * 1024 * 1024) }))}]}`,
    });
    expect(res.status).toBe(413);
    expect(await count()).toBe(0);
  });

  it('lets ingest write but not read, and people read but not write', async () => {
    const { tokens } = ref.api;
    expect((await ref.api.request('/v1/customers')).status).toBe(401);
    expect((await ref.api.request('/v1/customers', { token: 'not-a-token' })).status).toBe(401);
    expect((await ref.get('/v1/customers', tokens.ingest)).status).toBe(403);
    for (const role of ['agent', 'supervisor', 'marketing'] as const) {
      expect((await ref.get('/v1/customers', tokens[role])).status, role).toBe(200);
      expect((await ref.post('/v1/customers', [shanghaiCustomer('R-1')], tokens[role])).status, role).toBe(
        403,
      );
    }
    expect((await ref.post('/v1/customers', [shanghaiCustomer('R-1')], tokens.admin)).status).toBe(200);
    expect((await ref.get('/v1/customers', tokens.admin)).status).toBe(200);
    expect(await count()).toBe(1);
  });

  it('finds one customer by external ref: 200, 404, 401 and 403', async () => {
    await seedShanghaiAndNewYorkCustomers(ref.ctx);
    const found = await ref.get<Customer>('/v1/customers/SH-01', ref.api.tokens.marketing);
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ externalRef: 'SH-01', region: 'CN-Shanghai', tier: 'vip' });
    const missing = await ref.get<ProblemBody>('/v1/customers/NOPE');
    expect(missing.status).toBe(404);
    expect(missing.body.type).toBe('/problems/not-found');
    expect((await ref.api.request('/v1/customers/SH-01')).status).toBe(401);
    expect((await ref.get('/v1/customers/SH-01', ref.api.tokens.ingest)).status).toBe(403);
  });

  it('answers PUT with 405 and the methods the path takes', async () => {
    const res = await ref.api.request('/v1/customers', {
      method: 'PUT',
      token: ref.api.tokens.admin,
      json: { items: [shanghaiCustomer('P-1')] },
    });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD, POST');
    expect(await count()).toBe(0);
  });

  it('leaves an erased customer as it is when a feed sends it again', async () => {
    await ref.post('/v1/customers', [shanghaiCustomer('E-1')]);
    // What an erasure leaves (packages/privacy does it): the mark and no personal data.
    await ref.database.db
      .updateTable('customers')
      .set({ name: 'erased', phone: null, email: null, erased_at: ref.clock.now() })
      .where('external_ref', '=', 'E-1')
      .execute();
    const again = await ref.post('/v1/customers', [shanghaiCustomer('E-1'), shanghaiCustomer('E-2')]);
    expect(await again.json()).toEqual({ inserted: 1, updated: 0, unchanged: 1 });
    const { body } = await ref.get<Customer & { phone: string | null; erasedAt: string | null }>(
      '/v1/customers/E-1',
    );
    expect(body).toMatchObject({ name: 'erased', phone: null, erasedAt: '2026-03-01T09:00:00.000Z' });
  });

  it('records each batch in the audit log with the token that wrote it', async () => {
    await ref.post('/v1/customers', [shanghaiCustomer('L-1'), shanghaiCustomer('L-2')]);
    await ref.post('/v1/customers', [shanghaiCustomer('L-1', { tier: 'vip' })]);
    const entries = await ref.database.db
      .selectFrom('audit_log')
      .select(['actor', 'details'])
      .where('action', '=', 'customer.upserted')
      .orderBy('id')
      .execute();
    expect(entries).toEqual([
      { actor: expect.stringMatching(/^token:\d+$/), details: { inserted: 2, updated: 0, unchanged: 0 } },
      { actor: expect.stringMatching(/^token:\d+$/), details: { inserted: 0, updated: 1, unchanged: 0 } },
    ]);
  });
});

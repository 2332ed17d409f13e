import { countRows, testDatabaseKind } from '@aftercare/db/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { KITCHEN_SKUS, kettle, seedKitchenCatalogue } from './seed/kitchen-catalogue.js';
import { seedShanghaiAndNewYorkCustomers } from './seed/shanghai-and-new-york-customers.js';
import { type ProblemBody, type ReferenceApi, startReferenceApi } from './support/reference-api.js';

type Product = { sku: string; price: number; warrantyMonths: number; category: string };
type Page<T> = { items: T[]; nextCursor: string | null };

describe(`/v1/products on ${testDatabaseKind()}`, () => {
  let ref: ReferenceApi;
  const count = () => countRows(ref.database.db, 'products');

  beforeAll(async () => {
    ref = await startReferenceApi();
  });
  beforeEach(async () => ref.reset());
  afterAll(async () => ref?.close());

  /** A batch sent as raw JSON text: JSON.stringify cannot write -0. */
  const postRaw = (json: string) =>
    ref.api.request('/v1/products', {
      method: 'POST',
      token: ref.api.tokens.ingest,
      headers: { 'Content-Type': 'application/json' },
      body: json,
    });

  it('upserts products by SKU, idempotent on retry, and updates a new price', async () => {
    const first = await ref.post('/v1/products', [kettle('K-1'), kettle('K-2')]);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ inserted: 2, updated: 0, unchanged: 0 });
    expect(await (await ref.post('/v1/products', [kettle('K-1'), kettle('K-2')])).json()).toEqual({
      inserted: 0,
      updated: 0,
      unchanged: 2,
    });
    const repriced = await ref.post('/v1/products', [kettle('K-1', { price: 35 }), kettle('K-2')]);
    expect(await repriced.json()).toEqual({ inserted: 0, updated: 1, unchanged: 1 });
    const { body } = await ref.get<Page<Product>>('/v1/products');
    expect(body.items.map((p) => [p.sku, p.price, p.warrantyMonths]).sort()).toEqual([
      ['K-1', 35, 12],
      ['K-2', 39.9, 12],
    ]);
  });

  it('lists by category, a page at a time', async () => {
    await seedKitchenCatalogue(ref.ctx);
    const first = await ref.get<Page<Product>>(
      '/v1/products?category=kitchen&limit=2',
      ref.api.tokens.marketing,
    );
    expect(first.status).toBe(200);
    const second = await ref.get<Page<Product>>(
      `/v1/products?category=kitchen&limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(first.body.items).toHaveLength(2);
    expect([...first.body.items, ...second.body.items].map((p) => p.sku).sort()).toEqual(KITCHEN_SKUS);
    expect(second.body.nextCursor).toBeNull();
  });

  it.each([
    ['1e-9', 'at most two decimals'],
    ['-0', 'must not be negative'],
    ['-1', 'must not be negative'],
    ['0.001', 'at most two decimals'],
  ])('refuses the price %s', async (price, reason) => {
    const record = JSON.stringify(kettle('P-1')).replace('"price":39.9', `"price":${price}`);
    const res = await postRaw(`{"items":[${record}]}`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as ProblemBody).errors).toEqual([{ index: 0, field: 'price', reason }]);
    expect(await count()).toBe(0);
  });

  it('refuses markup in names and categories', async () => {
    const res = await ref.post('/v1/products', [
      kettle('M-1', { name: '<b>x</b>', category: '<img src=x onerror=alert(1)>' }),
    ]);
    expect(res.status).toBe(400);
    expect(((await res.json()) as ProblemBody).errors.map((e) => e.field).sort()).toEqual([
      'category',
      'name',
    ]);
  });

  it('refuses a batch of more than 5,000 records', async () => {
    const res = await ref.post(
      '/v1/products',
      Array.from({ length: 5_001 }, (_, i) => kettle(`T-${i}`)),
    );
    expect(res.status).toBe(400);
    expect(((await res.json()) as ProblemBody).errors[0]).toMatchObject({
      field: 'items',
      reason: 'a batch holds at most 5000 records',
    });
    expect(await count()).toBe(0);
  });

  it('rejects bad list parameters with the field named, and a cursor of the customers list', async () => {
    await seedShanghaiAndNewYorkCustomers(ref.ctx);
    const customers = await ref.get<Page<unknown>>('/v1/customers?limit=1');
    for (const [query, field] of [
      ['limit=0x10', 'limit'],
      ['limit=501', 'limit'],
      ['color=red', 'color'],
      [`cursor=${customers.body.nextCursor}`, 'cursor'],
    ] as const) {
      const { status, body } = await ref.get<ProblemBody>(`/v1/products?${query}`);
      expect(status, query).toBe(400);
      expect(
        body.errors.map((e) => e.field),
        query,
      ).toEqual([field]);
    }
  });

  it('lets ingest write but not read, and people read but not write', async () => {
    const { tokens } = ref.api;
    expect((await ref.api.request('/v1/products')).status).toBe(401);
    expect((await ref.get('/v1/products', tokens.ingest)).status).toBe(403);
    expect((await ref.post('/v1/products', [kettle('R-1')], tokens.supervisor)).status).toBe(403);
    expect((await ref.get('/v1/products', tokens.supervisor)).status).toBe(200);
    expect((await ref.post('/v1/products', [kettle('R-1')], tokens.admin)).status).toBe(200);
    expect(await count()).toBe(1);
  });
});

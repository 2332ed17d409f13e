import { countRows, testDatabaseKind } from '@aftercare/db/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OTHER_REF, seedVipWithThreeOrders, shanghaiOrder, VIP_REF } from './seed/vip-with-three-orders.js';
import { type ProblemBody, type ReferenceApi, startReferenceApi } from './support/reference-api.js';

type Order = { externalRef: string; customerRef: string; sku: string; status: string };
type Page<T> = { items: T[]; nextCursor: string | null };

describe(`/v1/orders on ${testDatabaseKind()}`, () => {
  let ref: ReferenceApi;
  const count = () => countRows(ref.database.db, 'orders');
  // In id order; a batch's rows get their ids in the order the insert's join plan yields them.
  const refs = (page: Page<Order>) => page.items.map((o) => o.externalRef).sort();

  beforeAll(async () => {
    ref = await startReferenceApi();
  });
  beforeEach(async () => ref.reset());
  afterAll(async () => ref?.close());

  it('upserts orders for known customers and products, idempotent on retry', async () => {
    await seedVipWithThreeOrders(ref.ctx);
    const batch = [shanghaiOrder('O-10', VIP_REF, 'KET-1'), shanghaiOrder('O-11', OTHER_REF, 'WASH-1')];
    const first = await ref.post('/v1/orders', batch);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ inserted: 2, updated: 0, unchanged: 0 });
    expect(await (await ref.post('/v1/orders', batch)).json()).toEqual({
      inserted: 0,
      updated: 0,
      unchanged: 2,
    });
    expect(await count()).toBe(6);
  });

  it('lists a customer’s orders, by SKU and status, and by purchase window', async () => {
    await seedVipWithThreeOrders(ref.ctx);
    const vip = await ref.get<Page<Order>>(`/v1/orders?customerRef=${VIP_REF}`);
    expect(vip.status).toBe(200);
    expect(refs(vip.body)).toEqual(['O-1', 'O-2', 'O-3']);
    expect(vip.body.items.find((o) => o.externalRef === 'O-1')).toMatchObject({
      id: expect.stringMatching(/^ord_\d+$/),
      customerRef: VIP_REF,
      sku: 'KET-1',
      purchasedAt: '2026-02-14T02:30:00.000Z',
      amount: 59.8,
      status: 'delivered',
    });
    expect(refs((await ref.get<Page<Order>>('/v1/orders?sku=KET-1')).body)).toEqual(['O-1', 'O-4']);
    expect(refs((await ref.get<Page<Order>>('/v1/orders?status=returned')).body)).toEqual(['O-2']);
    const window =
      '/v1/orders?purchasedFrom=2026-02-20T00:00:00%2B08:00&purchasedTo=2026-02-25T12:00:00%2B08:00';
    expect(refs((await ref.get<Page<Order>>(window, ref.api.tokens.marketing)).body)).toEqual(['O-2']);
    expect(refs((await ref.get<Page<Order>>('/v1/orders?region=US-NewYork')).body)).toEqual(['O-4']);
  });

  it('pages through every order with the cursor', async () => {
    await seedVipWithThreeOrders(ref.ctx);
    const first = await ref.get<Page<Order>>('/v1/orders?limit=3');
    const second = await ref.get<Page<Order>>(`/v1/orders?limit=3&cursor=${first.body.nextCursor}`);
    expect(first.body.items).toHaveLength(3);
    expect([...refs(first.body), ...refs(second.body)].sort()).toEqual(['O-1', 'O-2', 'O-3', 'O-4']);
    expect(second.body.nextCursor).toBeNull();
  });

  it('rejects orders for unknown customers or products and writes none of the batch', async () => {
    await seedVipWithThreeOrders(ref.ctx);
    const res = await ref.post('/v1/orders', [
      shanghaiOrder('O-20', VIP_REF, 'KET-1'),
      shanghaiOrder('O-21', 'NO-SUCH-CUSTOMER', 'KET-1'),
      shanghaiOrder('O-22', VIP_REF, 'NO-SUCH-SKU'),
    ]);
    expect(res.status).toBe(400);
    expect(((await res.json()) as ProblemBody).errors).toEqual([
      { index: 1, field: 'customerRef', reason: 'no customer with this externalRef' },
      { index: 2, field: 'sku', reason: 'no product with this SKU' },
    ]);
    expect(await count()).toBe(4);
  });

  it('answers 400, not 500, for times and text the database could not hold', async () => {
    await seedVipWithThreeOrders(ref.ctx);
    for (const purchasedAt of ['0000-01-01T00:00:00Z', '2026-01-01T00:00:00+99:99', '2026-01-01T00:00:00']) {
      const res = await ref.post('/v1/orders', [shanghaiOrder('O-30', VIP_REF, 'KET-1', { purchasedAt })]);
      expect(res.status, purchasedAt).toBe(400);
      expect(((await res.json()) as ProblemBody).errors[0]).toMatchObject({ index: 0, field: 'purchasedAt' });
    }
    for (const query of [
      'purchasedFrom=0000-01-01T00:00:00Z',
      'customerRef=a%00b',
      'status=lost',
      'color=red',
    ]) {
      expect((await ref.get(`/v1/orders?${query}`)).status, query).toBe(400);
    }
    expect(await count()).toBe(4);
  });

  it('lets ingest write but not read, and people read but not write', async () => {
    await seedVipWithThreeOrders(ref.ctx);
    const { tokens } = ref.api;
    const order = [shanghaiOrder('O-40', VIP_REF, 'KET-1')];
    expect((await ref.api.request('/v1/orders')).status).toBe(401);
    expect((await ref.get('/v1/orders', tokens.ingest)).status).toBe(403);
    expect((await ref.post('/v1/orders', order, tokens.marketing)).status).toBe(403);
    expect((await ref.get('/v1/orders', tokens.marketing)).status).toBe(200);
    expect((await ref.post('/v1/orders', order, tokens.admin)).status).toBe(200);
    expect(await count()).toBe(5);
  });
});

import { countRows, testDatabaseKind } from '@aftercare/db/testing';
import { OTHER_REF, seedVipWithThreeOrders, shanghaiCustomer, VIP_REF } from '@aftercare/reference/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CustomerDataExport, CustomerErasure } from '../src/index.js';
import { type PrivacyApi, startPrivacyApi } from './support/privacy-api.js';

type ReferenceSection = {
  customer: Record<string, unknown>;
  orders: { externalRef: string; customerRef: string }[];
};

describe(`a customer's data: export and erasure on ${testDatabaseKind()}`, () => {
  let p: PrivacyApi;
  const exportOf = (ref: string, token = p.api.tokens.supervisor) =>
    p.api.request(`/v1/customers/${ref}/export`, { token });
  const erase = (ref: string, token = p.api.tokens.admin) =>
    p.api.request(`/v1/customers/${ref}/erase`, { method: 'POST', token });

  beforeAll(async () => {
    p = await startPrivacyApi();
  });
  beforeEach(async () => {
    await p.reset();
    await seedVipWithThreeOrders(p.ctx);
  });
  afterAll(async () => p?.close());

  it('exports the customer and every order of theirs as one JSON document, never cached', async () => {
    const res = await exportOf(VIP_REF);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as CustomerDataExport;
    expect(body).toMatchObject({
      customer: { id: expect.stringMatching(/^cus_\d+$/), externalRef: VIP_REF, erasedAt: null },
      exportedAt: '2026-03-01T09:00:00.000Z',
    });
    const reference = body.sections.reference as ReferenceSection;
    expect(reference.customer).toMatchObject({ name: '王芳', phone: '+8613812345678', tier: 'vip' });
    expect(reference.orders.map((o) => o.externalRef)).toEqual(['O-1', 'O-2', 'O-3']);
    expect(reference.orders.every((o) => o.customerRef === VIP_REF)).toBe(true);
    expect(Object.keys(body.sections)).toEqual(['reference']);
    expect((await exportOf(VIP_REF, p.api.tokens.admin)).status).toBe(200);
  });

  it('erases the personal fields, keeps the customer, their orders and counts', async () => {
    const res = await erase(VIP_REF);
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toEqual({
      customerId: expect.stringMatching(/^cus_\d+$/),
      externalRef: VIP_REF,
      erasedAt: '2026-03-01T09:00:00.000Z',
      erasedNow: true,
      changed: { reference: { customers: 1, orders: 0 } },
    });
    const row = await p.database.db
      .selectFrom('customers')
      .selectAll()
      .where('external_ref', '=', VIP_REF)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      name: 'erased',
      phone: null,
      email: null,
      consent_sms: false,
      consent_email: false,
      consent_call: false,
      consent_sms_source: 'erased',
      consent_email_source: 'erased',
      consent_call_source: 'erased',
      // What reports group by stays.
      region: 'CN-Shanghai',
      tier: 'vip',
      locale: 'zh-CN',
      time_zone: 'Asia/Shanghai',
    });
    expect(row.erased_at?.toISOString()).toBe('2026-03-01T09:00:00.000Z');
    expect(await countRows(p.database.db, 'customers')).toBe(2);
    expect(await countRows(p.database.db, 'orders')).toBe(4);
    const other = await p.database.db
      .selectFrom('customers')
      .select(['name', 'erased_at'])
      .where('external_ref', '=', OTHER_REF)
      .executeTakeFirstOrThrow();
    expect(other).toEqual({ name: `Anna Miller ${OTHER_REF}`, erased_at: null });

    const exported = (await (await exportOf(VIP_REF)).json()) as CustomerDataExport;
    expect(exported.customer.erasedAt).toBe('2026-03-01T09:00:00.000Z');
    expect((exported.sections.reference as ReferenceSection).orders).toHaveLength(3);
  });

  it('records who erased whom and when in the audit log, with counts and no personal values', async () => {
    await erase(VIP_REF);
    const entries = await p.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'customer.erased')
      .execute();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actor: expect.stringMatching(/^token:\d+$/),
      entity: 'customer',
      entity_id: expect.stringMatching(/^cus_\d+$/),
      details: { changed: { reference: { customers: 1, orders: 0 } } },
    });
    expect(entries[0]!.at.toISOString()).toBe('2026-03-01T09:00:00.000Z');
    expect(JSON.stringify(entries[0])).not.toMatch(/王芳|\+86|example\.cn/);
  });

  it('appends the customer.erased@1 event in the same transaction', async () => {
    const erasure = (await (await erase(VIP_REF)).json()) as CustomerErasure;
    const events = await p.database.db.selectFrom('domain_events').selectAll().execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'customer.erased@1',
      aggregate_type: 'customer',
      aggregate_id: erasure.customerId,
      payload: {
        customerId: erasure.customerId,
        externalRef: VIP_REF,
        erasedAt: '2026-03-01T09:00:00.000Z',
        erasedBy: expect.stringMatching(/^token:\d+$/),
      },
    });
  });

  it('is idempotent: a second erasure changes nothing and answers the first one’s time', async () => {
    await erase(VIP_REF);
    p.clock.advance(86_400_000);
    const again = await erase(VIP_REF);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({
      erasedAt: '2026-03-01T09:00:00.000Z',
      erasedNow: false,
      changed: {},
    });
    expect(await countRows(p.database.db, 'domain_events')).toBe(1);
    const audit = await p.database.db
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'customer.erased')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('keeps an erased customer erased when a feed sends the customer again', async () => {
    await erase(VIP_REF);
    const upsert = await p.api.request('/v1/customers', {
      method: 'POST',
      token: p.api.tokens.ingest,
      json: { items: [shanghaiCustomer(VIP_REF, { name: '王芳', tier: 'vip' })] },
    });
    expect(await upsert.json()).toEqual({ inserted: 0, updated: 0, unchanged: 1 });
    const row = await p.database.db
      .selectFrom('customers')
      .select(['name', 'phone', 'email', 'consent_sms'])
      .where('external_ref', '=', VIP_REF)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ name: 'erased', phone: null, email: null, consent_sms: false });
  });

  it('takes an erase request with no body and no Content-Type, and refuses one with a body', async () => {
    const bare = await p.api.app.request(`/v1/customers/${VIP_REF}/erase`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${p.api.tokens.admin}` },
    });
    expect(bare.status).toBe(200);
    const withBody = await p.api.request(`/v1/customers/${OTHER_REF}/erase`, {
      method: 'POST',
      token: p.api.tokens.admin,
      json: { reason: 'asked by phone' },
    });
    expect(withBody.status).toBe(415);
  });

  it('lets supervisors export but only admins erase', async () => {
    const { tokens } = p.api;
    for (const role of ['agent', 'marketing', 'ingest'] as const) {
      expect((await exportOf(VIP_REF, tokens[role])).status, role).toBe(403);
    }
    for (const role of ['agent', 'supervisor', 'marketing', 'ingest'] as const) {
      expect((await erase(VIP_REF, tokens[role])).status, role).toBe(403);
    }
    expect((await p.api.request(`/v1/customers/${VIP_REF}/export`)).status).toBe(401);
    expect((await p.api.request(`/v1/customers/${VIP_REF}/erase`, { method: 'POST' })).status).toBe(401);
    const untouched = await p.database.db
      .selectFrom('customers')
      .select('erased_at')
      .where('external_ref', '=', VIP_REF)
      .executeTakeFirstOrThrow();
    expect(untouched.erased_at).toBeNull();
  });

  it('answers 404 for a customer we do not hold', async () => {
    const exported = await exportOf('NO-SUCH-CUSTOMER');
    expect(exported.status).toBe(404);
    expect(((await exported.json()) as { type: string }).type).toBe('/problems/not-found');
    expect((await erase('NO-SUCH-CUSTOMER')).status).toBe(404);
    expect(await countRows(p.database.db, 'domain_events')).toBe(0);
  });

  it('answers GET on the erase path with 405 and the method it takes', async () => {
    const res = await p.api.request(`/v1/customers/${VIP_REF}/erase`, { token: p.api.tokens.admin });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });
});

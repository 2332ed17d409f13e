import { countRows, type TestDatabase, testDatabaseKind } from '@aftercare/db/testing';
import type { MemoryEventWriter } from '@aftercare/events';
import { ManualClock } from '@aftercare/runtime';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { schedulerPersonalData } from '../src/index.js';
import { type SchedulerApi, startSchedulerApi } from './support/scheduler-api.js';

type Complaint = {
  id: string;
  level: number;
  levelReasons: { code: string; detail: string }[];
  category: string;
  categoryInferred: boolean;
  team: string;
  status: string;
  merged: boolean;
  mergedCount: number;
  clocks: { kind: string; dueAt: string; state: string }[];
};
type Problem = { errors: { index?: number; field: string; reason: string }[] };

const NOW = '2026-03-02T02:00:00.000Z'; // 10:00 in Shanghai

describe(`complaint intake on ${testDatabaseKind()}`, () => {
  let database: TestDatabase;
  let api: SchedulerApi['api'];
  let events: MemoryEventWriter;
  const clock = new ManualClock(NOW);

  const post = (json: unknown, token = api.tokens.ingest) =>
    api.request('/v1/complaints', { method: 'POST', token, json });
  const complaint = (overrides: Record<string, unknown> = {}) => ({
    externalRef: `ZD-${Math.random().toString(36).slice(2, 10)}`,
    customerRef: 'C-REG',
    orderRef: 'O-REG-KETTLE',
    channel: 'chat',
    category: 'quality',
    text: '水壶用了三天就坏了，要求退货',
    ...overrides,
  });

  beforeAll(async () => {
    ({ database, api, events } = await startSchedulerApi(clock));
  });
  beforeEach(async () => {
    clock.set(NOW);
    events.appended.length = 0;
    await sql`truncate complaints, domain_events cascade`.execute(database.db);
  });
  afterAll(async () => database?.dispose());

  it('takes a complaint in: graded, routed, clocks started by the policy, announced', async () => {
    const res = await post(complaint({ externalRef: 'ZD-1' }));
    expect(res.status).toBe(201);
    const body = (await res.json()) as Complaint;
    expect(body).toMatchObject({
      id: expect.stringMatching(/^cmp_\d+$/),
      level: 2,
      category: 'quality',
      team: 'quality',
      status: 'open',
      merged: false,
    });
    expect(body.clocks).toEqual([
      { kind: 'first_contact', dueAt: '2026-03-02T02:30:00.000Z', state: 'running' },
      { kind: 'solution', dueAt: '2026-03-02T06:00:00.000Z', state: 'running' },
    ]);
    expect(events.appended.map((e) => e.type)).toEqual(['complaint.opened@1', 'complaint.graded@1']);
    // Each running clock is a deadline claimed when due: a warning 15 minutes before, then the breach.
    const deadlines = await database.db
      .selectFrom('clock_deadlines')
      .innerJoin('complaint_clocks', 'complaint_clocks.id', 'clock_deadlines.clock_id')
      .select(['complaint_clocks.kind', 'clock_deadlines.step', 'clock_deadlines.due_at'])
      .orderBy('clock_deadlines.due_at')
      .execute();
    expect(deadlines.map((d) => [d.kind, d.step, d.due_at.toISOString()])).toEqual([
      ['first_contact', 'warning', '2026-03-02T02:15:00.000Z'],
      ['first_contact', 'breach', '2026-03-02T02:30:00.000Z'],
      ['solution', 'warning', '2026-03-02T05:45:00.000Z'],
      ['solution', 'breach', '2026-03-02T06:00:00.000Z'],
    ]);
    expect(events.appended[0]!.payload).toMatchObject({
      complaintId: body.id,
      sku: 'KETTLE-1',
      region: 'CN-Beijing',
      level: 2,
    });
    const detail = (await (
      await api.request(`/v1/complaints/${body.id}`, { token: api.tokens.agent })
    ).json()) as { history: { type: string }[] };
    expect(detail.history.map((h) => h.type)).toEqual(['opened', 'graded']);
  });

  it('answers a retry with the complaint it made and writes nothing new', async () => {
    const first = (await (await post(complaint({ externalRef: 'ZD-2' }))).json()) as Complaint;
    const retry = await post(complaint({ externalRef: 'ZD-2', text: 'sent again' }));
    expect(retry.status).toBe(200);
    expect(((await retry.json()) as Complaint).id).toBe(first.id);
    expect(await countRows(database.db, 'complaints')).toBe(1);
  });

  it('merges a duplicate (same customer, order and category) into the open complaint', async () => {
    const first = (await (await post(complaint({ externalRef: 'ZD-3' }))).json()) as Complaint;
    const duplicate = await post(
      complaint({ externalRef: 'TB-9', channel: 'marketplace', text: '还是坏的' }),
    );
    expect(duplicate.status).toBe(200);
    expect(await duplicate.json()).toMatchObject({ id: first.id, merged: true, mergedCount: 1 });
    expect(events.appended.at(-1)).toMatchObject({ type: 'complaint.merged@1' });
    const otherCategory = await post(
      complaint({ externalRef: 'ZD-4', category: 'logistics', text: '快递太慢' }),
    );
    expect(otherCategory.status).toBe(201);
    expect(await countRows(database.db, 'complaints')).toBe(2);
  });

  it('reads the category from the text when none is given, and routes and times it by that', async () => {
    const res = await post(
      complaint({
        category: undefined,
        orderRef: undefined,
        sku: 'MUG-1',
        text: '快递五天了还没送到，物流太慢',
      }),
    );
    const body = (await res.json()) as Complaint;
    expect(body).toMatchObject({ category: 'logistics', categoryInferred: true, team: 'logistics' });
    expect(body.clocks[0]).toEqual({
      kind: 'first_contact',
      dueAt: '2026-03-02T04:00:00.000Z',
      state: 'running',
    });
  });

  it('grades a product-safety complaint urgent, with tighter clocks and its reason', async () => {
    const body = (await (
      await post(complaint({ text: '水壶烧水的时候冒烟起火了，差点烫伤孩子' }))
    ).json()) as Complaint;
    expect(body.level).toBe(1);
    expect(body.levelReasons.map((r) => r.code)).toContain('keyword.product_safety');
    expect(body.clocks[0]!.dueAt).toBe('2026-03-02T02:15:00.000Z');
  });

  it('does not grade a VIP’s third complaint in 30 days as a mere suggestion', async () => {
    const suggestion = '建议以后包装里附一张中文说明书';
    const regular = (await (
      await post(complaint({ category: 'other', text: suggestion, orderRef: undefined }))
    ).json()) as Complaint;
    expect(regular.level).toBe(3);
    for (const [i, days] of [10, 3].entries()) {
      clock.set(new Date(Date.parse(NOW) - days * 86_400_000));
      await post(
        complaint({
          customerRef: 'C-VIP',
          orderRef: undefined,
          category: i === 0 ? 'service' : 'logistics',
          text: '客服回复太慢了',
        }),
      );
    }
    clock.set(NOW);
    const vip = (await (
      await post(
        complaint({ customerRef: 'C-VIP', orderRef: undefined, category: 'other', text: suggestion }),
      )
    ).json()) as Complaint;
    expect(vip.level).toBe(2);
    expect(vip.levelReasons.map((r) => r.code)).toContain('vip.repeat');
  });

  it('backfills history: a past complaint whose target has passed is breached at once', async () => {
    const body = (await (
      await post(complaint({ openedAt: '2026-02-27T10:00:00+08:00' }))
    ).json()) as Complaint;
    expect(body.clocks.map((c) => c.state)).toEqual(['breached', 'breached']);
    const breached = (await (
      await api.request('/v1/complaints?breached=true', { token: api.tokens.supervisor })
    ).json()) as { items: Complaint[] };
    expect(breached.items.map((c) => c.id)).toEqual([body.id]);
  });

  it('refuses bad complaints with the field named and writes nothing', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ customerRef: 'C-NOBODY' }, 'customerRef'],
      [{ orderRef: 'O-VIP-KETTLE' }, 'orderRef'],
      [{ openedAt: '2025-11-01T00:00:00Z' }, 'openedAt'],
      [{ openedAt: '2026-03-05T00:00:00Z' }, 'openedAt'],
      [{ text: '<script>alert(1)</script>' }, 'text'],
      [{ text: 'x'.repeat(100_000) }, 'text'],
      [{ channel: 'fax' }, 'channel'],
    ];
    for (const [overrides, field] of cases) {
      const res = await post(complaint(overrides));
      expect(res.status, field).toBe(400);
      expect(
        ((await res.json()) as Problem).errors.map((e) => e.field),
        JSON.stringify(overrides).slice(0, 60),
      ).toContain(field);
    }
    expect(await countRows(database.db, 'complaints')).toBe(0);
    expect(events.appended).toEqual([]);
  });

  it('takes a batch and answers per item, in order', async () => {
    const res = await api.request('/v1/complaints/batch', {
      method: 'POST',
      token: api.tokens.ingest,
      json: {
        items: [
          complaint({ externalRef: 'B-1' }),
          complaint({ externalRef: 'B-2', customerRef: 'C-NOBODY' }),
          complaint({ externalRef: 'B-3', text: '第二次反映，还是坏的' }),
          { externalRef: 'B-4' },
          complaint({ externalRef: 'B-1' }),
        ],
      },
    });
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as {
      items: { index: number; status: string; complaint?: Complaint; errors?: { field: string }[] }[];
    };
    expect(items.map((i) => i.status)).toEqual(['created', 'rejected', 'merged', 'rejected', 'existing']);
    expect(items[1]!.errors?.map((e) => e.field)).toEqual(['customerRef']);
    expect(items[2]!.complaint?.id).toBe(items[0]!.complaint?.id);
  });

  it('lists with filters and finds one with its history; unknown ids are 404', async () => {
    await post(complaint({ externalRef: 'L-1' }));
    await post(
      complaint({
        externalRef: 'L-2',
        customerRef: 'C-VIP',
        orderRef: 'O-VIP-KETTLE',
        text: '冒烟了，很危险',
      }),
    );
    const urgent = (await (
      await api.request('/v1/complaints?level=1', { token: api.tokens.agent })
    ).json()) as { items: Complaint[] };
    expect(urgent.items).toHaveLength(1);
    const vip = (await (
      await api.request('/v1/complaints?customerRef=C-VIP&category=quality', { token: api.tokens.agent })
    ).json()) as { items: Complaint[] };
    expect(vip.items.map((c) => c.level)).toEqual([1]);
    for (const id of ['cmp_999999', 'abc']) {
      expect((await api.request(`/v1/complaints/${id}`, { token: api.tokens.agent })).status, id).toBe(404);
    }
    expect((await api.request('/v1/complaints?level=4', { token: api.tokens.agent })).status).toBe(400);
  });

  it('lets helpdesks and agents take complaints in, and keeps them from others', async () => {
    expect((await post(complaint(), api.tokens.marketing)).status).toBe(403);
    expect((await post(complaint(), api.tokens.agent)).status).toBe(201);
    expect((await api.request('/v1/complaints', { token: api.tokens.ingest })).status).toBe(403);
    expect((await api.request('/v1/complaints')).status).toBe(401);
  });

  it('erases what a customer wrote and keeps the complaint for the figures', async () => {
    const body = (await (
      await post(complaint({ externalRef: 'E-1', text: '我的电话是13812345678，水壶坏了' }))
    ).json()) as Complaint;
    const customer = await database.db
      .selectFrom('customers')
      .select('id')
      .where('external_ref', '=', 'C-REG')
      .executeTakeFirstOrThrow();
    const changed = await database.db
      .transaction()
      .execute((trx) => schedulerPersonalData.eraseCustomer(trx, customer));
    expect(changed).toMatchObject({ complaints: 1, complaint_refs: 1 });
    const detail = (await (
      await api.request(`/v1/complaints/${body.id}`, { token: api.tokens.agent })
    ).json()) as { text: string; level: number };
    expect(detail.text).toBe('[erased]');
    expect(detail.level).toBe(2);
  });
});

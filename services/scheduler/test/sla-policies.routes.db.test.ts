import { createTestDatabase, type TestDatabase, testDatabaseKind } from '@aftercare/db/testing';
import { createTestApp, createTestContext } from '@aftercare/http/testing';
import { ManualClock } from '@aftercare/runtime';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchedulerService } from '../src/index.js';
import { seedShopWithVipAndRegularBuyers } from './seed/shop-with-vip-and-regular-buyers.js';

type Policy = { id: string; level: number; category: string; targets: Record<string, number> };

describe(`SLA policies on ${testDatabaseKind()}`, () => {
  let database: TestDatabase;
  let api: Awaited<ReturnType<typeof createTestApp>>;
  const clock = new ManualClock('2026-03-02T02:00:00Z');
  const targets = {
    firstContact: 90,
    solution: 240,
    solutionComplex: 480,
    progressUpdate: 120,
    confirmation: 60,
    satisfactionCallback: 1440,
    internalReply: 60,
    warningBefore: 15,
  };
  const put = (items: unknown[], token = api.tokens.supervisor) =>
    api.request('/v1/sla-policies', { method: 'PUT', token, json: { items } });
  const logistics = (ref: string, customerRef: string) =>
    api.request('/v1/complaints', {
      method: 'POST',
      token: api.tokens.ingest,
      json: {
        externalRef: ref,
        customerRef,
        sku: 'MUG-1',
        channel: 'chat',
        category: 'logistics',
        text: '快递太慢了',
      },
    });

  beforeAll(async () => {
    database = await createTestDatabase();
    const ctx = await createTestContext(database, { clock });
    api = await createTestApp(ctx, (c) => [createSchedulerService(c)]);
    await seedShopWithVipAndRegularBuyers(ctx);
  });
  afterAll(async () => database?.dispose());

  it('starts with the defaults of the domain brief, and a new version applies to new complaints only', async () => {
    await sql`truncate complaints cascade`.execute(database.db);
    const current = (await (
      await api.request('/v1/sla-policies', { token: api.tokens.supervisor })
    ).json()) as { items: Policy[] };
    expect(current.items.map((p) => `${p.level} ${p.category} ${p.targets.firstContact}`)).toEqual([
      '1 * 15',
      '2 * 30',
      '2 logistics 120',
      '2 service 60',
      '3 * 1440',
    ]);
    const before = (await (await logistics('P-1', 'C-REG')).json()) as { clocks: { dueAt: string }[] };
    expect(before.clocks[0]!.dueAt).toBe('2026-03-02T04:00:00.000Z');

    const res = await put([{ level: 2, category: 'logistics', targets }]);
    expect(res.status).toBe(200);
    const after = (await (await logistics('P-2', 'C-VIP')).json()) as { clocks: { dueAt: string }[] };
    expect(after.clocks[0]!.dueAt).toBe('2026-03-02T03:30:00.000Z');
    // The first complaint keeps the targets it started with.
    const first = (await (
      await api.request('/v1/complaints?sku=MUG-1&customerRef=C-REG', { token: api.tokens.agent })
    ).json()) as { items: { clocks: { dueAt: string }[] }[] };
    expect(first.items[0]!.clocks[0]!.dueAt).toBe('2026-03-02T04:00:00.000Z');
  });

  it('refuses targets that make no sense, naming the field, and other roles', async () => {
    for (const [item, field] of [
      [
        { level: 2, category: 'quality', targets: { ...targets, solutionComplex: 60 } },
        'targets.solutionComplex',
      ],
      [{ level: 2, category: 'quality', targets: { ...targets, firstContact: 0 } }, 'targets.firstContact'],
      [{ level: 4, category: 'quality', targets }, 'level'],
      [{ level: 2, category: 'quality', targets, calendar: 'office' }, 'calendar'],
    ] as const) {
      const res = await put([item]);
      expect(res.status, field).toBe(400);
      expect(((await res.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toContain(
        field,
      );
    }
    expect((await put([{ level: 2, category: 'quality', targets }], api.tokens.agent)).status).toBe(403);
    expect((await api.request('/v1/sla-policies', { token: api.tokens.agent })).status).toBe(403);
  });
});

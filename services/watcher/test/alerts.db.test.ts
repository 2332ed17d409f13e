import { createTestDatabase, type TestDatabase, testDatabaseKind } from '@aftercare/db/testing';
import { createTestApp, createTestContext } from '@aftercare/http/testing';
import { upsertCustomers, upsertOrders } from '@aftercare/reference';
import { ManualClock } from '@aftercare/runtime';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { takeComplaints } from '../src/alerts/complaint-signals-worker.js';
import { watchOpenAlerts } from '../src/alerts/watch-open-alerts.js';
import { createWatcherService } from '../src/index.js';
import { type IngestLine, ingestMentions } from '../src/mentions/ingest.js';
import { evaluateCell } from '../src/riskmap/evaluate-cells.js';
import { riskCellChangeQueue } from '../src/riskmap/evaluator-worker.js';
import { seedShopWithBlenderAndKettle } from './seed/shop-with-blender-and-kettle.js';

const NOW = new Date('2026-03-16T10:30:00.000Z');
const HOUR = 3_600_000;
const BAD = '外壳开裂，漏水，质量太差了';
const GOOD = '很好用，推荐购买';

type Alert = {
  id: string;
  kind: string;
  sku: string;
  region: string;
  status: string;
  risk: number;
  reason: string;
  evidence: Record<string, unknown>;
  handledBy: string | null;
  handledReason: string | null;
  samples?: { text: string }[];
};

describe(`risk alerts on ${testDatabaseKind()}`, () => {
  let database: TestDatabase;
  let api: Awaited<ReturnType<typeof createTestApp>>;
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  const clock = new ManualClock(NOW);
  let n = 0;

  const post = (value: Record<string, unknown>, at: number): IngestLine => ({
    index: n,
    value: {
      source: 'weibo',
      externalId: `p-${n++}`,
      sku: 'BLENDER-1',
      region: 'Guangdong',
      occurredAt: new Date(at).toISOString(),
      ...value,
    },
  });
  const posts = (count: number, text: string, at: (i: number) => number, extra = {}) =>
    Array.from({ length: count }, (_, i) => post({ text, ...extra }, at(i)));

  /** The evaluator's work, as its worker does it. */
  async function evaluate(): Promise<void> {
    const queue = riskCellChangeQueue(ctx);
    for (let rows = await queue.claim('test', 500); rows.length > 0; rows = await queue.claim('test', 500)) {
      for (const row of rows) {
        await evaluateCell(ctx, row);
        await queue.complete(row.id, 'test');
      }
    }
  }

  /**
   * Two weeks of ordinary talk about the blender in a region: a post every 6 hours, a negative one
   * every 30. Counted on the map as history; its cells need no scoring for the detector.
   */
  async function quietHistory(region = 'Guangdong'): Promise<void> {
    const history: IngestLine[] = [];
    for (let h = 14 * 24; h >= 6; h -= 6) {
      history.push(post({ text: h % 30 === 0 ? BAD : GOOD, region }, NOW.getTime() - h * HOUR));
    }
    await ingestMentions(ctx, history);
    await database.db.deleteFrom('risk_cell_changes').execute();
  }

  const alerts = async (query = '') => {
    const res = await api.request(`/v1/alerts${query}`, { token: api.tokens.marketing });
    expect(res.status).toBe(200);
    return ((await res.json()) as { items: Alert[] }).items;
  };
  const events = (type: string) =>
    database.db
      .selectFrom('domain_events')
      .select('payload')
      .where('type', '=', type)
      .orderBy('id')
      .execute();

  beforeAll(async () => {
    database = await createTestDatabase();
    ctx = await createTestContext(database, { clock });
    api = await createTestApp(ctx, (c) => [createWatcherService(c)]);
    await seedShopWithBlenderAndKettle(ctx);
    await upsertCustomers(ctx, {
      actor: 'test',
      records: ['C-2', 'C-3', 'C-4'].map((externalRef) => ({
        externalRef,
        name: `Buyer ${externalRef}`,
        phone: null,
        email: null,
        locale: 'zh-CN',
        timeZone: 'Asia/Shanghai',
        region: 'Guangdong',
        tier: 'regular' as const,
        consents: { sms: true, email: true, call: true },
      })),
    });
    await upsertOrders(ctx, {
      actor: 'test',
      records: ['C-2', 'C-3', 'C-4'].map((customerRef) => ({
        externalRef: `O-${customerRef}`,
        customerRef,
        sku: 'BLENDER-1',
        region: 'Guangdong',
        purchasedAt: '2026-02-01T10:00:00+08:00',
        amount: 399,
        status: 'delivered' as const,
      })),
    });
  });
  beforeEach(async () => {
    clock.set(NOW);
    await sql`truncate mention_keys, mentions, mention_authors, risk_cells, risk_cell_terms, risk_cell_changes,
      risk_detectors, risk_alerts, quality_signals, domain_events, event_cursors cascade`.execute(
      database.db,
    );
  });
  afterAll(async () => database?.dispose());

  it('opens one spike alert that explains itself, grows it, and closes it when the cell calms', async () => {
    await quietHistory();
    expect(await alerts()).toEqual([]);

    // A burst of the same fault in the current hour.
    await ingestMentions(
      ctx,
      posts(8, BAD, (i) => NOW.getTime() - i * 60_000),
    );
    await evaluate();
    const [opened, ...others] = await alerts('?status=open');
    expect(others).toEqual([]);
    expect(opened).toMatchObject({ kind: 'spike', sku: 'BLENDER-1', region: 'Guangdong', status: 'open' });
    expect(opened!.reason).toMatch(
      /^8 negative mentions of PowerMix Blender in Guangdong in the last hour, expected /,
    );
    expect(opened!.reason).toMatch(/mostly quality/);
    expect(opened!.risk).toBeGreaterThan(50);
    expect(opened!.evidence).toMatchObject({ negative: 8, windowHours: 1, mentions: 8 });
    expect((opened!.evidence.topTerms as string[]).length).toBeGreaterThan(0);
    expect((await events('risk_alert.opened@1')).map((e) => e.payload)).toEqual([
      expect.objectContaining({
        alertId: opened!.id,
        kind: 'spike',
        sku: 'BLENDER-1',
        region: 'Guangdong',
        category: 'home-appliances',
        risk: opened!.risk,
      }),
    ]);

    // The detail shows the posts behind it.
    const detail = await api.request(`/v1/alerts/${opened!.id}`, { token: api.tokens.supervisor });
    expect(detail.status).toBe(200);
    const body = (await detail.json()) as Alert;
    expect(body.samples!.length).toBe(5);
    expect(body.samples!.every((s) => s.text === BAD)).toBe(true);

    // Evaluating the same counts again changes nothing; a few more posts do not re-report.
    await evaluateCell(ctx, {
      product_id: (
        await database.db
          .selectFrom('products')
          .select('id')
          .where('sku', '=', 'BLENDER-1')
          .executeTakeFirstOrThrow()
      ).id,
      region: 'Guangdong',
      window_start: new Date(Math.floor(NOW.getTime() / HOUR) * HOUR),
    });
    await ingestMentions(
      ctx,
      posts(2, BAD, (i) => NOW.getTime() - i * 30_000),
    );
    await evaluate();
    expect(await events('risk_alert.updated@1')).toEqual([]);
    // It grows by half again and three more: updated, still one alert.
    await ingestMentions(
      ctx,
      posts(10, BAD, (i) => NOW.getTime() - i * 20_000),
    );
    await evaluate();
    const [grown, ...none] = await alerts();
    expect(none).toEqual([]);
    expect(grown!.id).toBe(opened!.id);
    expect(grown!.evidence.negative).toBe(20);
    expect(grown!.reason).toMatch(/^20 negative mentions/);
    expect(await events('risk_alert.updated@1')).toHaveLength(1);

    // Quiet hours: the periodic look steps the detector with nothing and closes it after six.
    for (let h = 1; h <= 8; h++) {
      clock.set(new Date(NOW.getTime() + h * HOUR));
      await watchOpenAlerts(ctx, { now: clock.now() });
    }
    const [closed] = await alerts();
    expect(closed).toMatchObject({ id: opened!.id, status: 'closed' });
    expect((await events('risk_alert.closed@1')).map((e) => e.payload)).toEqual([
      expect.objectContaining({ alertId: opened!.id, closedAt: expect.any(String) }),
    ]);
  });

  it('opens no alert for ordinary talk, nor for a burst backfilled from last week', async () => {
    await quietHistory();
    // A steady trickle in the current hour, as usual.
    await ingestMentions(
      ctx,
      posts(3, GOOD, (i) => NOW.getTime() - i * 60_000),
    );
    // Last week's burst arrives late (a backfill): it is history on the map, not news.
    await ingestMentions(
      ctx,
      posts(15, BAD, (i) => NOW.getTime() - 7 * 24 * HOUR - i * 60_000),
    );
    await evaluate();
    expect(await alerts()).toEqual([]);
    const cells = await database.db
      .selectFrom('risk_cells')
      .select(['negative', 'risk'])
      .where('granularity', '=', 'hour')
      .orderBy('risk', 'desc')
      .executeTakeFirstOrThrow();
    expect(cells.negative).toBe(15);
  });

  it('lets marketing acknowledge or dismiss an alert with a reason, recording who and when', async () => {
    await quietHistory();
    await ingestMentions(
      ctx,
      posts(8, BAD, (i) => NOW.getTime() - i * 60_000),
    );
    await evaluate();
    const [alert] = await alerts();
    const act = (what: string, json: unknown, token = api.tokens.marketing, id = alert!.id) =>
      api.request(`/v1/alerts/${id}/${what}`, { method: 'POST', token, json });

    expect((await act('acknowledge', {}, api.tokens.agent)).status).toBe(403);
    const missing = await act('dismiss', {});
    expect(missing.status).toBe(400);
    expect(JSON.stringify(await missing.json())).toContain('reason');
    expect((await act('acknowledge', {}, api.tokens.marketing, 'alr_999999')).status).toBe(404);

    const acknowledged = await act('acknowledge', { reason: 'Product team checking the batch' });
    expect(acknowledged.status).toBe(200);
    expect(await acknowledged.json()).toMatchObject({
      status: 'acknowledged',
      handledReason: 'Product team checking the batch',
      handledBy: expect.stringMatching(/^token:/),
    });
    expect((await act('acknowledge', {})).status).toBe(409);

    const dismissed = await act('dismiss', { reason: 'A competitor’s bot campaign' });
    expect(dismissed.status).toBe(200);
    expect(await dismissed.json()).toMatchObject({
      status: 'dismissed',
      handledReason: 'A competitor’s bot campaign',
    });
    expect(await alerts('?status=open')).toEqual([]);
    expect(await events('risk_alert.closed@1')).toHaveLength(1);
    const audit = await database.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', alert!.id)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['risk_alert.acknowledge', 'risk_alert.dismiss']);

    // The spike goes on: the dismissed alert is not reopened every tick.
    await ingestMentions(
      ctx,
      posts(20, BAD, (i) => NOW.getTime() - i * 10_000),
    );
    await evaluate();
    expect(await alerts('?status=open')).toEqual([]);
    // It grew, but a dismissed alert is not updated; when the cell calms it records the end
    // without a second closed event.
    expect(await events('risk_alert.updated@1')).toEqual([]);
    for (let h = 1; h <= 8; h++) await watchOpenAlerts(ctx, { now: new Date(NOW.getTime() + h * HOUR) });
    const [after] = await alerts();
    expect(after).toMatchObject({ id: alert!.id, status: 'dismissed', closedAt: expect.any(String) });
    expect(await events('risk_alert.closed@1')).toHaveLength(1);
  });

  it('opens a quality alert when three customers complain about one product within a day', async () => {
    const complaint = (n: number, customerId: string, hoursAgo: number) => ({
      id: n,
      txid: '1',
      type: 'complaint.opened@1' as const,
      aggregateType: 'complaint',
      aggregateId: `cmp_${n}`,
      occurredAt: NOW,
      payload: {
        complaintId: `cmp_${n}`,
        customerId,
        sku: 'BLENDER-1',
        region: 'Guangdong',
        category: 'quality' as const,
        level: 2 as const,
        channel: 'phone' as const,
        team: 'quality',
        openedAt: new Date(NOW.getTime() - hoursAgo * HOUR).toISOString(),
      },
    });
    const [c1, c2] = await database.db
      .selectFrom('customers')
      .select('id')
      .where('external_ref', 'in', ['C-GD', 'C-2'])
      .orderBy('external_ref')
      .execute();
    // Two customers (one of them twice), and one complaint from last month: no alert yet.
    await ctx.db
      .transaction()
      .execute((trx) =>
        takeComplaints(trx, ctx, [
          complaint(1, `cus_${c1!.id}`, 2),
          complaint(2, `cus_${c1!.id}`, 1),
          complaint(3, `cus_${c2!.id}`, 3),
          complaint(4, `cus_${c2!.id}`, 30 * 24),
        ]),
      );
    expect(await alerts()).toEqual([]);

    // A third customer posts about the order they got: that is the third.
    await ingestMentions(ctx, [post({ text: BAD, orderRef: 'O-C-3' }, NOW.getTime() - 10 * 60_000)]);
    await evaluate();
    const [quality, ...others] = await alerts('?kind=quality');
    expect(others).toEqual([]);
    expect(quality).toMatchObject({ kind: 'quality', sku: 'BLENDER-1', region: 'Guangdong', status: 'open' });
    expect(quality!.reason).toBe(
      '3 customers complained about PowerMix Blender in Guangdong in the last day (3 formal complaints, 1 post naming an order)',
    );
    expect(quality!.evidence).toMatchObject({ customers: 3, formalComplaints: 3, mentionsWithOrder: 1 });
    expect(quality!.risk).toBeGreaterThan(0);

    // The same complaints again (a replayed batch) change nothing; a fourth customer grows it.
    await ctx.db.transaction().execute((trx) => takeComplaints(trx, ctx, [complaint(3, `cus_${c2!.id}`, 3)]));
    await ingestMentions(ctx, [post({ text: BAD, orderRef: 'O-C-4' }, NOW.getTime() - 5 * 60_000)]);
    await evaluate();
    const [grown] = await alerts('?kind=quality');
    expect(grown).toMatchObject({ id: quality!.id, evidence: expect.objectContaining({ customers: 4 }) });
    expect(await events('risk_alert.updated@1')).toHaveLength(1);

    // A day without complaints closes it.
    clock.set(new Date(NOW.getTime() + 25 * HOUR));
    expect((await watchOpenAlerts(ctx, { now: clock.now() })).closedQuality).toBe(1);
    expect((await alerts('?kind=quality'))[0]!.status).toBe('closed');
  });

  it('lists alerts newest first by status, kind, product and region, and refuses bad filters', async () => {
    await quietHistory();
    await quietHistory('Zhejiang');
    await ingestMentions(
      ctx,
      posts(8, BAD, (i) => NOW.getTime() - i * 60_000),
    );
    await ingestMentions(
      ctx,
      posts(8, BAD, (i) => NOW.getTime() - i * 60_000, { region: 'Zhejiang' }),
    );
    await evaluate();
    const all = await alerts();
    expect(all.map((a) => a.region).sort()).toEqual(['Guangdong', 'Zhejiang']);
    const ids = all.map((a) => Number(a.id.slice('alr_'.length)));
    expect(ids[0]).toBeGreaterThan(ids[1]!);
    expect(await alerts('?region=Zhejiang')).toHaveLength(1);
    expect(await alerts('?sku=KETTLE-1')).toEqual([]);
    expect(await alerts('?kind=quality')).toEqual([]);
    expect(await alerts('?limit=1')).toHaveLength(1);
    const bad = await api.request('/v1/alerts?status=burning', { token: api.tokens.marketing });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('status');
    expect((await api.request('/v1/alerts', { token: api.tokens.agent })).status).toBe(403);
    expect((await api.request('/v1/alerts')).status).toBe(401);
  });
});

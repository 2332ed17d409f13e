import { createApiToken } from '@aftercare/auth';
import { createTestDatabase, type TestDatabase, testDatabaseKind } from '@aftercare/db/testing';
import { createTestApp, createTestContext } from '@aftercare/http/testing';
import { consumeEvents } from '@aftercare/jobs';
import { ManualClock } from '@aftercare/runtime';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { closeLapsedCallbacks } from '../src/callbacks/close-lapsed.js';
import { postResolutionConsumer } from '../src/callbacks/plan-post-resolution.js';
import { planProactiveCalls } from '../src/callbacks/plan-proactive.js';
import { createSchedulerService } from '../src/index.js';
import { seedCallersAroundTheDateLine } from './seed/callers-around-the-date-line.js';
import { seedShopWithVipAndRegularBuyers } from './seed/shop-with-vip-and-regular-buyers.js';

type Callback = {
  id: string;
  kind: string;
  status: string;
  complaintId: string | null;
  customerRef: string;
  dueAt: string;
  windowEnd: string;
  level: number | null;
  vip: boolean;
  questionnaire: { id: string; version: number; questions: { id: string; kind: string; text: string }[] };
};

const MONDAY_10 = '2026-03-02T02:00:00.000Z'; // 10:00 in Shanghai

interface CallbackApi {
  database: TestDatabase;
  api: Awaited<ReturnType<typeof createTestApp>>;
  /** A second agent's token, to race and to be refused. */
  otherAgent: string;
  openComplaint(input: { customerRef: string; externalRef: string }): Promise<string>;
  moveComplaint(id: string, type: string): Promise<void>;
}

/**
 * The scheduler's routes over a fresh database with the real event writer (the planner reads
 * `domain_events`), the shop of seed/shop-with-vip-and-regular-buyers and the callers of
 * seed/callers-around-the-date-line.
 */
async function startCallbackApi(clock: ManualClock): Promise<CallbackApi> {
  const database = await createTestDatabase();
  const ctx = await createTestContext(database, { clock });
  const api = await createTestApp(ctx, (c) => [createSchedulerService(c)]);
  await seedShopWithVipAndRegularBuyers(ctx);
  await seedCallersAroundTheDateLine(ctx);
  const otherAgent = (await createApiToken(ctx, { name: 'second agent', role: 'agent', createdBy: 'test' }))
    .token;
  const check = async (res: Response, status: number) => {
    if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${await res.text()}`);
    return res;
  };
  return {
    database,
    api,
    otherAgent,
    async openComplaint({ customerRef, externalRef }) {
      const res = await api.request('/v1/complaints', {
        method: 'POST',
        token: api.tokens.ingest,
        json: { externalRef, customerRef, channel: 'phone', category: 'quality', text: '水壶质量太差了' },
      });
      return ((await (await check(res, 201)).json()) as { id: string }).id;
    },
    async moveComplaint(id, type) {
      const res = await api.request(`/v1/complaints/${id}/events`, {
        method: 'POST',
        token: api.tokens.ingest,
        json: { type },
      });
      await check(res, 200);
    },
  };
}

// A resolved complaint's confirmation and satisfaction callbacks, planned by the consumer of
// complaint.resolved@1 (driven here with consumeEvents, as the worker does).
describe(`post-resolution callbacks on ${testDatabaseKind()}`, () => {
  let s: CallbackApi;
  const clock = new ManualClock(MONDAY_10);
  let seq = 0;
  /**
   * Consumes until every event is behind the cursor. On a shared server another suite's open
   * transaction holds delivery back (events are read below the snapshot's xmin), so it waits.
   */
  const plan = async () => {
    for (let waited = 0; waited < 10_000; waited += 20) {
      await consumeEvents(s.api.ctx, postResolutionConsumer(s.api.ctx));
      const { rows } = await sql<{ behind: boolean }>`
        select coalesce((select (last_txid, last_id) >= (e.txid, e.id) from event_cursors
          where consumer = 'scheduler.callbacks'), false) as behind
        from (select txid, id from domain_events order by txid desc, id desc limit 1) e`.execute(
        s.database.db,
      );
      if (rows.every((row) => row.behind)) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error('the planner did not catch up with the events in 10 s');
  };
  const callbacksOf = async (complaintId: string) => {
    const res = await s.api.request(`/v1/callbacks?complaintId=${complaintId}`, {
      token: s.api.tokens.supervisor,
    });
    expect(res.status, await res.clone().text()).toBe(200);
    return ((await res.json()) as { items: Callback[] }).items;
  };

  beforeAll(async () => {
    s = await startCallbackApi(clock);
  });
  beforeEach(async () => {
    clock.set(new Date(MONDAY_10));
    await sql`truncate complaints, callbacks, domain_events, event_cursors cascade`.execute(s.database.db);
  });
  afterAll(async () => s?.database.dispose());

  const openAndResolve = async (customerRef: string) => {
    seq += 1;
    const id = await s.openComplaint({ customerRef, externalRef: `PLAN-${seq}` });
    await s.moveComplaint(id, 'resolved');
    return id;
  };

  it('plans a confirmation and a satisfaction callback once, due by their clocks, however often it is replayed', async () => {
    const id = await openAndResolve('C-VIP');
    await plan();
    const planned = await callbacksOf(id);
    expect(planned.map((c) => [c.kind, c.status, c.dueAt, c.windowEnd, c.level, c.vip])).toEqual([
      ['confirmation', 'pending', '2026-03-02T03:00:00.000Z', '2026-03-04T03:00:00.000Z', 2, true],
      ['satisfaction', 'pending', '2026-03-03T02:00:00.000Z', '2026-03-05T02:00:00.000Z', 2, true],
    ]);
    expect(planned[0]).toMatchObject({ customerRef: 'C-VIP', complaintId: id, planId: null, attempts: 0 });
    // In the customer's locale (zh-CN), the version the callback keeps.
    expect(planned[1]?.questionnaire).toMatchObject({ id: 'satisfaction', version: 1 });
    expect(planned[1]?.questionnaire.questions[0]).toEqual({
      id: 'expectations',
      kind: 'open',
      required: true,
      text: '对于这次问题的处理，您还有什么其他的期待吗？',
    });
    // Replay from the start (a cursor lost, a second replica): nothing more.
    await sql`delete from event_cursors`.execute(s.database.db);
    await plan();
    await plan();
    expect(await callbacksOf(id)).toHaveLength(2);
  });

  it('cancels the open ones when the complaint is reopened, and plans new ones at the next resolution', async () => {
    const id = await openAndResolve('C-REG');
    await plan();
    clock.set(new Date(Date.parse(MONDAY_10) + 10 * 60_000));
    await s.moveComplaint(id, 'reopened');
    await plan();
    expect((await callbacksOf(id)).map((c) => [c.kind, c.status])).toEqual([
      ['confirmation', 'cancelled'],
      ['satisfaction', 'cancelled'],
    ]);
    clock.set(new Date(Date.parse(MONDAY_10) + 60 * 60_000));
    await s.moveComplaint(id, 'resolved');
    await plan();
    await sql`delete from event_cursors`.execute(s.database.db);
    await plan(); // the replayed first resolution finds its clocks cancelled: nothing
    expect((await callbacksOf(id)).map((c) => [c.kind, c.status, c.dueAt])).toEqual([
      ['confirmation', 'cancelled', '2026-03-02T03:00:00.000Z'],
      ['satisfaction', 'cancelled', '2026-03-03T02:00:00.000Z'],
      ['confirmation', 'pending', '2026-03-02T04:00:00.000Z'],
      ['satisfaction', 'pending', '2026-03-03T03:00:00.000Z'],
    ]);
  });

  it('drops the callbacks still waiting when the complaint is closed', async () => {
    const id = await openAndResolve('C-REG');
    await plan();
    clock.set(new Date(Date.parse(MONDAY_10) + 10 * 60_000));
    await s.moveComplaint(id, 'closed');
    await plan();
    expect((await callbacksOf(id)).map((c) => [c.kind, c.status])).toEqual([
      ['confirmation', 'cancelled'],
      ['satisfaction', 'cancelled'],
    ]);
  });

  it('reopens the complaint when the satisfaction callback hears the customer is unhappy', async () => {
    const id = await openAndResolve('C-VIP');
    await plan();
    const satisfaction = (await callbacksOf(id)).find((c) => c.kind === 'satisfaction')!;
    const claim = await s.api.request(`/v1/callbacks/${satisfaction.id}/claim`, {
      method: 'POST',
      token: s.api.tokens.agent,
    });
    expect(claim.status).toBe(200);
    const complete = await s.api.request(`/v1/callbacks/${satisfaction.id}/complete`, {
      method: 'POST',
      token: s.api.tokens.agent,
      json: {
        outcome: 'reached',
        answers: [
          { questionId: 'expectations', text: '还可以吧' },
          { questionId: 'solved', value: 'partly' },
          { questionId: 'satisfaction', value: 2 },
        ],
      },
    });
    expect(complete.status, await complete.clone().text()).toBe(200);
    expect(await complete.json()).toMatchObject({ status: 'completed', followUp: 'complaint_reopened' });
    const complaint = await s.api.request(`/v1/complaints/${id}`, { token: s.api.tokens.supervisor });
    expect(await complaint.json()).toMatchObject({ status: 'open' });
  });

  it('plans no call to a customer who withdrew call consent', async () => {
    await sql`update customers set consent_call = false where external_ref = 'C-REG'`.execute(s.database.db);
    try {
      const id = await openAndResolve('C-REG');
      await plan();
      expect(await callbacksOf(id)).toEqual([]);
    } finally {
      await sql`update customers set consent_call = true where external_ref = 'C-REG'`.execute(s.database.db);
    }
  });
});

describe(`proactive care calls on ${testDatabaseKind()}`, () => {
  let s: CallbackApi;
  const clock = new ManualClock(MONDAY_10);
  beforeAll(async () => {
    s = await startCallbackApi(clock);
  });
  beforeEach(async () => {
    await sql`truncate callbacks cascade`.execute(s.database.db);
  });
  afterAll(async () => s?.database.dispose());

  const alertOpened = (alertId: string, sku: string, region: string | null) => ({
    id: 1,
    txid: '1',
    type: 'risk_alert.opened@1' as const,
    aggregateType: 'risk_alert',
    aggregateId: alertId,
    occurredAt: clock.now(),
    payload: {
      alertId,
      kind: 'spike' as const,
      sku,
      region,
      category: 'kitchen',
      risk: 80,
      openedAt: clock.now().toISOString(),
      reason: '12 negative mentions of the kettle in CN-Shanghai in the last hour, expected 0.1',
    },
  });
  const proactive = () =>
    s.database.db
      .selectFrom('callbacks')
      .innerJoin('customers', 'customers.id', 'callbacks.customer_id')
      .select([
        'customers.external_ref',
        'callbacks.kind',
        'callbacks.source_ref',
        'callbacks.vip',
        'callbacks.status',
      ])
      .where('callbacks.kind', '=', 'proactive')
      .execute();

  it('calls the VIP buyers of the product in the alert’s region, once per alert, before a template reaches them', async () => {
    const plan = (events: ReturnType<typeof alertOpened>[]) =>
      s.database.db.transaction().execute((trx) => planProactiveCalls(trx, clock.now(), events));
    await plan([alertOpened('alr_1', 'KETTLE-1', 'CN-Shanghai')]);
    // The regular buyer is not called; the VIP is, once, however often the event is read.
    await plan([alertOpened('alr_1', 'KETTLE-1', 'CN-Shanghai')]);
    expect(await proactive()).toEqual([
      { external_ref: 'C-VIP', kind: 'proactive', source_ref: 'alr_1', vip: true, status: 'pending' },
    ]);
    // Another region, another product: nobody; an alert with no region: the VIP buyers anywhere, but
    // not while a callback of theirs already waits.
    await plan([
      alertOpened('alr_2', 'KETTLE-1', 'CN-Beijing'),
      alertOpened('alr_3', 'MUG-1', 'CN-Shanghai'),
    ]);
    await plan([alertOpened('alr_4', 'KETTLE-1', null)]);
    expect((await proactive()).map((c) => c.source_ref)).toEqual(['alr_1']);
    // It is in the queue at once, with the care questionnaire.
    const res = await s.api.request('/v1/callbacks/claim', { method: 'POST', token: s.api.tokens.agent });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      kind: 'proactive',
      customerRef: 'C-VIP',
      questionnaire: { id: 'care' },
    });
  });
});

type Queued = Callback & {
  followUp: string | null;
  attempts: number;
  nextAttemptAt: string | null;
  agent: string | null;
  outcome: string | null;
  answers?: { questionId: string; text: string | null; value: unknown }[];
};

// The queue agents work, over callbacks inserted as the planners would leave them.
describe(`the callback queue on ${testDatabaseKind()}`, () => {
  let s: CallbackApi;
  const clock = new ManualClock(MONDAY_10);
  const MIN = 60_000;
  const later = (minutes: number) => clock.set(new Date(clock.now().getTime() + minutes * MIN));

  beforeAll(async () => {
    s = await startCallbackApi(clock);
  });
  beforeEach(async () => {
    clock.set(new Date(MONDAY_10));
    await sql`truncate callbacks cascade`.execute(s.database.db);
  });
  afterAll(async () => s?.database.dispose());

  const insert = async (
    customerRef: string,
    fields: {
      kind?: 'confirmation' | 'satisfaction' | 'periodic';
      level?: 1 | 2 | 3 | null;
      vip?: boolean;
      dueIn?: number;
    } = {},
  ) => {
    const due = new Date(clock.now().getTime() + (fields.dueIn ?? 60) * MIN);
    const row = await s.database.db
      .insertInto('callbacks')
      .values((eb) => ({
        kind: fields.kind ?? 'satisfaction',
        customer_id: eb.selectFrom('customers').select('id').where('external_ref', '=', customerRef),
        complaint_id: null,
        clock_id: null,
        plan_id: null,
        questionnaire_key: 'satisfaction',
        questionnaire_version: 1,
        level: fields.level === undefined ? 2 : fields.level,
        vip: fields.vip ?? false,
        due_at: due,
        window_end: new Date(due.getTime() + 2 * 24 * 60 * MIN),
        next_attempt_at: null,
        agent: null,
        agent_user_id: null,
        lease_expires_at: null,
        outcome: null,
        note: null,
        call_at: null,
        created_at: clock.now(),
        completed_at: null,
      }))
      .returning('id')
      .executeTakeFirstOrThrow();
    return `cb_${row.id}`;
  };
  const claimNext = async (token = s.api.tokens.agent) => {
    const res = await s.api.request('/v1/callbacks/claim', { method: 'POST', token });
    if (res.status === 204) return undefined;
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as Queued;
  };
  const post = (id: string, action: string, token = s.api.tokens.agent, json?: unknown) =>
    s.api.request(`/v1/callbacks/${id}/${action}`, {
      method: 'POST',
      token,
      ...(json === undefined ? {} : { json }),
    });
  const detail = async (id: string) => {
    const res = await s.api.request(`/v1/callbacks/${id}`, { token: s.api.tokens.supervisor });
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as Queued & { customer: Record<string, unknown> };
  };
  const satisfied = [
    { questionId: 'expectations', text: '希望下次处理能更快一些' },
    { questionId: 'solved', value: 'yes' },
    { questionId: 'satisfaction', value: 4 },
  ];

  it('gives the most urgent first: level, post-resolution before others, VIP, then due time; 204 when none is left', async () => {
    const periodic = await insert('C-REG', { kind: 'periodic', dueIn: -300 });
    const regularLater = await insert('C-REG', { dueIn: 120 });
    const urgent = await insert('C-REG', { level: 1, dueIn: 600 });
    const noLevelVip = await insert('C-VIP', { kind: 'periodic', level: null, vip: true, dueIn: -600 });
    const vip = await insert('C-VIP', { vip: true, dueIn: 900 });
    const confirmation = await insert('C-REG', { kind: 'confirmation', dueIn: 60 });
    const order: string[] = [];
    for (let next = await claimNext(); next; next = await claimNext()) order.push(next.id);
    expect(order).toEqual([urgent, vip, confirmation, regularLater, periodic, noLevelVip]);
    expect(await claimNext()).toBeUndefined();
  });

  it('offers a callback only within the customer’s calling hours, across the date line', async () => {
    clock.set(new Date('2026-03-02T15:00:00Z')); // 23:00 in Shanghai, 10:00 in New York
    await insert('C-REG', { level: 1 });
    const newYork = await insert('C-NYC', { level: 3 });
    expect((await claimNext())?.id).toBe(newYork);
    expect(await claimNext()).toBeUndefined();
    await sql`truncate callbacks cascade`.execute(s.database.db);
    // 04:00 in Shanghai; 09:00 Monday in Pago Pago and 10:00 Tuesday on Kiritimati: both callable.
    clock.set(new Date('2026-03-02T20:00:00Z'));
    await insert('C-VIP', { level: 1, vip: true });
    const pagoPago = await insert('C-PPG', { dueIn: 30 });
    const kiritimati = await insert('C-KIR', { dueIn: 60 });
    expect([(await claimNext())?.id, (await claimNext())?.id]).toEqual([pagoPago, kiritimati]);
    expect(await claimNext()).toBeUndefined();
    const card = await detail(kiritimati);
    expect(card.customer).toMatchObject({
      ref: 'C-KIR',
      timeZone: 'Pacific/Kiritimati',
      localTime: '2026-03-03T10:00',
    });
  });

  it('never gives two agents the same callback', async () => {
    const ids = await Promise.all(
      Array.from({ length: 8 }, (_, i) => insert(i % 2 ? 'C-VIP' : 'C-REG', { dueIn: i })),
    );
    const claims = await Promise.all(
      Array.from({ length: 16 }, (_, i) => claimNext(i % 2 ? s.otherAgent : s.api.tokens.agent)),
    );
    const claimed = claims.flatMap((c) => (c ? [c.id] : []));
    expect(claimed.toSorted()).toEqual(ids.toSorted());
    expect(claims.filter((c) => c === undefined)).toHaveLength(8);
  });

  it('holds a claim for its lease: others get 409 until it lapses, then it is back in the queue', async () => {
    const id = await insert('C-REG');
    expect((await claimNext())?.id).toBe(id);
    expect(await claimNext(s.otherAgent)).toBeUndefined();
    expect((await post(id, 'claim', s.otherAgent)).status).toBe(409);
    expect((await post(id, 'renew', s.otherAgent)).status).toBe(409);
    expect((await post(id, 'complete', s.otherAgent, { outcome: 'refused' })).status).toBe(409);
    later(10);
    const renewed = await post(id, 'renew');
    expect(renewed.status).toBe(200);
    expect(((await renewed.json()) as { leaseExpiresAt: string }).leaseExpiresAt).toBe(
      '2026-03-02T02:25:00.000Z',
    );
    later(16); // the lease lapsed: the other agent takes it over
    expect((await detail(id)).status).toBe('pending');
    expect((await claimNext(s.otherAgent))?.id).toBe(id);
    expect((await post(id, 'renew')).status).toBe(409);
    expect((await post(id, 'complete', s.api.tokens.agent, { outcome: 'refused' })).status).toBe(409);
    expect((await post('cb_999999', 'claim')).status).toBe(404);
  });

  it('checks answers against the callback’s questionnaire version; a bad one changes nothing', async () => {
    const id = await insert('C-VIP');
    await claimNext();
    const bad = async (answers: unknown[], field: string) => {
      const res = await post(id, 'complete', s.api.tokens.agent, { outcome: 'reached', answers, note: 'n' });
      expect(res.status, await res.clone().text()).toBe(400);
      const problem = (await res.json()) as { errors: { field: string }[] };
      expect(problem.errors.map((e) => e.field)).toContain(field);
    };
    await bad([...satisfied, { questionId: 'delivery_speed', text: '很快' }], 'answers[3].questionId');
    await bad([satisfied[0], satisfied[1], { questionId: 'satisfaction', value: 9 }], 'answers[2].value');
    await bad([satisfied[0], { questionId: 'solved', value: 'maybe' }, satisfied[2]], 'answers[1].value');
    await bad([satisfied[0], satisfied[1]], 'answers');
    const unchanged = await detail(id);
    expect(unchanged).toMatchObject({ status: 'claimed', outcome: null, answers: [] });
    const done = await post(id, 'complete', s.api.tokens.agent, { outcome: 'reached', answers: satisfied });
    expect(done.status, await done.clone().text()).toBe(200);
    const finished = await detail(id);
    expect(finished).toMatchObject({ status: 'completed', outcome: 'reached' });
    expect(finished.answers?.map((a) => [a.questionId, a.text, a.value])).toEqual([
      ['expectations', '希望下次处理能更快一些', null],
      ['solved', null, 'yes'],
      ['satisfaction', null, 4],
    ]);
    expect((await post(id, 'claim')).status).toBe(409);
    // The next callback's card shows this one with what the customer said.
    const next = await insert('C-VIP', { kind: 'periodic' });
    expect((await detail(next)).customer).toMatchObject({
      earlierCallbacks: [{ id, outcome: 'reached', answers: [{ questionId: 'expectations' }, {}, {}] }],
      recentOrders: [{ ref: 'O-VIP-KETTLE', sku: 'KETTLE-1' }],
    });
  });

  it('publishes each open answer, scored, for the risk map', async () => {
    const id = await insert('C-VIP');
    await claimNext();
    const unhappy = [
      { questionId: 'expectations', text: '退款到现在还没到账，客服也不回复，太失望了' },
      { questionId: 'solved', value: 'no' },
      { questionId: 'satisfaction', value: 1 },
    ];
    expect(
      (await post(id, 'complete', s.api.tokens.agent, { outcome: 'reached', answers: unhappy })).status,
    ).toBe(200);
    const events = await s.database.db
      .selectFrom('domain_events')
      .select('payload')
      .where('type', '=', 'callback.answered@1')
      .where('aggregate_id', '=', id)
      .execute();
    expect(events.map((e) => e.payload)).toEqual([
      expect.objectContaining({
        callbackId: id,
        complaintId: null,
        customerRef: 'C-VIP',
        questionId: 'expectations',
        text: unhappy[0]!.text,
        lang: 'zh',
        label: 'negative',
        answeredAt: clock.now().toISOString(),
      }),
    ]);
    // Dissatisfied, and no complaint to reopen: a follow-up call is planned at once, and said so.
    const done = await detail(id);
    expect(done.followUp).toMatch(/^follow_up_planned: cb_\d+$/);
    const followUp = await detail(done.followUp!.slice('follow_up_planned: '.length));
    expect(followUp).toMatchObject({ kind: 'follow_up', status: 'pending', customerRef: 'C-VIP' });
  });

  it('closes a callback nobody made within its window as unreachable, and never offers it after', async () => {
    const missed = await insert('C-VIP', { dueIn: 30 });
    const lapsedClaim = await insert('C-VIP', { dueIn: 40 });
    const still = await insert('C-VIP', { dueIn: 3 * 24 * 60 });
    expect((await post(lapsedClaim, 'claim')).status).toBe(200);
    later(2 * 24 * 60 + 45); // both windows (due + 2 days) are over; the claim's lease too
    expect(await closeLapsedCallbacks(s.api.ctx, clock.now())).toBe(2);
    expect(await closeLapsedCallbacks(s.api.ctx, clock.now())).toBe(0);
    expect((await detail(missed)).status).toBe('unreachable');
    expect((await detail(lapsedClaim)).status).toBe('unreachable');
    expect((await detail(still)).status).toBe('pending');
  });

  it('retries a call nobody answers two hours later, then closes it as unreachable after three', async () => {
    const id = await insert('C-REG');
    await claimNext();
    const first = await post(id, 'complete', s.api.tokens.agent, { outcome: 'no_answer' });
    expect(await first.json()).toMatchObject({
      status: 'pending',
      attempts: 1,
      nextAttemptAt: '2026-03-02T04:00:00.000Z',
    });
    expect(await claimNext()).toBeUndefined();
    later(120);
    expect((await claimNext())?.id).toBe(id);
    expect((await post(id, 'complete', s.api.tokens.agent, { outcome: 'busy' })).status).toBe(200);
    later(120);
    expect((await claimNext())?.id).toBe(id);
    const last = await post(id, 'complete', s.api.tokens.agent, { outcome: 'no_answer', note: '三次未接' });
    expect(await last.json()).toMatchObject({ status: 'unreachable', attempts: 3, outcome: 'no_answer' });
    later(120);
    expect(await claimNext()).toBeUndefined();
  });

  it('calls back later when asked: a time in the past is a 400, tomorrow is claimable tomorrow', async () => {
    const id = await insert('C-REG');
    await claimNext();
    const past = await post(id, 'complete', s.api.tokens.agent, {
      outcome: 'call_later',
      callAt: '2026-03-02T09:00:00+08:00',
    });
    expect(past.status).toBe(400);
    expect((await detail(id)).status).toBe('claimed');
    const tomorrow = '2026-03-03T03:00:00.000Z'; // 11:00 in Shanghai
    const res = await post(id, 'complete', s.api.tokens.agent, { outcome: 'call_later', callAt: tomorrow });
    expect(await res.json()).toMatchObject({ status: 'pending', nextAttemptAt: tomorrow, attempts: 0 });
    expect(await claimNext()).toBeUndefined();
    clock.set(new Date('2026-03-03T02:59:00Z'));
    expect(await claimNext()).toBeUndefined();
    clock.set(new Date(tomorrow));
    expect((await claimNext())?.id).toBe(id);
  });

  it('lists by filters, pages, and guards every route', async () => {
    const a = await insert('C-REG');
    const b = await insert('C-VIP', { kind: 'periodic' });
    await claimNext(); // a
    const list = async (query: string) => {
      const res = await s.api.request(`/v1/callbacks?${query}`, { token: s.api.tokens.agent });
      expect(res.status, await res.clone().text()).toBe(200);
      return (await res.json()) as { items: Queued[]; nextCursor: string | null };
    };
    expect((await list('customerRef=C-VIP')).items.map((c) => c.id)).toEqual([b]);
    expect((await list('status=claimed')).items.map((c) => c.id)).toEqual([a]);
    expect((await list('kind=periodic&status=pending')).items.map((c) => c.id)).toEqual([b]);
    const page = await list('limit=1');
    expect(page.items.map((c) => c.id)).toEqual([a]);
    expect((await list(`limit=1&cursor=${page.nextCursor}`)).items.map((c) => c.id)).toEqual([b]);
    expect((await s.api.request('/v1/callbacks?status=lost', { token: s.api.tokens.agent })).status).toBe(
      400,
    );
    expect((await s.api.request('/v1/callbacks/claim', { method: 'POST' })).status).toBe(401);
    expect((await post(b, 'claim', s.api.tokens.supervisor)).status).toBe(403);
    expect((await s.api.request('/v1/callbacks', { token: s.api.tokens.ingest })).status).toBe(403);
    expect((await post(a, 'complete', s.api.tokens.agent, { outcome: 'maybe' })).status).toBe(400);
  });
});

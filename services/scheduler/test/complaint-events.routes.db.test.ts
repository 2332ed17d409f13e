import { type TestDatabase, testDatabaseKind } from '@aftercare/db/testing';
import type { MemoryEventWriter } from '@aftercare/events';
import { ManualClock } from '@aftercare/runtime';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type SchedulerApi, startSchedulerApi } from './support/scheduler-api.js';

type Clock = { kind: string; dueAt: string; state: string };
type Complaint = {
  id: string;
  status: string;
  clocks: Clock[];
  tasks: { kind: string; dueAt: string; status: string; doneAt: string | null }[];
  history: { type: string; note: string | null }[];
};

const OPENED = '2026-03-02T02:00:00.000Z';
const MIN = 60_000;

describe(`complaint events and their clocks on ${testDatabaseKind()}`, () => {
  let database: TestDatabase;
  let api: SchedulerApi['api'];
  let events: MemoryEventWriter;
  const clock = new ManualClock(OPENED);
  let id: string;

  const later = (minutes: number) => clock.set(new Date(Date.parse(OPENED) + minutes * MIN));
  const send = async (event: Record<string, unknown>, token = api.tokens.agent) =>
    api.request(`/v1/complaints/${id}/events`, { method: 'POST', token, json: event });
  const complaint = async () =>
    (await (await api.request(`/v1/complaints/${id}`, { token: api.tokens.agent })).json()) as Complaint;
  const clocksOf = (c: Complaint, kind: string) =>
    c.clocks.filter((k) => k.kind === kind).map((k) => `${k.state} ${k.dueAt}`);

  beforeAll(async () => {
    ({ database, api, events } = await startSchedulerApi(clock));
  });
  beforeEach(async () => {
    clock.set(OPENED);
    await sql`truncate complaints, domain_events cascade`.execute(database.db);
    events.appended.length = 0;
    const res = await api.request('/v1/complaints', {
      method: 'POST',
      token: api.tokens.ingest,
      json: {
        externalRef: 'ZD-EV',
        customerRef: 'C-REG',
        orderRef: 'O-REG-KETTLE',
        channel: 'chat',
        category: 'quality',
        text: '水壶漏水',
      },
    });
    id = ((await res.json()) as Complaint).id;
  });
  afterAll(async () => database?.dispose());

  it('meets first contact and starts the progress-update clock; a late step is breached', async () => {
    later(20);
    expect((await send({ type: 'first_contact', note: '已致歉，安排换货' })).status).toBe(200);
    let c = await complaint();
    expect(clocksOf(c, 'first_contact')).toEqual(['met 2026-03-02T02:30:00.000Z']);
    expect(clocksOf(c, 'progress_update')).toEqual(['running 2026-03-02T04:20:00.000Z']);
    later(300); // solution was due at 4 h
    await send({ type: 'solution_proposed' });
    c = await complaint();
    expect(clocksOf(c, 'solution')).toEqual(['breached 2026-03-02T06:00:00.000Z']);
    expect(c.history.map((h) => h.type)).toEqual(['opened', 'graded', 'first_contact', 'solution_proposed']);
  });

  it('pauses every running clock while waiting on the customer and resumes with the time left', async () => {
    later(10);
    await send({ type: 'waiting_customer' });
    let c = await complaint();
    expect(c.status).toBe('waiting_customer');
    expect(c.clocks.map((k) => k.state)).toEqual(['paused', 'paused']);
    later(10 + 24 * 60); // overnight and past midnight: the clocks do not run
    await send({ type: 'customer_replied' });
    c = await complaint();
    expect(c.status).toBe('open');
    // first contact had 20 minutes left, solution 3 h 50 min.
    expect(clocksOf(c, 'first_contact')).toEqual(['running 2026-03-03T02:30:00.000Z']);
    expect(clocksOf(c, 'solution')).toEqual(['running 2026-03-03T06:00:00.000Z']);
    const deadlines = await database.db
      .selectFrom('clock_deadlines')
      .select(['step', 'due_at', 'state'])
      .where('state', '=', 'pending')
      .orderBy('due_at')
      .execute();
    expect(deadlines.map((d) => `${d.step} ${d.due_at.toISOString()}`)).toEqual([
      'warning 2026-03-03T02:15:00.000Z',
      'breach 2026-03-03T02:30:00.000Z',
      'warning 2026-03-03T05:45:00.000Z',
      'breach 2026-03-03T06:00:00.000Z',
    ]);
  });

  it('gives a complex case the longer solution target and a task to tell the customer, and runs an internal request’s own clock', async () => {
    await send({ type: 'marked_complex', note: '需要质检部门检测' });
    await send({ type: 'internal_request', department: 'quality-lab' });
    const c = await complaint();
    expect(clocksOf(c, 'solution')).toEqual(['running 2026-03-02T10:00:00.000Z']);
    // The customer is to hear of it as promptly as a first contact (30 min).
    expect(c.tasks).toEqual([
      { kind: 'inform_customer_complex', dueAt: '2026-03-02T02:30:00.000Z', status: 'open', doneAt: null },
    ]);
    expect(clocksOf(c, 'internal_reply')).toEqual(['running 2026-03-02T03:00:00.000Z']);
    later(30);
    await send({ type: 'internal_reply' });
    expect(clocksOf(await complaint(), 'internal_reply')).toEqual(['met 2026-03-02T03:00:00.000Z']);
    await send({ type: 'progress_update', note: '已告知客户需要检测，预计今天内答复' });
    expect((await complaint()).tasks).toMatchObject([{ status: 'done', doneAt: '2026-03-02T02:30:00.000Z' }]);
  });

  it('resolves: stops the case clocks, starts confirmation and satisfaction callback, announces it', async () => {
    later(60);
    await send({ type: 'first_contact' });
    later(90);
    const res = await send({ type: 'resolved' });
    const c = (await res.json()) as Complaint;
    expect(c.status).toBe('resolved');
    expect(clocksOf(c, 'progress_update')).toEqual(['cancelled 2026-03-02T05:00:00.000Z']);
    expect(clocksOf(c, 'confirmation')).toEqual(['running 2026-03-02T04:30:00.000Z']);
    expect(clocksOf(c, 'satisfaction_callback')).toEqual(['running 2026-03-03T03:30:00.000Z']);
    expect(events.appended.at(-1)).toMatchObject({
      type: 'complaint.resolved@1',
      payload: { complaintId: id, level: 2 },
    });
    await send({ type: 'confirmation_sent' });
    expect(clocksOf(await complaint(), 'confirmation')).toEqual(['met 2026-03-02T04:30:00.000Z']);
    expect((await send({ type: 'closed' })).status).toBe(200);
    expect((await complaint()).status).toBe('closed');
    expect((await send({ type: 'reopened' })).status).toBe(200);
    const reopened = await complaint();
    expect(reopened.status).toBe('open');
    expect(clocksOf(reopened, 'solution').at(-1)).toBe('running 2026-03-02T07:30:00.000Z');
  });

  it('answers an event that does not fit the state, or out of order, with 409 and changes nothing', async () => {
    const before = await complaint();
    expect((await send({ type: 'customer_replied' })).status).toBe(409);
    expect((await send({ type: 'closed' })).status).toBe(409);
    later(30);
    await send({ type: 'first_contact' });
    const stale = await send({ type: 'progress_update', at: '2026-03-02T02:10:00Z' });
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as { detail: string }).detail).toMatch(/out of order/);
    const after = await complaint();
    expect(after.history.length).toBe(before.history.length + 1);
  });

  it('refuses bad events naming the field, and unknown complaints', async () => {
    for (const [event, field] of [
      [{ type: 'teleported' }, 'type'],
      [{ type: 'internal_request' }, 'department'],
      [{ type: 'first_contact', at: '2026-03-09T00:00:00Z' }, 'at'],
      [{ type: 'first_contact', note: '<b>x</b>' }, 'note'],
    ] as const) {
      const res = await send(event);
      expect(res.status, JSON.stringify(event)).toBe(400);
      expect(((await res.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toContain(
        field,
      );
    }
    const unknown = await api.request('/v1/complaints/cmp_999999/events', {
      method: 'POST',
      token: api.tokens.agent,
      json: { type: 'first_contact' },
    });
    expect(unknown.status).toBe(404);
    expect((await send({ type: 'first_contact' }, api.tokens.marketing)).status).toBe(403);
  });

  it('lets a supervisor regrade: reasons kept, clocks follow the new level from now, announced', async () => {
    later(10);
    const regrade = (json: unknown, token = api.tokens.supervisor) =>
      api.request(`/v1/complaints/${id}/grade`, { method: 'POST', token, json });
    const res = await regrade({ level: 1, note: '客户说要找媒体曝光' });
    expect(res.status).toBe(200);
    const c = (await res.json()) as Complaint & { level: number; levelReasons: { code: string }[] };
    expect(c.level).toBe(1);
    expect(c.levelReasons.map((r) => r.code).at(-1)).toBe('supervisor.regrade');
    // Level 1: first contact 15 min from the start (02:15), solution 2 h (04:00).
    expect(clocksOf(c, 'first_contact')).toEqual(['running 2026-03-02T02:15:00.000Z']);
    expect(clocksOf(c, 'solution')).toEqual(['running 2026-03-02T04:00:00.000Z']);
    expect(c.history.at(-1)).toMatchObject({ type: 'regraded', note: '客户说要找媒体曝光' });
    expect(events.appended.at(-1)).toMatchObject({
      type: 'complaint.graded@1',
      payload: { level: 1, previousLevel: 2 },
    });
    later(60); // tightening never puts a due time in the past: a clock past its new target is due now
    await regrade({ level: 1 });
    expect(clocksOf(await complaint(), 'first_contact')).toEqual(['running 2026-03-02T03:00:00.000Z']);
    expect((await regrade({ level: 2 }, api.tokens.agent)).status).toBe(403);
    expect((await regrade({ level: 5 })).status).toBe(400);
    await send({ type: 'resolved' });
    expect((await regrade({ level: 3 })).status).toBe(409);
  });

  it('keeps a complex case’s longer solution target through a regrade', async () => {
    later(10);
    await send({ type: 'marked_complex' });
    const res = await api.request(`/v1/complaints/${id}/grade`, {
      method: 'POST',
      token: api.tokens.supervisor,
      json: { level: 1 },
    });
    // Level 1's complex target is 8 h as well: due 8 h from the start, not level 1's 2 h.
    expect(clocksOf((await res.json()) as Complaint, 'solution')).toEqual([
      'running 2026-03-02T10:00:00.000Z',
    ]);
  });

  it('keeps one progress-update clock when first contact is reported twice', async () => {
    later(10);
    await send({ type: 'first_contact' });
    later(20);
    await send({ type: 'first_contact', note: 'called again' });
    expect(clocksOf(await complaint(), 'progress_update')).toEqual([
      'cancelled 2026-03-02T04:10:00.000Z',
      'running 2026-03-02T04:20:00.000Z',
    ]);
  });

  it('regrades a complaint waiting on the customer: its paused clocks keep the time left, changed by the new target', async () => {
    later(10);
    await send({ type: 'waiting_customer' }); // first contact had 20 min left, solution 230 min
    const res = await api.request(`/v1/complaints/${id}/grade`, {
      method: 'POST',
      token: api.tokens.supervisor,
      json: { level: 1 },
    });
    expect(res.status).toBe(200);
    later(70);
    await send({ type: 'customer_replied' });
    // Level 1: first contact 15 min (20 - 15 = 5 left), solution 120 min (230 - 120 = 110 left).
    const c = await complaint();
    expect(clocksOf(c, 'first_contact')).toEqual(['running 2026-03-02T03:15:00.000Z']);
    expect(clocksOf(c, 'solution')).toEqual(['running 2026-03-02T05:00:00.000Z']);
  });
});

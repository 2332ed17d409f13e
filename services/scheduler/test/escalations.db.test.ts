import { createApiToken } from '@aftercare/auth';
import { testDatabaseKind } from '@aftercare/db/testing';
import { ManualClock } from '@aftercare/runtime';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clockDeadlineQueue } from '../src/clocks/deadline-queue.js';
import { handleDeadline } from '../src/clocks/handle-deadline.js';
import { seedCareTeamsWithShifts } from './seed/care-teams-with-shifts.js';
import { type SchedulerApi, startSchedulerApi } from './support/scheduler-api.js';

type Escalation = {
  id: string;
  clock: string;
  complaintId: string;
  step: number;
  position: string;
  assignee: string | null;
  status: string;
  remindAt: string;
  deferred: boolean;
};

const MONDAY_10 = '2026-03-02T02:00:00.000Z'; // 10:00 in Shanghai
const MONDAY_22 = '2026-03-02T14:00:00.000Z'; // 22:00 in Shanghai
const MIN = 60_000;

// The quality team's chain (seed/care-teams-with-shifts), driven through the deadline queue on a
// manual clock with the default ESCALATION_AFTER_MINUTES (0, 30, 60, 120).
describe(`escalations on ${testDatabaseKind()}`, () => {
  let s: SchedulerApi;
  let ids: Awaited<ReturnType<typeof seedCareTeamsWithShifts>>;
  const clock = new ManualClock(MONDAY_10);
  let seq = 0;
  const usr = (id: number) => `usr_${id}`;
  const at = (start: string, minutes: number) => clock.set(new Date(Date.parse(start) + minutes * MIN));

  const open = async (text = '水壶质量太差了') => {
    seq += 1;
    const res = await s.api.request('/v1/complaints', {
      method: 'POST',
      token: s.api.tokens.ingest,
      json: { externalRef: `ESC-${seq}`, customerRef: 'C-REG', channel: 'phone', category: 'quality', text },
    });
    expect(res.status).toBe(201);
    return ((await res.json()) as { id: string; level: number }).id;
  };
  /** Handles every deadline due now, as the worker would. */
  const runDue = async () => {
    const queue = clockDeadlineQueue(s.api.ctx);
    for (
      let rows = await queue.claim('test/0', 100);
      rows.length > 0;
      rows = await queue.claim('test/0', 100)
    ) {
      for (const row of rows) await handleDeadline(s.api.ctx, row);
    }
  };
  const escalations = async (query: string, token = s.api.tokens.supervisor) => {
    const res = await s.api.request(`/v1/escalations?${query}`, { token });
    expect(res.status).toBe(200);
    return ((await res.json()) as { items: Escalation[] }).items;
  };

  beforeAll(async () => {
    s = await startSchedulerApi(clock);
    ids = await seedCareTeamsWithShifts(s.api.ctx);
  });
  beforeEach(async () => {
    await sql`truncate complaints, domain_events cascade`.execute(s.database.db);
    s.events.appended.length = 0;
  });
  afterAll(async () => s?.database.dispose());

  it('climbs from the supervisor to the head of care while the clock stays breached, once per rung', async () => {
    at(MONDAY_10, 0);
    const id = await open();
    at(MONDAY_10, 30); // first contact breached: the supervisor hears at once
    await runDue();
    expect((await escalations(`complaintId=${id}`)).map((e) => [e.step, e.position, e.assignee])).toEqual([
      [1, 'supervisor', usr(ids.zhou)],
    ]);
    for (const minutes of [60, 90, 150, 200]) {
      at(MONDAY_10, minutes);
      await runDue();
      await runDue(); // a second pass (another replica) records nothing more
    }
    const chain = await escalations(`complaintId=${id}`);
    expect(chain.map((e) => [e.step, e.position, e.assignee, e.deferred])).toEqual([
      [4, 'head_of_care', usr(ids.head), false],
      [3, 'duty_manager', usr(ids.dayduty), false],
      [2, 'team_lead', usr(ids.sun), false],
      [1, 'supervisor', usr(ids.zhou), false],
    ]);
    // Pages of two, newest first, the cursor carrying on where the first page stopped.
    const first = await s.api.request(`/v1/escalations?complaintId=${id}&limit=2`, {
      token: s.api.tokens.agent,
    });
    const page = (await first.json()) as { items: Escalation[]; nextCursor: string };
    const rest = (await (
      await s.api.request(`/v1/escalations?complaintId=${id}&limit=2&cursor=${page.nextCursor}`, {
        token: s.api.tokens.agent,
      })
    ).json()) as { items: Escalation[]; nextCursor: string | null };
    expect([...page.items, ...rest.items].map((e) => e.step)).toEqual([4, 3, 2, 1]);
    expect(rest.nextCursor).toBeNull();
    const escalated = s.events.appended.filter((e) => e.type === 'complaint.escalated@1');
    expect(escalated).toHaveLength(4);
    expect(escalated[0]?.payload).toMatchObject({
      complaintId: id,
      clock: 'first_contact',
      step: 1,
      position: 'supervisor',
      assigneeId: usr(ids.zhou),
      level: 2,
      team: 'quality',
      remindAt: '2026-03-02T02:30:00.000Z',
      deferred: false,
    });
  });

  it("defers a level 2 reminder to the supervisor's next shift; a level 1 case never waits", async () => {
    at(MONDAY_22, 0);
    const routine = await open();
    const urgent = await open('水壶用了两天就起火了');
    // Level 1: first contact due in 15 min; at the breach the night duty manager hears at once.
    at(MONDAY_22, 15);
    await runDue();
    const chain = await escalations(`complaintId=${urgent}`);
    expect(chain.map((e) => [e.step, e.position, e.assignee, e.deferred])).toEqual([
      [3, 'duty_manager', usr(ids.nightduty), false],
    ]);
    at(MONDAY_22, 30); // 22:30: the routine case's first contact breaches
    await runDue();
    const [deferred] = await escalations(`complaintId=${routine}`);
    expect(deferred).toMatchObject({
      position: 'supervisor',
      assignee: usr(ids.zhou),
      deferred: true,
      remindAt: '2026-03-03T01:00:00.000Z', // Tuesday 09:00 in Shanghai
    });
    // The team lead's turn is half an hour after the supervisor hears (09:30), not tonight.
    const waiting = await s.database.db
      .selectFrom('clock_deadlines')
      .innerJoin('complaint_clocks', 'complaint_clocks.id', 'clock_deadlines.clock_id')
      .select(['clock_deadlines.step', 'clock_deadlines.due_at'])
      .where('complaint_clocks.complaint_id', '=', Number(routine.slice('cmp_'.length)))
      .where('complaint_clocks.kind', '=', 'first_contact')
      .where('clock_deadlines.state', '=', 'pending')
      .execute();
    expect(waiting.map((d) => [d.step, d.due_at.toISOString()])).toEqual([
      ['escalate:2', '2026-03-03T01:30:00.000Z'],
    ]);
    // The head of care (office hours) an hour after the duty manager heard (their entries, 60 and
    // 120 minutes, are an hour apart), reminded at once all the same.
    at(MONDAY_22, 75);
    await runDue();
    const [head] = await escalations(`complaintId=${urgent}&status=open&limit=1`);
    expect(head).toMatchObject({
      step: 4,
      position: 'head_of_care',
      assignee: usr(ids.head),
      deferred: false,
    });
    expect(head?.remindAt).toBe('2026-03-02T15:15:00.000Z');
  });

  it('stops climbing and resolves the escalation once the late work is done', async () => {
    at(MONDAY_10, 0);
    const id = await open();
    at(MONDAY_10, 31);
    await runDue();
    const contact = await s.api.request(`/v1/complaints/${id}/events`, {
      method: 'POST',
      token: s.api.tokens.agent,
      json: { type: 'first_contact', note: '已致歉' },
    });
    expect(contact.status).toBe(200);
    at(MONDAY_10, 200);
    await runDue();
    // First contact's escalation stopped at its first rung; the progress-update clock started by the
    // contact (due at +151 min) breached on its own since, and climbs on its own.
    const firstContact = (await escalations(`complaintId=${id}`)).filter((e) => e.clock === 'first_contact');
    expect(firstContact.map((e) => [e.step, e.status])).toEqual([[1, 'resolved']]);
  });

  it('is acknowledged by its assignee or a supervisor, by nobody else, and only once', async () => {
    at(MONDAY_10, 0);
    const id = await open();
    at(MONDAY_10, 30);
    await runDue();
    const [escalation] = await escalations(`assignee=${usr(ids.zhou)}&status=open`);
    expect(escalation?.complaintId).toBe(id);
    const tokenOf = async (userId: number, role: 'agent' | 'supervisor') =>
      (await createApiToken(s.api.ctx, { name: `person ${userId}`, role, createdBy: 'test', userId })).token;
    const acknowledge = (token: string) =>
      s.api.request(`/v1/escalations/${escalation?.id}/acknowledge`, { method: 'POST', token });

    const otherAgent = await acknowledge(await tokenOf(ids.an, 'agent'));
    expect(otherAgent.status).toBe(403);
    const byAssignee = await acknowledge(await tokenOf(ids.zhou, 'supervisor'));
    expect(byAssignee.status).toBe(200);
    expect(await byAssignee.json()).toMatchObject({ status: 'acknowledged' });
    expect((await acknowledge(s.api.tokens.supervisor)).status).toBe(409);
    expect(
      (
        await s.api.request('/v1/escalations/esc_999999/acknowledge', {
          method: 'POST',
          token: s.api.tokens.supervisor,
        })
      ).status,
    ).toBe(404);
    expect(s.events.appended.map((e) => e.type)).toContain('complaint.escalation_acknowledged@1');
    const detail = (await (
      await s.api.request(`/v1/complaints/${id}`, { token: s.api.tokens.agent })
    ).json()) as {
      history: { type: string }[];
    };
    expect(detail.history.map((h) => h.type)).toEqual(
      expect.arrayContaining(['breached', 'escalated', 'escalation_acknowledged']),
    );
  });

  it('escalates a backfilled case that arrives overdue a minute later, unless its history settles it', async () => {
    at(MONDAY_10, 0);
    const backfill = async (ref: string) => {
      const res = await s.api.request('/v1/complaints', {
        method: 'POST',
        token: s.api.tokens.ingest,
        json: {
          externalRef: ref,
          customerRef: 'C-REG',
          channel: 'email',
          category: 'quality',
          text: '水壶质量太差了',
          openedAt: '2026-03-01T02:00:00.000Z', // yesterday: both opening clocks are overdue
        },
      });
      return ((await res.json()) as { id: string; clocks: { state: string }[] }).id;
    };
    const stillOpen = await backfill('ESC-BACKFILL-OPEN');
    const handled = await backfill('ESC-BACKFILL-DONE');
    await runDue();
    expect(await escalations(`complaintId=${stillOpen}`), 'not before the grace minute').toEqual([]);
    // The helpdesk's history of the other case follows it: contacted, resolved and closed yesterday.
    for (const [type, at] of [
      ['first_contact', '2026-03-01T03:00:00.000Z'],
      ['resolved', '2026-03-01T03:00:00.000Z'],
      ['closed', '2026-03-01T03:30:00.000Z'],
    ]) {
      const res = await s.api.request(`/v1/complaints/${handled}/events`, {
        method: 'POST',
        token: s.api.tokens.ingest,
        json: { type, at },
      });
      expect(res.status).toBe(200);
    }
    at(MONDAY_10, 2);
    await runDue();
    const open = await escalations(`complaintId=${stillOpen}`);
    expect(open.map((e) => [e.clock, e.position, e.assignee]).sort()).toEqual([
      ['first_contact', 'supervisor', usr(ids.zhou)],
      ['solution', 'supervisor', usr(ids.zhou)],
    ]);
    expect(await escalations(`complaintId=${handled}`)).toEqual([]);
    // The SLA's own entries (breach, escalation) are dated now; the helpdesk's history of the case,
    // dated yesterday, still fits after them.
    const late = await s.api.request(`/v1/complaints/${stillOpen}/events`, {
      method: 'POST',
      token: s.api.tokens.ingest,
      json: { type: 'first_contact', at: '2026-03-01T02:20:00.000Z' },
    });
    expect(late.status).toBe(200);
    const clocks = ((await late.json()) as { clocks: { kind: string; state: string }[] }).clocks;
    expect(
      clocks.find((k) => k.kind === 'first_contact')?.state,
      'made within its 30 minutes after all',
    ).toBe('met');
    const settled = (await escalations(`complaintId=${stillOpen}`)).filter(
      (e) => e.clock === 'first_contact',
    );
    expect(settled.map((e) => e.status)).toEqual(['resolved']);
  });

  it("climbs a resolved case's overdue confirmation, and a case regraded to level 1 mid-climb goes to the duty manager", async () => {
    at(MONDAY_10, 0);
    const resolved = await open();
    const regraded = await open();
    const event = (id: string, type: string) =>
      s.api.request(`/v1/complaints/${id}/events`, {
        method: 'POST',
        token: s.api.tokens.agent,
        json: { type },
      });
    at(MONDAY_10, 5);
    await event(resolved, 'first_contact');
    at(MONDAY_10, 10);
    await event(resolved, 'resolved'); // the written confirmation is due within the hour
    at(MONDAY_10, 30);
    await runDue(); // the other case's first contact breaches: its supervisor hears
    const graded = await s.api.request(`/v1/complaints/${regraded}/grade`, {
      method: 'POST',
      token: s.api.tokens.supervisor,
      json: { level: 1, note: '客户说要找媒体' },
    });
    expect(graded.status).toBe(200);
    for (const minutes of [60, 70, 100]) {
      at(MONDAY_10, minutes);
      await runDue();
    }
    const confirmation = (await escalations(`complaintId=${resolved}`)).filter(
      (e) => e.clock === 'confirmation',
    );
    expect(confirmation.map((e) => e.position)).toEqual(['team_lead', 'supervisor']);
    const climb = (await escalations(`complaintId=${regraded}`)).filter((e) => e.clock === 'first_contact');
    expect(climb.map((e) => e.position)).toEqual(['duty_manager', 'supervisor']);
  });

  it('passes a rung nobody holds to the next one up', async () => {
    at(MONDAY_10, 0);
    // The logistics team has no supervisor and no team lead: the duty manager on duty hears first.
    const res = await s.api.request('/v1/complaints', {
      method: 'POST',
      token: s.api.tokens.ingest,
      json: {
        externalRef: 'ESC-LOGISTICS',
        customerRef: 'C-REG',
        channel: 'chat',
        category: 'logistics',
        text: '快递丢了',
      },
    });
    const { id } = (await res.json()) as { id: string };
    at(MONDAY_10, 120); // logistics' first contact is due in 2 h
    await runDue();
    const chain = await escalations(`complaintId=${id}`);
    expect(chain.map((e) => [e.step, e.position, e.assignee])).toEqual([
      [3, 'duty_manager', usr(ids.dayduty)],
    ]);
  });

  it('refuses bad filters naming the field', async () => {
    for (const [query, field] of [
      ['status=lost', 'status'],
      ['assignee=zhou', 'assignee'],
      ['complaintId=42', 'complaintId'],
    ] as const) {
      const res = await s.api.request(`/v1/escalations?${query}`, { token: s.api.tokens.agent });
      expect(res.status, query).toBe(400);
      expect(await res.json()).toMatchObject({ errors: [{ field }] });
    }
  });
});

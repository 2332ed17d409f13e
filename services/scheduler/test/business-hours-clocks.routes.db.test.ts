import { testDatabaseKind } from '@aftercare/db/testing';
import { ManualClock } from '@aftercare/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { berlinOffice, shanghaiSplitShift } from './calendar/calendars.js';
import { type SchedulerApi, startSchedulerApi } from './support/scheduler-api.js';

type Complaint = { id: string; clocks: { kind: string; dueAt: string; state: string }[] };

// Time travel through complaints whose policy counts the team's business hours. Instants are UTC;
// comments give the team's local time (Shanghai is UTC+8 all year; Berlin changes on 2026-03-29).
const targets = {
  firstContact: 30,
  solution: 240,
  solutionComplex: 480,
  progressUpdate: 120,
  confirmation: 60,
  satisfactionCallback: 1440,
  internalReply: 60,
  warningBefore: 15,
};

describe(`clocks on a team's business hours on ${testDatabaseKind()}`, () => {
  let s: SchedulerApi;
  const clock = new ManualClock('2026-03-02T00:00:00Z');
  let seq = 0;

  const open = async (at: string, team: string, customerRef = 'C-REG') => {
    clock.set(at);
    seq += 1;
    const res = await s.api.request('/v1/complaints', {
      method: 'POST',
      token: s.api.tokens.ingest,
      json: {
        externalRef: `BH-${seq}`,
        customerRef,
        channel: 'phone',
        category: 'quality',
        text: '质量不好',
        team,
      },
    });
    expect(res.status).toBe(201);
    return (await res.json()) as Complaint;
  };
  const event = async (id: string, at: string, type: string) => {
    clock.set(at);
    const res = await s.api.request(`/v1/complaints/${id}/events`, {
      method: 'POST',
      token: s.api.tokens.agent,
      json: { type },
    });
    expect(res.status).toBe(200);
    return (await res.json()) as Complaint;
  };
  const due = (c: Complaint, kind: string) => c.clocks.find((k) => k.kind === kind)?.dueAt;

  beforeAll(async () => {
    s = await startSchedulerApi(clock);
    const supervisor = s.api.tokens.supervisor;
    for (const [key, calendar] of [
      ['quality', shanghaiSplitShift],
      ['berlin', berlinOffice],
    ] as const) {
      const team = await s.api.request('/v1/teams', {
        method: 'POST',
        token: supervisor,
        json: { key, name: key, calendar },
      });
      expect(team.status).toBe(200);
    }
    const policy = await s.api.request('/v1/sla-policies', {
      method: 'PUT',
      token: supervisor,
      json: { items: [{ level: 2, category: 'quality', targets, calendar: 'team' }] },
    });
    expect(policy.status).toBe(200);
  });
  afterAll(async () => s?.database.dispose());

  it("stops the clock over a split shift's lunch break", async () => {
    const c = await open('2026-03-02T03:45:00Z', 'quality'); // Monday 11:45
    expect(due(c, 'first_contact')).toBe('2026-03-02T05:45:00.000Z'); // 15 min + 15 min after 13:30
    expect(due(c, 'solution')).toBe('2026-03-02T09:15:00.000Z'); // 17:15
  });

  it('warns 15 working minutes before the due time, never inside the lunch break', async () => {
    const c = await open('2026-03-02T03:35:00Z', 'quality'); // Monday 11:35
    expect(due(c, 'first_contact')).toBe('2026-03-02T05:35:00.000Z'); // 25 min before noon, 5 after 13:30
    const steps = await s.database.db
      .selectFrom('clock_deadlines')
      .innerJoin('complaint_clocks', 'complaint_clocks.id', 'clock_deadlines.clock_id')
      .select(['clock_deadlines.step', 'clock_deadlines.due_at'])
      .where('complaint_clocks.complaint_id', '=', Number(c.id.slice('cmp_'.length)))
      .where('complaint_clocks.kind', '=', 'first_contact')
      .orderBy('clock_deadlines.due_at')
      .execute();
    // 15 working minutes before 13:35 is 11:50 (5 after lunch, 10 before it), not 13:20 in the break.
    expect(steps.map((d) => [d.step, d.due_at.toISOString()])).toEqual([
      ['warning', '2026-03-02T03:50:00.000Z'],
      ['breach', '2026-03-02T05:35:00.000Z'],
    ]);
  });

  it("skips China's National Day holidays and counts the make-up Saturday", async () => {
    const beforeHolidays = await open('2026-09-30T09:00:00Z', 'quality'); // Wednesday 17:00
    expect(due(beforeHolidays, 'first_contact')).toBe('2026-09-30T09:30:00.000Z');
    // One hour on 30 September, 1-7 October off, three hours on Thursday 8 October morning.
    expect(due(beforeHolidays, 'solution')).toBe('2026-10-08T04:00:00.000Z');
    const makeUpDay = await open('2026-10-10T02:00:00Z', 'quality', 'C-VIP'); // Saturday 10:00, worked
    expect(due(makeUpDay, 'first_contact')).toBe('2026-10-10T02:30:00.000Z');
  });

  it("keeps the team's local hours across a DST change", async () => {
    const c = await open('2026-03-27T15:00:00Z', 'berlin'); // Friday 16:00 CET
    // One hour on Friday, then Monday 30 March from 09:00 CEST (07:00Z): three more hours.
    expect(due(c, 'solution')).toBe('2026-03-30T10:00:00.000Z');
  });

  it('pauses across midnight and resumes with the working time that was left', async () => {
    const c = await open('2026-03-03T09:50:00Z', 'quality'); // Tuesday 17:50
    expect(due(c, 'first_contact')).toBe('2026-03-04T01:20:00.000Z'); // 10 min today, 20 min Wednesday
    // Paused at 17:55: 25 working minutes left (5 today, 20 tomorrow), kept over the night.
    await event(c.id, '2026-03-03T09:55:00Z', 'waiting_customer');
    const resumed = await event(c.id, '2026-03-04T02:00:00Z', 'customer_replied'); // Wednesday 10:00
    expect(due(resumed, 'first_contact')).toBe('2026-03-04T02:25:00.000Z');
    expect(resumed.clocks.find((k) => k.kind === 'first_contact')?.state).toBe('running');
  });

  it('leaves complaints that run on calendar time there when the policy moves to business hours', async () => {
    // Logistics still counts 24/7 (the default policy): Saturday 23:00 Shanghai plus 2 h.
    clock.set('2026-03-07T15:00:00Z');
    const res = await s.api.request('/v1/complaints', {
      method: 'POST',
      token: s.api.tokens.ingest,
      json: {
        externalRef: 'BH-LOGISTICS',
        customerRef: 'C-REG',
        channel: 'chat',
        category: 'logistics',
        text: '快递丢了',
        team: 'quality',
      },
    });
    const c = (await res.json()) as Complaint;
    expect(due(c, 'first_contact')).toBe('2026-03-07T17:00:00.000Z');
  });
});

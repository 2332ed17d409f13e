import { testDatabaseKind } from '@aftercare/db/testing';
import { ManualClock } from '@aftercare/runtime';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seedCareTeamsWithShifts } from './seed/care-teams-with-shifts.js';
import { type SchedulerApi, startSchedulerApi } from './support/scheduler-api.js';

type Complaint = { id: string; level: number; assignee: string | null; team: string };

const MONDAY_10 = '2026-03-02T02:00:00Z'; // 10:00 in Shanghai
const MONDAY_22 = '2026-03-02T14:00:00Z'; // 22:00 in Shanghai

describe(`complaint owners on ${testDatabaseKind()}`, () => {
  let s: SchedulerApi;
  let ids: Awaited<ReturnType<typeof seedCareTeamsWithShifts>>;
  const clock = new ManualClock(MONDAY_10);
  let seq = 0;
  const usr = (id: number) => `usr_${id}`;
  const complaint = (text: string, extra: Record<string, unknown> = {}) => {
    seq += 1;
    return {
      externalRef: `OWN-${seq}`,
      customerRef: 'C-REG',
      channel: 'phone',
      category: 'quality',
      text,
      ...extra,
    };
  };
  const batch = async (items: unknown[]) => {
    const res = await s.api.request('/v1/complaints/batch', {
      method: 'POST',
      token: s.api.tokens.ingest,
      json: { items },
    });
    return (
      (await res.json()) as {
        items: { status: string; complaint?: Complaint; errors?: { field: string }[] }[];
      }
    ).items;
  };

  beforeAll(async () => {
    s = await startSchedulerApi(clock);
    ids = await seedCareTeamsWithShifts(s.api.ctx);
  });
  beforeEach(async () => {
    await sql`truncate complaints cascade`.execute(s.database.db);
  });
  afterAll(async () => s?.database.dispose());

  it('spreads a batch over the agents on duty, never to one off shift', async () => {
    clock.set(MONDAY_10);
    const answers = await batch(Array.from({ length: 6 }, () => complaint('水壶质量太差了')));
    const owners = answers.map((a) => a.complaint?.assignee);
    const count = (id: number) => owners.filter((o) => o === usr(id)).length;
    expect(answers.every((a) => a.complaint?.level === 2)).toBe(true);
    // Agents An and Bo and team lead Sun are on shift at 10:00; Ye Ming works evenings.
    expect([count(ids.an), count(ids.bo), count(ids.sun)]).toEqual([2, 2, 2]);
    expect(count(ids.night)).toBe(0);
  });

  it('gives the evening to the evening shift, and a level 1 case straight to the duty manager on duty', async () => {
    clock.set(MONDAY_22);
    const [routine, urgent] = await batch([
      complaint('水壶质量太差了'),
      complaint('水壶用了两天就起火了，差点烧到孩子'),
    ]);
    expect(routine?.complaint?.assignee).toBe(usr(ids.night));
    expect(urgent?.complaint).toMatchObject({ level: 1, assignee: usr(ids.nightduty) });
    clock.set(MONDAY_10);
    const [dayUrgent] = await batch([complaint('充电器冒烟起火')]);
    expect(dayUrgent?.complaint?.assignee).toBe(usr(ids.dayduty));
  });

  it('takes an owner given by hand, reassigns by event, and lists a person’s cases', async () => {
    clock.set(MONDAY_10);
    const [given] = await batch([complaint('水壶质量太差了', { assignee: usr(ids.bo) })]);
    expect(given?.complaint?.assignee).toBe(usr(ids.bo));
    const id = given?.complaint?.id;
    const moved = await s.api.request(`/v1/complaints/${id}/events`, {
      method: 'POST',
      token: s.api.tokens.supervisor,
      json: { type: 'assigned', assignee: usr(ids.an), note: 'Bo is on leave' },
    });
    expect(moved.status).toBe(200);
    expect(((await moved.json()) as Complaint).assignee).toBe(usr(ids.an));
    const mine = (await (
      await s.api.request(`/v1/complaints?assignee=${usr(ids.an)}`, { token: s.api.tokens.agent })
    ).json()) as { items: Complaint[] };
    expect(mine.items.map((c) => c.id)).toEqual([id]);
  });

  it('refuses an unknown team or owner, naming the field, and takes nothing in', async () => {
    const answers = await batch([
      complaint('水壶质量太差了', { team: 'nowhere' }),
      complaint('水壶质量太差了', { assignee: 'usr_999999' }),
      complaint('水壶质量太差了', { assignee: 'someone' }),
    ]);
    expect(answers.map((a) => a.errors?.map((e) => e.field))).toEqual([['team'], ['assignee'], ['assignee']]);
    const { count } = (await sql<{ count: string }>`select count(*) from complaints`.execute(s.database.db))
      .rows[0]!;
    expect(Number(count)).toBe(0);
    const res = await s.api.request('/v1/complaints', {
      method: 'POST',
      token: s.api.tokens.ingest,
      json: complaint('水壶质量太差了'),
    });
    const { id } = (await res.json()) as Complaint;
    const bad = await s.api.request(`/v1/complaints/${id}/events`, {
      method: 'POST',
      token: s.api.tokens.supervisor,
      json: { type: 'assigned', assignee: 'usr_999999' },
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ errors: [{ field: 'assignee' }] });
  });
});

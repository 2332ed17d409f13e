import { createApiToken } from '@aftercare/auth';
import { testDatabaseKind } from '@aftercare/db/testing';
import { ManualClock } from '@aftercare/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SchedulerApi, startSchedulerApi } from './support/scheduler-api.js';

// Monday 2026-03-02 10:00 in Shanghai (02:00 UTC): inside the morning shift.
const clock = new ManualClock('2026-03-02T02:00:00Z');
const shanghaiWeekdays = {
  timeZone: 'Asia/Shanghai',
  weekly: Object.fromEntries(
    ['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => [
      day,
      [
        { start: '09:00', end: '12:00' },
        { start: '13:30', end: '18:00' },
      ],
    ]),
  ),
  useChineseHolidays: true,
};

describe(`teams and staff on ${testDatabaseKind()}`, () => {
  let s: SchedulerApi;
  const post = (path: string, json: unknown, token = s.api.tokens.supervisor) =>
    s.api.request(path, { method: 'POST', token, json });
  const get = async (path: string, token = s.api.tokens.supervisor) =>
    (await s.api.request(path, { token })).json() as Promise<
      Record<string, unknown> & { items: Record<string, unknown>[] }
    >;

  beforeAll(async () => {
    s = await startSchedulerApi(clock);
  });
  afterAll(async () => s?.database.dispose());

  it('ships the teams complaints are routed to, so a fresh install takes complaints at once', async () => {
    const teams = await get('/v1/teams', s.api.tokens.agent);
    expect(teams.items.map((team) => team.key)).toEqual(
      expect.arrayContaining(['general', 'logistics', 'quality', 'service']),
    );
    expect(teams.items.find((team) => team.key === 'general')).toMatchObject({
      calendar: null,
      supervisorId: null,
    });
  });

  it('adds staff with shifts, says who is on duty, and gives a team its calendar and supervisor', async () => {
    const supervisor = await post('/v1/staff', {
      email: 'wang.fang@shop.test',
      name: 'Wang Fang',
      role: 'supervisor',
      position: 'supervisor',
      team: 'quality',
      phone: '+8613800000001',
      workingHours: shanghaiWeekdays,
    });
    expect(supervisor.status).toBe(200);
    const person = (await supervisor.json()) as { id: string; onDuty: boolean; phone: string };
    expect(person).toMatchObject({ onDuty: true, phone: '+8613800000001' });

    const night = await post('/v1/staff', {
      email: 'night.owl@shop.test',
      name: 'Night Owl',
      role: 'agent',
      position: 'agent',
      team: 'quality',
      workingHours: { timeZone: 'Asia/Shanghai', weekly: { mon: [{ start: '20:00', end: '24:00' }] } },
    });
    expect(await night.json()).toMatchObject({ onDuty: false });

    const team = await post('/v1/teams', {
      key: 'quality',
      name: 'Product quality',
      calendar: shanghaiWeekdays,
      supervisorId: person.id,
    });
    expect(team.status).toBe(200);
    expect(await team.json()).toMatchObject({ key: 'quality', supervisorId: person.id, staffCount: 2 });

    const page = await get('/v1/staff?team=quality&position=agent');
    expect(page.items.map((item) => item.email)).toEqual(['night.owl@shop.test']);
  });

  it('updates a person by e-mail instead of adding a second one', async () => {
    const body = {
      email: 'chen.jie@shop.test',
      name: 'Chen Jie',
      role: 'agent',
      position: 'agent',
      team: 'logistics',
    };
    const first = (await (await post('/v1/staff', body)).json()) as { id: string };
    const again = (await (await post('/v1/staff', { ...body, team: 'service' })).json()) as { id: string };
    expect(again).toMatchObject({ id: first.id, team: 'service' });
    const disabled = (await (await post('/v1/staff', { ...body, active: false })).json()) as {
      active: boolean;
    };
    expect(disabled.active).toBe(false);
  });

  it("ends a person's tokens when their role changes or they are disabled, for good", async () => {
    const body = {
      email: 'fan.bing@shop.test',
      name: 'Fan Bing',
      role: 'agent',
      position: 'agent',
      team: 'service',
    };
    const person = (await (await post('/v1/staff', body)).json()) as { id: string };
    const userId = Number(person.id.slice('usr_'.length));
    const tokenFor = async (role: 'agent' | 'supervisor') =>
      (await createApiToken(s.api.ctx, { name: 'Fan Bing', role, createdBy: 'test', userId })).token;
    const teams = (token: string) => s.api.request('/v1/teams', { token });

    const asAgent = await tokenFor('agent');
    expect((await teams(asAgent)).status).toBe(200);
    await post('/v1/staff', { ...body, role: 'supervisor', position: 'supervisor' });
    expect((await teams(asAgent)).status, 'the old role’s token').toBe(401);

    const asSupervisor = await tokenFor('supervisor');
    expect((await teams(asSupervisor)).status).toBe(200);
    await post('/v1/staff', { ...body, role: 'supervisor', position: 'supervisor', active: false });
    await post('/v1/staff', { ...body, role: 'supervisor', position: 'supervisor' });
    const still = (await (
      await get('/v1/staff?team=service&limit=100')
    ).items.find((p) => p.id === person.id)) as {
      active: boolean;
    };
    expect(still.active, 're-posting a roster does not bring a disabled person back').toBe(false);
    await post('/v1/staff', { ...body, role: 'supervisor', position: 'supervisor', active: true });
    expect((await teams(asSupervisor)).status, 'enabling again does not revive old tokens').toBe(401);
  });

  it('lets no supervisor make an admin, and names the field of bad input without changing anything', async () => {
    const admin = await post('/v1/staff', {
      email: 'sneaky@shop.test',
      name: 'Sneaky',
      role: 'admin',
      position: 'head_of_care',
    });
    expect(admin.status).toBe(403);
    const byAdmin = await post(
      '/v1/staff',
      { email: 'head@shop.test', name: 'Head of Care', role: 'admin', position: 'head_of_care' },
      s.api.tokens.admin,
    );
    expect(byAdmin.status).toBe(200);

    const cases: [unknown, string][] = [
      [{ email: 'x@shop.test', name: 'X', role: 'agent', position: 'agent' }, 'team'],
      [{ email: 'x@shop.test', name: 'X', role: 'agent', position: 'agent', team: 'nowhere' }, 'team'],
      [
        { email: 'x@shop.test', name: 'X', role: 'agent', position: 'agent', team: 'quality', phone: '12' },
        'phone',
      ],
      [
        {
          email: 'x@shop.test',
          name: 'X',
          role: 'agent',
          position: 'agent',
          team: 'quality',
          workingHours: { timeZone: 'Mars/Olympus', weekly: { mon: [{ start: '09:00', end: '17:00' }] } },
        },
        'workingHours.timeZone',
      ],
      [{ email: 'not-an-email', name: 'X', role: 'agent', position: 'agent', team: 'quality' }, 'email'],
      [{ email: 'x@shop.test', name: 'X', role: 'ingest', position: 'agent', team: 'quality' }, 'role'],
    ];
    for (const [body, field] of cases) {
      const answer = await post('/v1/staff', body);
      expect(answer.status, field).toBe(400);
      expect(((await answer.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toContain(
        field,
      );
    }
    const badTeams: [unknown, string][] = [
      [{ key: 'Quality Team', name: 'Q' }, 'key'],
      [{ key: 'quality', name: 'Q', supervisorId: 'usr_999999' }, 'supervisorId'],
      [
        {
          key: 'quality',
          name: 'Q',
          calendar: { timeZone: 'Asia/Shanghai', weekly: { mon: [{ start: '12:00', end: '09:00' }] } },
        },
        'calendar.weekly.mon.0.end',
      ],
    ];
    for (const [body, field] of badTeams) {
      const answer = await post('/v1/teams', body);
      expect(answer.status, field).toBe(400);
      expect(((await answer.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toContain(
        field,
      );
    }
    const staff = await get('/v1/staff?limit=100');
    expect(staff.items.map((item) => item.email)).not.toContain('x@shop.test');
    expect(staff.items.map((item) => item.email)).not.toContain('sneaky@shop.test');
    const quality = (await get('/v1/teams')).items.find((team) => team.key === 'quality');
    expect(quality?.name).toBe('Product quality');
  });
});

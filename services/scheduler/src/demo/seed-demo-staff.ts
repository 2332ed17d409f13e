import type { StaffPosition, StoredCalendar } from '@aftercare/db';
import type { DbContext } from '@aftercare/runtime';
import { DEFAULT_ROUTING } from '../complaints/routing.js';
import { putStaff, type StaffInput } from '../staff/staff.js';
import { putTeam } from '../staff/teams.js';

const SHANGHAI = 'Asia/Shanghai';
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
type Shift = { start: string; end: string };
const week = (days: readonly (typeof DAYS)[number][], shifts: Shift[]): StoredCalendar => ({
  timeZone: SHANGHAI,
  weekly: Object.fromEntries(
    DAYS.map((day) => [day, days.includes(day) ? shifts : []]),
  ) as StoredCalendar['weekly'],
  holidays: [],
  workdays: [],
  useChineseHolidays: true,
});
const WEEKDAYS = DAYS.slice(0, 5);
/** Office hours with a lunch break, China's holidays and make-up days. */
const SPLIT_SHIFT = week(WEEKDAYS, [
  { start: '09:00', end: '12:00' },
  { start: '13:30', end: '18:00' },
]);
const EARLY = week(DAYS, [{ start: '08:00', end: '16:00' }]);
const LATE = week(DAYS, [{ start: '14:00', end: '22:00' }]);
const NIGHT = {
  ...week(DAYS, [
    { start: '00:00', end: '08:00' },
    { start: '20:00', end: '24:00' },
  ]),
  useChineseHolidays: false,
};
const DAY_DUTY = { ...week(DAYS, [{ start: '08:00', end: '20:00' }]), useChineseHolidays: false };

const TEAM_NAMES: Record<string, string> = {
  quality: '产品质量组 Product quality',
  logistics: '物流组 Logistics',
  service: '售后服务组 After-sales service',
  general: '综合组 General desk',
};

// Given names for the demo's staff; the team's key makes each e-mail unique.
const PEOPLE: [string, StaffPosition, 'agent' | 'supervisor', StoredCalendar][] = [
  ['supervisor', 'supervisor', 'supervisor', SPLIT_SHIFT],
  ['lead', 'team_lead', 'agent', SPLIT_SHIFT],
  ['early1', 'agent', 'agent', EARLY],
  ['early2', 'agent', 'agent', EARLY],
  ['late1', 'agent', 'agent', LATE],
  ['late2', 'agent', 'agent', LATE],
];

/** The demo's addresses: a person's e-mail is theirs at this (reserved, never delivered) domain. */
export const DEMO_STAFF_DOMAIN = 'demo.aftercare.test';
/** Who the demo's agent and supervisor tokens belong to, so acknowledging works from them. */
export const DEMO_AGENT_EMAIL = `quality.early1@${DEMO_STAFF_DOMAIN}`;
export const DEMO_SUPERVISOR_EMAIL = `quality.supervisor@${DEMO_STAFF_DOMAIN}`;

/**
 * The care teams complaints are routed to, on Shanghai office hours with a lunch break, each with a
 * supervisor, a team lead and agents on early and late shifts; a day and a night duty manager and
 * the head of care above them. Idempotent (people by e-mail, teams by key).
 * @example const { staff } = await seedDemoStaff(ctx);
 */
export async function seedDemoStaff(ctx: DbContext): Promise<{ teams: number; staff: number }> {
  const caller = { actor: 'demo', role: 'admin' as const };
  const put = (staff: Omit<StaffInput, 'active'>) =>
    putStaff(ctx, { staff: { ...staff, active: true }, caller });
  const teams = [...new Set(Object.values(DEFAULT_ROUTING))];
  let staff = 0;
  for (const [index, team] of teams.entries()) {
    let supervisorId: string | null = null;
    for (const [short, position, role, hours] of PEOPLE) {
      const saved = await put({
        email: `${team}.${short}@${DEMO_STAFF_DOMAIN}`,
        name: `${TEAM_NAMES[team]?.split(' ')[0] ?? team} ${short}`,
        role,
        position,
        team,
        phone: `+86138${String(index).padStart(2, '0')}${String(staff).padStart(6, '0')}`,
        workingHours: hours,
      });
      if (position === 'supervisor') supervisorId = saved.id;
      staff++;
    }
    await putTeam(ctx, {
      team: { key: team, name: TEAM_NAMES[team] ?? team, calendar: SPLIT_SHIFT, supervisorId },
      actor: 'demo',
    });
  }
  for (const [short, name, position, hours] of [
    ['duty.day', '值班经理 Day duty manager', 'duty_manager', DAY_DUTY],
    ['duty.night', '值班经理 Night duty manager', 'duty_manager', NIGHT],
    ['head', '客服总监 Head of care', 'head_of_care', SPLIT_SHIFT],
  ] as const) {
    await put({
      email: `${short}@${DEMO_STAFF_DOMAIN}`,
      name,
      role: 'supervisor',
      position,
      team: null,
      phone: `+8613900${String(staff).padStart(6, '0')}`,
      workingHours: hours,
    });
    staff++;
  }
  return { teams: teams.length, staff };
}

import type { AppContext } from '@aftercare/runtime';
import type { BusinessCalendarInput } from '../../src/calendar/index.js';
import { putStaff, type StaffInput } from '../../src/staff/staff.js';
import { putTeam } from '../../src/staff/teams.js';

const SHANGHAI = 'Asia/Shanghai';
const everyDay = (shifts: { start: string; end: string }[]) =>
  Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => [day, shifts]));
const weekdays = (shifts: { start: string; end: string }[]) =>
  Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => [day, shifts]));

/** Monday to Friday 09:00-18:00 in Shanghai. */
export const OFFICE_HOURS: BusinessCalendarInput = {
  timeZone: SHANGHAI,
  weekly: weekdays([{ start: '09:00', end: '18:00' }]),
};
/** Every evening 20:00-24:00 in Shanghai. */
export const EVENINGS: BusinessCalendarInput = {
  timeZone: SHANGHAI,
  weekly: everyDay([{ start: '20:00', end: '24:00' }]),
};

/**
 * The quality team in Shanghai and the people of its escalation chain: supervisor Zhou Min and team
 * lead Sun Li (office hours), agents An and Bo (office hours) and Night (evenings), a day duty manager
 * (08:00-20:00 daily) and a night one (20:00-08:00), and the head of care (office hours). Returns
 * their user ids by short name.
 */
export async function seedCareTeamsWithShifts(ctx: AppContext) {
  const caller = { actor: 'test:seed', role: 'admin' as const };
  const person = async (short: string, input: Omit<StaffInput, 'email' | 'phone' | 'active'>) => {
    const staff = { ...input, email: `${short}@care.test`, phone: null, active: true };
    const saved = await putStaff(ctx, { staff: staff as StaffInput, caller });
    return [short, Number(saved.id.slice('usr_'.length))] as const;
  };
  const cal = (calendar: BusinessCalendarInput) => calendar as StaffInput['workingHours'];
  const ids = Object.fromEntries(
    await Promise.all([
      person('zhou', {
        name: 'Zhou Min',
        role: 'supervisor',
        position: 'supervisor',
        team: 'quality',
        workingHours: cal(OFFICE_HOURS),
      }),
      person('sun', {
        name: 'Sun Li',
        role: 'agent',
        position: 'team_lead',
        team: 'quality',
        workingHours: cal(OFFICE_HOURS),
      }),
      person('an', {
        name: 'An Qi',
        role: 'agent',
        position: 'agent',
        team: 'quality',
        workingHours: cal(OFFICE_HOURS),
      }),
      person('bo', {
        name: 'Bo Wen',
        role: 'agent',
        position: 'agent',
        team: 'quality',
        workingHours: cal(OFFICE_HOURS),
      }),
      person('night', {
        name: 'Ye Ming',
        role: 'agent',
        position: 'agent',
        team: 'quality',
        workingHours: cal(EVENINGS),
      }),
      person('dayduty', {
        name: 'Gao Yang',
        role: 'supervisor',
        position: 'duty_manager',
        team: null,
        workingHours: cal({ timeZone: SHANGHAI, weekly: everyDay([{ start: '08:00', end: '20:00' }]) }),
      }),
      person('nightduty', {
        name: 'Lin Ye',
        role: 'supervisor',
        position: 'duty_manager',
        team: null,
        workingHours: cal({
          timeZone: SHANGHAI,
          weekly: everyDay([
            { start: '00:00', end: '08:00' },
            { start: '20:00', end: '24:00' },
          ]),
        }),
      }),
      person('head', {
        name: 'Ma Hua',
        role: 'supervisor',
        position: 'head_of_care',
        team: null,
        workingHours: cal(OFFICE_HOURS),
      }),
    ]),
  ) as Record<'zhou' | 'sun' | 'an' | 'bo' | 'night' | 'dayduty' | 'nightduty' | 'head', number>;
  await putTeam(ctx, {
    team: { key: 'quality', name: 'Product quality', calendar: null, supervisorId: `usr_${ids.zhou}` },
    actor: 'test:seed',
  });
  return ids;
}

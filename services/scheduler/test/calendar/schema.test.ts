import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { BusinessCalendar } from '../../src/calendar/index.js';
import { businessCalendarSchema } from '../../src/calendar/index.js';

const valid = {
  timeZone: 'Asia/Shanghai',
  weekly: {
    mon: [
      { start: '13:30', end: '18:00' },
      { start: '09:00', end: '12:00' },
    ],
    sat: [{ start: '00:00', end: '24:00' }],
  },
  holidays: ['2026-12-31'],
  workdays: ['2026-12-27'],
  makeUpHours: [{ start: '10:00', end: '14:00' }],
  useChineseHolidays: true,
};

/** The paths and messages of the issues a calendar raises, for readable failures. */
function issuesOf(input: unknown): Array<{ path: string; message: string }> {
  const result = businessCalendarSchema.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

describe('businessCalendarSchema', () => {
  it('accepts a split-shift calendar in any shift order and fills the days left out', () => {
    const calendar = businessCalendarSchema.parse(valid);
    expect(calendar.weekly.tue).toEqual([]);
    expect(calendar.weekly.mon).toHaveLength(2);
    expect(
      businessCalendarSchema.parse({ timeZone: 'UTC', weekly: { fri: [{ start: '09:00', end: '17:00' }] } }),
    ).toMatchObject({ holidays: [], workdays: [] });
  });

  it('produces a BusinessCalendar', () => {
    expectTypeOf<z.output<typeof businessCalendarSchema>>().toExtend<BusinessCalendar>();
  });

  it.each([
    ['an unknown time zone', { timeZone: 'Mars/Olympus_Mons' }, 'timeZone'],
    ['an offset instead of a zone', { timeZone: '+08:00' }, 'timeZone'],
    [
      'a time without a leading zero',
      { weekly: { mon: [{ start: '9:00', end: '12:00' }] } },
      'weekly.mon.0.start',
    ],
    ['a minute past 24:00', { weekly: { mon: [{ start: '09:00', end: '24:01' }] } }, 'weekly.mon.0.end'],
    [
      'a shift that starts at 24:00',
      { weekly: { mon: [{ start: '24:00', end: '24:00' }] } },
      'weekly.mon.0.end',
    ],
    ['an end before the start', { weekly: { tue: [{ start: '18:00', end: '09:00' }] } }, 'weekly.tue.0.end'],
    [
      'overlapping shifts',
      {
        weekly: {
          wed: [
            { start: '09:00', end: '12:30' },
            { start: '12:00', end: '18:00' },
          ],
        },
      },
      'weekly.wed.1.start',
    ],
    ['a misspelt day', { weekly: { Mon: [{ start: '09:00', end: '12:00' }] } }, 'weekly'],
    ['a week without a shift', { weekly: {} }, 'weekly'],
    ['a date that does not exist', { holidays: ['2026-02-30'] }, 'holidays.0'],
    ['a date in another format', { workdays: ['2026-12-27', '27/12/2026'] }, 'workdays.1'],
    ['a day both off and worked', { holidays: ['2026-12-27'], workdays: ['2026-12-27'] }, 'workdays.0'],
    ['empty make-up hours', { makeUpHours: [] }, 'makeUpHours'],
    ['a string for the China switch', { useChineseHolidays: 'yes' }, 'useChineseHolidays'],
  ])('refuses %s and names the field', (_name, change, path) => {
    const issues = issuesOf({ ...valid, ...change });
    expect(
      issues.map((issue) => issue.path),
      JSON.stringify(issues),
    ).toContain(path);
  });
});

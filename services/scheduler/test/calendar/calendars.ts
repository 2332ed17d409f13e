import type { BusinessCalendar, Shift } from '../../src/calendar/index.js';

// Named scenarios shared by the calendar tests. Instants in the tests are UTC; the comments give the
// team's local time.

const splitShift: readonly Shift[] = [
  { start: '09:00', end: '12:00' },
  { start: '13:30', end: '18:00' },
];
const officeDay: readonly Shift[] = [{ start: '09:00', end: '17:00' }];
const none: readonly Shift[] = [];

/** Shanghai care team: 09:00-12:00 and 13:30-18:00 Monday to Friday (7.5 h), China's holidays. */
export const shanghaiSplitShift: BusinessCalendar = {
  timeZone: 'Asia/Shanghai',
  weekly: {
    mon: splitShift,
    tue: splitShift,
    wed: splitShift,
    thu: splitShift,
    fri: splitShift,
    sat: none,
    sun: none,
  },
  holidays: [],
  workdays: [],
  useChineseHolidays: true,
};

/** The same hours without China's calendar: National Day is an ordinary week. */
export const shanghaiWithoutHolidays: BusinessCalendar = { ...shanghaiSplitShift, useChineseHolidays: false };

/** Berlin office: 09:00-17:00 Monday to Friday; Christmas Eve and Day off, Saturday 26th worked 10-14. */
export const berlinOffice: BusinessCalendar = {
  timeZone: 'Europe/Berlin',
  weekly: {
    mon: officeDay,
    tue: officeDay,
    wed: officeDay,
    thu: officeDay,
    fri: officeDay,
    sat: none,
    sun: none,
  },
  holidays: ['2026-12-24', '2026-12-25'],
  workdays: ['2026-12-26'],
  makeUpHours: [{ start: '10:00', end: '14:00' }],
};

const allDay: readonly Shift[] = [{ start: '00:00', end: '24:00' }];

/** Berlin duty desk: around the clock, closed on New Year's Day (so not calendar time). */
export const berlinDutyDesk: BusinessCalendar = {
  timeZone: 'Europe/Berlin',
  weekly: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
  holidays: ['2026-01-01'],
  workdays: [],
};

const earlyHours: readonly Shift[] = [{ start: '00:00', end: '06:00' }];

/** New York night desk: 00:00-06:00 every day, across both DST changes (at 02:00 local). */
export const newYorkNightDesk: BusinessCalendar = {
  timeZone: 'America/New_York',
  weekly: {
    mon: earlyHours,
    tue: earlyHours,
    wed: earlyHours,
    thu: earlyHours,
    fri: earlyHours,
    sat: earlyHours,
    sun: earlyHours,
  },
  holidays: [],
  workdays: [],
};

const lateAndEarly: readonly Shift[] = [
  { start: '00:00', end: '04:00' },
  { start: '20:00', end: '24:00' },
];

/** Berlin evening desk: 20:00 to 04:00 the next morning, written as two shifts a day. */
export const berlinEveningDesk: BusinessCalendar = {
  timeZone: 'Europe/Berlin',
  weekly: {
    mon: lateAndEarly,
    tue: lateAndEarly,
    wed: lateAndEarly,
    thu: lateAndEarly,
    fri: lateAndEarly,
    sat: lateAndEarly,
    sun: lateAndEarly,
  },
  holidays: [],
  workdays: [],
};

export const HOUR = 3_600_000;
export const MINUTE = 60_000;

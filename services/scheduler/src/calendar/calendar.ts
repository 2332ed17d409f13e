/** Days of the week as a calendar's `weekly` keys, Monday first. */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/**
 * One stretch of working hours on a local day, `HH:MM` to `HH:MM` (end `24:00` = midnight after).
 * A shift does not cross midnight: a night shift is `22:00-24:00` plus `00:00-06:00` the next day.
 */
export interface Shift {
  readonly start: string;
  readonly end: string;
}

/**
 * A team's working time. Precedence for a local date: `holidays` (off), then `workdays` (worked),
 * then China's holidays and make-up days when `useChineseHolidays`, then `weekly`.
 */
export interface BusinessCalendar {
  /** IANA zone the hours and dates are read in, e.g. `Asia/Shanghai`. */
  readonly timeZone: string;
  readonly weekly: Readonly<Record<Weekday, readonly Shift[]>>;
  /** Local dates off (`YYYY-MM-DD`), whatever `weekly` says. */
  readonly holidays: readonly string[];
  /** Make-up working days (`YYYY-MM-DD`): worked with `makeUpHours`, or Monday's hours when unset. */
  readonly workdays: readonly string[];
  readonly makeUpHours?: readonly Shift[] | undefined;
  /** Take China's public holidays and make-up days from the `chinese-days` data. */
  readonly useChineseHolidays?: boolean | undefined;
}

const allDay: readonly Shift[] = Object.freeze([Object.freeze({ start: '00:00', end: '24:00' })]);

/**
 * Calendar time: open 24/7 with no holidays, so working time is elapsed time.
 * The default for a policy that names no calendar.
 *
 * @example
 * addWorkingTime(ALWAYS_OPEN, new Date('2026-10-01T00:00:00Z'), 3_600_000); // 2026-10-01T01:00:00Z
 */
export const ALWAYS_OPEN: BusinessCalendar = Object.freeze({
  timeZone: 'UTC',
  weekly: Object.freeze({
    mon: allDay,
    tue: allDay,
    wed: allDay,
    thu: allDay,
    fri: allDay,
    sat: allDay,
    sun: allDay,
  }),
  holidays: Object.freeze([]),
  workdays: Object.freeze([]),
});

import { DateTime, IANAZone } from 'luxon';
import type { BusinessCalendar, Shift, Weekday } from './calendar.js';
import { WEEKDAYS } from './calendar.js';
import { chineseCalendarDays } from './chinese-holidays.js';
import {
  civilDate,
  DAY_MS,
  MINUTES_PER_DAY,
  parseClockTime,
  toDayNumbers,
  weekdayOf,
} from './local-dates.js';
import { businessCalendarSchema } from './schema.js';

/** Minute ranges of one local day, sorted, touching ranges merged: [start0, end0, start1, end1, ...]. */
type MinuteRanges = readonly number[];

/** Working periods of one local day as instants (epoch ms), same layout as MinuteRanges. */
export type Periods = readonly number[];

const NO_PERIODS: Periods = Object.freeze([]);
// Caches are bounded so a caller walking decades, or parsing a new calendar per request, cannot
// grow them without limit; clearing is cheap to recover from (a few Luxon calls per day).
const MAX_DAYS_PER_CALENDAR = 4_000;
const MAX_DAY_STARTS_PER_ZONE = 20_000;
const MAX_CALENDARS_BY_CONTENT = 500;

/** A calendar prepared for arithmetic: validated once, with its local days turned into instants. */
export interface CompiledCalendar {
  /** Working time equals elapsed time (24/7, no days off): callers may use plain arithmetic. */
  readonly alwaysOpen: boolean;
  /** The local day (day number) that contains the instant. */
  dayOf(ms: number): number;
  /** Working periods of a local day, as instants. */
  periodsOn(day: number): Periods;
}

const byObject = new WeakMap<BusinessCalendar, CompiledCalendar>();
const byContent = new Map<string, CompiledCalendar>();
const dayStartsByZone = new Map<string, Map<number, number>>();

/**
 * The prepared form of a calendar, cached by object and by content (a calendar re-read from the
 * database per request still hits). Throws a ZodError when the calendar is invalid.
 *
 * @example
 * const compiled = compileCalendar(calendar);
 * compiled.periodsOn(compiled.dayOf(Date.now()));
 */
export function compileCalendar(calendar: BusinessCalendar): CompiledCalendar {
  const known = byObject.get(calendar);
  if (known) return known;
  const key = JSON.stringify(calendar);
  let compiled = byContent.get(key);
  if (!compiled) {
    compiled = compile(calendar);
    if (byContent.size >= MAX_CALENDARS_BY_CONTENT) byContent.clear();
    byContent.set(key, compiled);
  }
  byObject.set(calendar, compiled);
  return compiled;
}

function compile(input: BusinessCalendar): CompiledCalendar {
  const calendar = businessCalendarSchema.parse(input);
  const zone = IANAZone.create(calendar.timeZone);
  const weekly = new Map<Weekday, MinuteRanges>(
    WEEKDAYS.map((day) => [day, toMinuteRanges(calendar.weekly[day])]),
  );
  const makeUp = calendar.makeUpHours ? toMinuteRanges(calendar.makeUpHours) : (weekly.get('mon') ?? []);
  const holidays = toDayNumbers(calendar.holidays);
  const workdays = toDayNumbers(calendar.workdays);
  const china = calendar.useChineseHolidays ? chineseCalendarDays() : undefined;
  const alwaysOpen =
    !china &&
    holidays.size === 0 &&
    workdays.size === 0 &&
    [...weekly.values()].every(
      (ranges) => ranges.length === 2 && ranges[0] === 0 && ranges[1] === MINUTES_PER_DAY,
    );

  let dayStarts = dayStartsByZone.get(zone.name);
  if (!dayStarts) {
    dayStarts = new Map();
    dayStartsByZone.set(zone.name, dayStarts);
  }
  const starts = dayStarts;
  const periodsByDay = new Map<number, Periods>();

  function hoursOn(day: number): MinuteRanges {
    if (holidays.has(day)) return NO_PERIODS;
    if (workdays.has(day)) return makeUp;
    if (china?.holidays.has(day)) return NO_PERIODS;
    if (china?.makeUpDays.has(day)) return makeUp;
    return weekly.get(weekdayOf(day)) ?? NO_PERIODS;
  }

  /** The first instant of a local day (its midnight, or the first time after a gap at midnight). */
  function dayStart(day: number): number {
    let start = starts.get(day);
    if (start === undefined) {
      start = DateTime.fromObject(civilDate(day), { zone }).toMillis();
      if (starts.size >= MAX_DAY_STARTS_PER_ZONE) starts.clear();
      starts.set(day, start);
    }
    return start;
  }

  /** Local wall time to instant. Luxon moves a time in a spring-forward gap forward by the gap and
   * gives a repeated fall-back time its later (standard-time) offset. */
  function instantAt(day: number, minutes: number): number {
    if (minutes === 0) return dayStart(day);
    if (minutes === MINUTES_PER_DAY) return dayStart(day + 1);
    const hour = Math.floor(minutes / 60);
    return DateTime.fromObject({ ...civilDate(day), hour, minute: minutes - hour * 60 }, { zone }).toMillis();
  }

  function computePeriods(day: number): Periods {
    const ranges = hoursOn(day);
    if (ranges.length === 0) return NO_PERIODS;
    const periods: number[] = [];
    for (let i = 0; i < ranges.length; i += 2) {
      const start = instantAt(day, ranges[i]);
      const end = instantAt(day, ranges[i + 1]);
      // A shift inside a spring-forward gap has no instants; one touching its neighbour merges.
      if (end <= start) continue;
      const last = periods.length - 1;
      if (last > 0 && periods[last] >= start) periods[last] = Math.max(periods[last], end);
      else periods.push(start, end);
    }
    return periods;
  }

  return {
    alwaysOpen,
    dayOf(ms) {
      // Local dates are within a day of UTC's (offsets stay under 24 h), so the UTC date number is at
      // most one off; Luxon-computed day starts decide which way.
      const day = Math.floor(ms / DAY_MS);
      if (ms < dayStart(day)) return day - 1;
      if (ms >= dayStart(day + 1)) return day + 1;
      return day;
    },
    periodsOn(day) {
      let periods = periodsByDay.get(day);
      if (!periods) {
        periods = computePeriods(day);
        if (periodsByDay.size >= MAX_DAYS_PER_CALENDAR) periodsByDay.clear();
        periodsByDay.set(day, periods);
      }
      return periods;
    },
  };
}

function toMinuteRanges(shifts: readonly Shift[]): MinuteRanges {
  const sorted = shifts
    .map((shift) => [parseClockTime(shift.start) ?? 0, parseClockTime(shift.end) ?? 0] as const)
    .sort((a, b) => a[0] - b[0]);
  const ranges: number[] = [];
  for (const [start, end] of sorted) {
    const last = ranges.length - 1;
    if (last > 0 && ranges[last] >= start) ranges[last] = Math.max(ranges[last], end);
    else ranges.push(start, end);
  }
  return ranges;
}

import chineseDays from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { BusinessCalendar } from '../../src/calendar/index.js';
import { addWorkingTime, isWorkingTime, nextOpening, workingTimeBetween } from '../../src/calendar/index.js';
import {
  berlinDutyDesk,
  berlinEveningDesk,
  berlinOffice,
  MINUTE,
  newYorkNightDesk,
  shanghaiSplitShift,
} from './calendars.js';

// An independent, slow reference: read each minute's local wall time with Luxon and ask whether the
// calendar's rules put it in a shift. The library walks whole periods; both must agree.
const china: { holidays: Record<string, string>; workdays: Record<string, string> } = chineseDays;
const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

function toMinutes(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

function isOpenMinute(calendar: BusinessCalendar, ms: number): boolean {
  const local = DateTime.fromMillis(ms, { zone: calendar.timeZone });
  const date = local.toISODate() ?? '';
  const makeUp = calendar.makeUpHours ?? calendar.weekly.mon;
  let shifts = calendar.weekly[weekdays[local.weekday - 1] ?? 'mon'];
  if (calendar.holidays.includes(date)) shifts = [];
  else if (calendar.workdays.includes(date)) shifts = makeUp;
  else if (calendar.useChineseHolidays && date in china.holidays) shifts = [];
  else if (calendar.useChineseHolidays && date in china.workdays) shifts = makeUp;
  const minute = local.hour * 60 + local.minute;
  return shifts.some((shift) => toMinutes(shift.start) <= minute && minute < toMinutes(shift.end));
}

/** The due time by counting open minutes one at a time. */
function walkMinutes(calendar: BusinessCalendar, start: number, minutes: number): number {
  let at = start;
  while (!isOpenMinute(calendar, at)) at += MINUTE;
  for (let left = minutes; left > 0; at += MINUTE) {
    if (isOpenMinute(calendar, at)) left--;
    if (left === 0) return at + MINUTE;
  }
  return at;
}

/** Deterministic so a failure can be replayed (mulberry32). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

// Windows around the hard parts: DST changes, National Day, Spring Festival, Christmas, New Year.
const windows = [
  '2026-03-06T00:00:00Z',
  '2026-03-26T00:00:00Z',
  '2026-10-22T00:00:00Z',
  '2026-10-30T00:00:00Z',
  '2026-09-28T00:00:00Z',
  '2026-02-12T00:00:00Z',
  '2026-12-22T00:00:00Z',
  '2025-12-30T00:00:00Z',
].map((iso) => Date.parse(iso));

const calendars: Record<string, BusinessCalendar> = {
  shanghaiSplitShift,
  berlinOffice,
  berlinDutyDesk,
  berlinEveningDesk,
  newYorkNightDesk,
};

describe('the period walk agrees with a minute-by-minute walk', () => {
  it.each(Object.entries(calendars))('%s', (_name, calendar) => {
    const next = random(20_261_001);
    for (let i = 0; i < 16; i++) {
      const window = windows[Math.floor(next() * windows.length)] ?? 0;
      const start = window + Math.floor(next() * 4 * 24 * 60) * MINUTE;
      const minutes = next() < 0.2 ? 0 : Math.floor(next() * 16 * 60);
      const expected = walkMinutes(calendar, start, minutes);
      const got = addWorkingTime(calendar, new Date(start), minutes * MINUTE).getTime();
      const label = `${new Date(start).toISOString()} + ${minutes} min`;
      expect(new Date(got).toISOString(), label).toBe(new Date(expected).toISOString());
      expect(workingTimeBetween(calendar, new Date(start), new Date(got)), label).toBe(minutes * MINUTE);
      expect(isWorkingTime(calendar, new Date(start)), label).toBe(isOpenMinute(calendar, start));
      expect(nextOpening(calendar, new Date(start)).getTime(), label).toBe(walkMinutes(calendar, start, 0));
    }
  });
});

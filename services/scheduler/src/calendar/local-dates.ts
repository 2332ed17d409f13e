import type { Weekday } from './calendar.js';
import { WEEKDAYS } from './calendar.js';

/** Length of a calendar day as a number line, not of a local day (those can be 23 or 25 hours). */
export const DAY_MS = 86_400_000;
export const MINUTES_PER_DAY = 1_440;

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;
const clockTime = /^(?:([01]\d|2[0-3]):([0-5]\d)|(24):(00))$/;

/**
 * A local date as a day number (days since 1970-01-01 in the proleptic Gregorian calendar), or
 * undefined when the text is not a real date. Day numbers are labels: they carry no zone.
 */
export function parseLocalDate(text: string): number | undefined {
  const match = isoDate.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  // Date.UTC rolls 2026-02-30 over to March; a real date survives the round trip.
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) {
    return undefined;
  }
  return ms / DAY_MS;
}

/** Day numbers of `YYYY-MM-DD` dates; text that is not a date is skipped (schemas refuse it first). */
export function toDayNumbers(dates: readonly string[]): ReadonlySet<number> {
  const days = new Set<number>();
  for (const date of dates) {
    const day = parseLocalDate(date);
    if (day !== undefined) days.add(day);
  }
  return days;
}

/** Year, month (1-12) and day of a day number, for handing to Luxon. */
export function civilDate(dayNumber: number): { year: number; month: number; day: number } {
  const date = new Date(dayNumber * DAY_MS);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

export function weekdayOf(dayNumber: number): Weekday {
  // Day 0 (1970-01-01) was a Thursday, index 3 of the Monday-first list.
  return WEEKDAYS[(((dayNumber + 3) % 7) + 7) % 7];
}

/** Minutes after local midnight of an `HH:MM` time (`24:00` is 1440), or undefined. */
export function parseClockTime(text: string): number | undefined {
  const match = clockTime.exec(text);
  if (!match) return undefined;
  return match[3] ? MINUTES_PER_DAY : Number(match[1]) * 60 + Number(match[2]);
}

/** The epoch ms of a date, refusing an invalid one (which would otherwise loop on NaN). */
export function epochMs(date: Date, name: string): number {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`${name} is not a valid date`);
  return ms;
}

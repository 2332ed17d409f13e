import type { BusinessCalendar } from './calendar.js';
import { epochMs } from './local-dates.js';
import { compileCalendar } from './working-periods.js';

/**
 * Working ms between two instants: what a paused clock has used up (remaining = target − this).
 * Negative when `to` is before `from`.
 *
 * @example
 * // Paused at 17:00 after starting at 10:00 on a 9-18 day: 7 h used, 1 h left for tomorrow.
 * const used = workingTimeBetween(calendar, startedAt, pausedAt); // 25_200_000
 * const due = addWorkingTime(calendar, resumedAt, targetMs - used);
 */
export function workingTimeBetween(calendar: BusinessCalendar, from: Date, to: Date): number {
  const start = epochMs(from, 'from');
  const end = epochMs(to, 'to');
  if (end < start) return -workingTimeBetween(calendar, to, from);
  const compiled = compileCalendar(calendar);
  if (compiled.alwaysOpen) return end - start;

  let total = 0;
  const lastDay = compiled.dayOf(end);
  for (let day = compiled.dayOf(start); day <= lastDay; day++) {
    const periods = compiled.periodsOn(day);
    for (let i = 0; i < periods.length; i += 2) {
      const overlap = Math.min(periods[i + 1], end) - Math.max(periods[i], start);
      if (overlap > 0) total += overlap;
    }
  }
  return total;
}

/**
 * Whether `at` falls in working hours (a period includes its opening, not its closing instant).
 *
 * @example
 * isWorkingTime(shanghai, new Date('2026-03-02T04:30:00Z')); // false: 12:30 local is lunch
 */
export function isWorkingTime(calendar: BusinessCalendar, at: Date): boolean {
  const ms = epochMs(at, 'at');
  const compiled = compileCalendar(calendar);
  if (compiled.alwaysOpen) return true;
  const periods = compiled.periodsOn(compiled.dayOf(ms));
  for (let i = 0; i < periods.length; i += 2) {
    if (periods[i] <= ms && ms < periods[i + 1]) return true;
  }
  return false;
}

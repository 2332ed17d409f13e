import type { BusinessCalendar } from './calendar.js';
import { epochMs } from './local-dates.js';
import { compileCalendar } from './working-periods.js';

// Schemas cap holidays at 2,000 dates, so ten years without one working minute means a calendar
// that cannot be satisfied (every shift inside a DST gap, say), not a long holiday.
const MAX_IDLE_DAYS = 3_660;

/**
 * The instant at which `durationMs` of working time after `start` has elapsed. A start outside
 * working hours begins counting at the next opening; a target that uses up a period exactly ends at
 * its closing (17:00 + 1 h on a 9-18 day is 18:00, not 09:00 the next day). A zero duration gives
 * `nextOpening(calendar, start)`. Throws a ZodError for an invalid calendar, a RangeError for an
 * invalid date or a negative duration.
 *
 * @example
 * // Split shift 09:00-12:00 / 13:30-18:00 in Shanghai: 11:00 + 2 h of work ends at 14:30 (lunch skipped).
 * addWorkingTime(shanghai, new Date('2026-03-02T03:00:00Z'), 2 * 3_600_000); // 2026-03-02T06:30:00Z
 */
export function addWorkingTime(calendar: BusinessCalendar, start: Date, durationMs: number): Date {
  const from = epochMs(start, 'start');
  if (!Number.isFinite(durationMs) || durationMs < 0) {
    throw new RangeError(`duration must be a finite number of ms >= 0, got ${durationMs}`);
  }
  const compiled = compileCalendar(calendar);
  if (compiled.alwaysOpen) return new Date(from + durationMs);

  let remaining = durationMs;
  let day = compiled.dayOf(from);
  for (let idle = 0; idle <= MAX_IDLE_DAYS; day++) {
    const periods = compiled.periodsOn(day);
    idle = periods.length === 0 ? idle + 1 : 0;
    for (let i = 0; i < periods.length; i += 2) {
      const close = periods[i + 1];
      if (close <= from) continue;
      const open = Math.max(periods[i], from);
      // open < close here, so a zero remainder lands on the opening itself.
      if (remaining <= close - open) return new Date(open + remaining);
      remaining -= close - open;
    }
  }
  throw new RangeError(
    `the calendar has no working time for ${MAX_IDLE_DAYS} days after ${start.toISOString()}`,
  );
}

/**
 * `at` itself when it falls in working hours, else the start of the next working period: when a
 * reminder outside a person's hours should go out instead.
 *
 * @example
 * // Saturday 2026-10-10 is a Chinese make-up working day; Friday evening waits for it, not Monday.
 * nextOpening(shanghai, new Date('2026-10-09T12:00:00Z')); // 2026-10-10T01:00:00Z (09:00 local)
 */
export function nextOpening(calendar: BusinessCalendar, at: Date): Date {
  return addWorkingTime(calendar, at, 0);
}

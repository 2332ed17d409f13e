import { IANAZone } from 'luxon';
import { z } from 'zod';
import type { BusinessCalendar } from './calendar.js';
import { parseClockTime, parseLocalDate } from './local-dates.js';

// Bounds for a calendar that arrives over the API: generous for real teams, small enough that one
// calendar cannot make every due-time computation slow.
const MAX_SHIFTS_PER_DAY = 12;
const MAX_DATES = 2_000;

const clockTime = z
  .string({ error: 'expected a time as HH:MM' })
  .refine((value) => parseClockTime(value) !== undefined, 'expected a time as HH:MM, 00:00 to 24:00');

const shift = z.strictObject({ start: clockTime, end: clockTime }).superRefine((value, ctx) => {
  const start = parseClockTime(value.start);
  const end = parseClockTime(value.end);
  if (start !== undefined && end !== undefined && end <= start) {
    ctx.addIssue({ code: 'custom', path: ['end'], message: `must be after the start (${value.start})` });
  }
});

const shifts = z
  .array(shift)
  .max(MAX_SHIFTS_PER_DAY)
  .superRefine((list, ctx) => {
    // Shifts may come in any order; compare each with the one that starts just before it.
    const order = list
      .map((item, index) => ({ index, start: parseClockTime(item.start), end: parseClockTime(item.end) }))
      .filter((item) => item.start !== undefined && item.end !== undefined)
      .sort((a, b) => (a.start ?? 0) - (b.start ?? 0));
    for (let i = 1; i < order.length; i++) {
      const previous = order[i - 1];
      const current = order[i];
      if (previous && current && (current.start ?? 0) < (previous.end ?? 0)) {
        ctx.addIssue({
          code: 'custom',
          path: [current.index, 'start'],
          message: `overlaps the shift ${list[previous.index]?.start}-${list[previous.index]?.end}`,
        });
      }
    }
  });

const localDate = z
  .string({ error: 'expected a date as YYYY-MM-DD' })
  .refine((value) => parseLocalDate(value) !== undefined, 'expected a real date as YYYY-MM-DD');

const timeZone = z
  .string({ error: 'expected an IANA time zone' })
  .refine((value) => IANAZone.isValidZone(value), 'not an IANA time zone such as Asia/Shanghai');

const day = shifts.default([]);

/**
 * Validates a business calendar from outside (API, configuration). Days left out of `weekly` and
 * missing date lists default to empty; unknown keys are refused so a typo (`Mon`) is not silently off.
 *
 * @example
 * const calendar = businessCalendarSchema.parse({
 *   timeZone: 'Asia/Shanghai',
 *   weekly: { mon: [{ start: '09:00', end: '12:00' }, { start: '13:30', end: '18:00' }] },
 *   useChineseHolidays: true,
 * });
 */
export const businessCalendarSchema = z
  .strictObject({
    timeZone,
    weekly: z.strictObject({ mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day }),
    holidays: z.array(localDate).max(MAX_DATES).default([]),
    workdays: z.array(localDate).max(MAX_DATES).default([]),
    makeUpHours: shifts.min(1, 'a make-up day needs at least one shift').optional(),
    useChineseHolidays: z.boolean().optional(),
  })
  .superRefine((calendar, ctx) => {
    if (Object.values(calendar.weekly).every((list) => list.length === 0)) {
      ctx.addIssue({
        code: 'custom',
        path: ['weekly'],
        message: 'a calendar needs at least one shift a week',
      });
    }
    const off = new Set(calendar.holidays);
    calendar.workdays.forEach((date, index) => {
      if (off.has(date)) {
        ctx.addIssue({
          code: 'custom',
          path: ['workdays', index],
          message: `${date} is also listed as a holiday`,
        });
      }
    });
  }) satisfies z.ZodType<BusinessCalendar>;

/** What the API accepts, before defaults are filled. */
export type BusinessCalendarInput = z.input<typeof businessCalendarSchema>;

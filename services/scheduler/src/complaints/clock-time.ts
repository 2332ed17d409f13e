import type { StoredCalendar } from '@aftercare/db';
import { ALWAYS_OPEN, addWorkingTime, type BusinessCalendar, workingTimeBetween } from '../calendar/index.js';

/**
 * The time a complaint's clocks count: its policy's choice of the team's business hours (`team`) or
 * calendar time (`always`). A team without a calendar counts calendar time.
 */
export function clockCalendar(
  policyCalendar: 'always' | 'team',
  team: StoredCalendar | null,
): BusinessCalendar {
  return policyCalendar === 'team' && team ? team : ALWAYS_OPEN;
}

/** When `ms` of counted time has passed after `from`. */
export function dueAfter(calendar: BusinessCalendar, from: Date, ms: number): Date {
  return addWorkingTime(calendar, from, Math.max(0, ms));
}

/** Counted time left between `at` and a clock's due time; 0 once it is due. */
export function timeLeft(calendar: BusinessCalendar, at: Date, dueAt: Date): number {
  return dueAt > at ? workingTimeBetween(calendar, at, dueAt) : 0;
}

/**
 * When a clock due at `dueAt` should warn: `leadMs` of counted time before it runs out, so a clock
 * on business hours never warns in a lunch break or the night before, with its lead already gone.
 * Undefined when less than the lead is left at `now` (the breach is what matters then).
 */
export function warningTime(
  calendar: BusinessCalendar,
  dueAt: Date,
  leadMs: number,
  now: Date,
): Date | undefined {
  const left = timeLeft(calendar, now, dueAt);
  return left > leadMs ? dueAfter(calendar, now, left - leadMs) : undefined;
}

/**
 * The due time of a running clock given a new target from `at` on: the time it had left grows or
 * shrinks by the change of target (a complex case, a regrade), pauses it went through kept.
 */
export function retargetedDue(
  calendar: BusinessCalendar,
  at: Date,
  clock: { due_at: Date; target_ms: number },
  targetMs: number,
): Date {
  return dueAfter(calendar, at, timeLeft(calendar, at, clock.due_at) + targetMs - clock.target_ms);
}

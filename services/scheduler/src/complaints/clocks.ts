import type { ClockKind, SlaTargets } from '@aftercare/db';
import { ALWAYS_OPEN, addWorkingTime, type BusinessCalendar } from '../calendar/index.js';

export interface PlannedClock {
  kind: ClockKind;
  state: 'running' | 'breached';
  startedAt: Date;
  dueAt: Date;
  targetMs: number;
}

const MINUTE = 60_000;

/**
 * The clocks a complaint starts with: first contact and solution, due by the policy's targets on
 * its calendar. A backfilled complaint whose target has already passed is breached at once.
 * @example planOpeningClocks(policy.targets, openedAt, now) // [{ kind: 'first_contact', dueAt, ... }, ...]
 */
export function planOpeningClocks(
  targets: SlaTargets,
  openedAt: Date,
  now: Date,
  calendar: BusinessCalendar = ALWAYS_OPEN,
): PlannedClock[] {
  const plan = (kind: ClockKind, minutes: number): PlannedClock => {
    const dueAt = addWorkingTime(calendar, openedAt, minutes * MINUTE);
    return {
      kind,
      state: dueAt <= now ? 'breached' : 'running',
      startedAt: openedAt,
      dueAt,
      targetMs: minutes * MINUTE,
    };
  };
  return [plan('first_contact', targets.first_contact), plan('solution', targets.solution)];
}

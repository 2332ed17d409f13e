import type { StaffPosition } from '@aftercare/db';

export type EscalationRung = Exclude<StaffPosition, 'agent'>;

/**
 * The rungs a breached clock climbs, numbered from 1: the team's supervisor, its team lead, the duty
 * manager, the head of care. An escalation's step is the number of the rung it reached.
 */
export const ESCALATION_RUNGS: readonly EscalationRung[] = [
  'supervisor',
  'team_lead',
  'duty_manager',
  'head_of_care',
];

/** The rung a case's escalation starts at: a level 1 case goes straight to the duty manager (DOMAIN.md). */
export function firstRung(level: 1 | 2 | 3): number {
  return level === 1 ? 3 : 1;
}

/**
 * The rung a step stands for now: its own, or the level's first when that is higher (a case
 * regraded to level 1 mid-climb goes to the duty manager next, not to the team lead). Never down.
 */
export function rungFor(level: 1 | 2 | 3, step: number): number {
  return Math.max(step, firstRung(level));
}

export function rungName(rung: number): EscalationRung | undefined {
  return ESCALATION_RUNGS[rung - 1];
}

/**
 * Minutes before rung `rung` is reached, by ESCALATION_AFTER_MINUTES (the minutes after a breach at
 * which each rung is reached): from the breach to the case's first rung, the list's first entry;
 * from one rung to the next, the gap between their entries. Undefined past the end of the chain or
 * of the list. Counted from when the previous rung heard of it, so a deferred reminder, a case that
 * arrives overdue or a worker back from an outage climbs at the set pace, not all rungs at once.
 */
export function escalationDelayMinutes(
  { level, rung }: { level: 1 | 2 | 3; rung: number },
  afterMinutes: readonly number[],
): number | undefined {
  const minutes = afterMinutes[rung - 1];
  if (rung > ESCALATION_RUNGS.length || minutes === undefined) return undefined;
  if (rung === firstRung(level)) return afterMinutes[0] ?? 0;
  return minutes - (afterMinutes[rung - 2] ?? 0);
}

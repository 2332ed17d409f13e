import type { StaffPosition } from '@aftercare/db';

export type EscalationRung = Exclude<StaffPosition, 'agent'>;

const FULL_CHAIN: readonly EscalationRung[] = ['supervisor', 'team_lead', 'duty_manager', 'head_of_care'];

/**
 * The rungs a breached clock climbs, in order: the team's supervisor, its team lead, the duty
 * manager, the head of care. A level 1 case starts at the duty manager (DOMAIN.md: it goes straight
 * there). Step N of a clock's escalation is rung N of its chain.
 */
export function escalationChain(level: 1 | 2 | 3): readonly EscalationRung[] {
  return level === 1 ? FULL_CHAIN.slice(2) : FULL_CHAIN;
}

/**
 * Minutes from one step of a clock's escalation to the next (from the breach for step 1), by the
 * configured minutes after the breach (ESCALATION_AFTER_MINUTES); undefined past the end of the chain
 * or of the list. Counted from when the previous step was recorded, so a case that arrives long
 * overdue (a backfill) or a worker that was down climbs at the set pace, not all rungs at once.
 */
export function escalationDelayMinutes(
  { level, step }: { level: 1 | 2 | 3; step: number },
  afterMinutes: readonly number[],
): number | undefined {
  const minutes = afterMinutes[step - 1];
  if (step > escalationChain(level).length || minutes === undefined) return undefined;
  return minutes - (afterMinutes[step - 2] ?? 0);
}
